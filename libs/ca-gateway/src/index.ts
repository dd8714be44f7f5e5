export * from './port';
export { LocalCertificateAuthority } from './local-ca/local-ca';
export type { LocalCaOptions, LocalCaCertificate } from './local-ca/local-ca';
export { LocalCaModule, LOCAL_CA } from './local-ca/local-ca.module';
export type { LocalCaModuleAsyncOptions } from './local-ca/local-ca.module';
export { normalizeSerialNumber } from './local-ca/encoding';
export type { CaKeyStore } from './local-ca/ca-material';
export { CA_GATEWAY_MIGRATIONS } from './migrations';
