import type { Migration } from 'kysely';
import { auditLogTables } from './0010-audit-log';

/** The audit log's tables in the shared database (run by the apps through `libs/migrations`). */
export const AUDIT_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0010_audit_log': auditLogTables,
};
