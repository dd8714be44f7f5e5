export * from './canonical';
export * from './merkle';
export { type AuditSigningKey, loadOrCreateAuditSigningKey } from './keys';
