import type { Migration } from 'kysely';
import { personalDataKeys } from './0003-personal-data-keys';

/** The key store's tables in the shared database (run by the apps through `libs/migrations`). */
export const PERSONAL_DATA_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0003_personal_data_keys': personalDataKeys,
};
