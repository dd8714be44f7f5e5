import type { Migration } from 'kysely';
import { sagaTables } from './0002-saga-tables';

/** The saga runtime's tables in the shared database (run by the apps through `libs/migrations`). */
export const SAGAS_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0002_saga_tables': sagaTables,
};
