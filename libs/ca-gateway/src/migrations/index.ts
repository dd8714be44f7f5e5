import type { Migration } from 'kysely';
import { localCaTables } from './0008-local-ca';

/**
 * The built-in local CA's tables in the shared database (run by the apps through `libs/migrations`). Its key
 * is sealed under a data key of the key store, so the local CA needs `PERSONAL_DATA_MIGRATIONS` too.
 */
export const CA_GATEWAY_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0008_local_ca': localCaTables,
};
