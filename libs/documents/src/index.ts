export * from './document-types';
export * from './document-store';
export * from './legacy-import';
export * from './upload-storage';
export * from './documents.controller';
export * from './documents.module';
export * from './unattached-uploads';
export { DOCUMENTS_MIGRATIONS } from './migrations';
