export {
  AUDIT_EXPORT_FORMAT,
  AUDIT_EXPORT_VERSION,
  AUDIT_LEAF_DEFINITION,
  AUDIT_NODE_DEFINITION,
  AUDIT_TREE_HEAD_SIGNATURE,
  serializeAuditRecord,
  type AuditExportEnd,
  type AuditExportEvent,
  type AuditExportHeader,
  type AuditExportRecord,
  type AuditExportTreeHead,
} from './format';
export {
  countSqliteEvents,
  portStoredEvents,
  sqliteStoredEvents,
  storedEventDocument,
  type StoredEvent,
} from './stored-events';
export { auditLogRecords, type AuditLogRecordsInput } from './records';
export { verifyAuditLog, type AuditMismatch, type AuditVerifyOptions, type AuditVerifyResult } from './verify';
export { openInstallationAuditLog, openLiveAuditLog, type LiveAuditLog, type OpenLiveAuditLogOptions } from './live';
export { AuditExportController, AUDIT_EXPORT_SOURCE, type AuditExportSource } from './audit-export.controller';
