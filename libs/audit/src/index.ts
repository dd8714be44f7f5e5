export * from './canonical';
export * from './merkle';
export { type AuditSigningKey, loadOrCreateAuditSigningKey } from './keys';
export * from './log';
export * from './export';
