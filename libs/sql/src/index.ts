export * from './dialect';
export * from './one-argument-query';
