export * from './api';
export * from './csr';
export * from './personas';
export * from './plan';
export * from './random';
export * from './seeder';
