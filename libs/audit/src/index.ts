export * from './canonical';
export * from './merkle';
export { type AuditSigningKey, loadAuditSigningKey, loadOrCreateAuditSigningKey } from './keys';
export * from './log';
export * from './export';
export { AUDIT_MIGRATIONS } from './migrations';
