/**
 * @pfw/personal-data — crypto-shredding of personal data (docs/personal-data.md): the master key
 * (`DATA_KEY_FILE`), the per-contract data keys in the read-model database (SqlDataKeyStore, the serializer's
 * DataKeyProvider), the outbox's PayloadProtector, and PersonalDataShredder.shredContract(contractId, actor).
 */
export * from './master-key';
export * from './key-store';
export * from './outbox-protector';
export * from './holders';
export * from './shredder';
export * from './personal-data.module';
export { PERSONAL_DATA_MIGRATIONS } from './migrations';
