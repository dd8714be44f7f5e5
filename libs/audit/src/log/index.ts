export { AuditKeyMismatchError, AuditLogDatabase, type AuditCheckpointRow, type AuditLeaf, type StoredLeafRow } from './audit-log-database';
export { readLegacyAuditFile, type LegacyAuditFile } from './legacy-audit-file';
export {
  AuditLogService,
  AuditProofError,
  toAuditCheckpoint,
  type AuditCheckpoint,
  type AuditConsistencyProof,
  type AuditInclusionProof,
  type AuditLeafRef,
  type AuditLogServiceOptions,
  type AuditLogStatus,
} from './audit-log.service';
export {
  type AuditScheduler,
  systemAuditScheduler,
} from './scheduler';
export { AUDIT_MODULE_OPTIONS, AuditModule, auditPaths, type AuditModuleOptions } from './audit.module';
