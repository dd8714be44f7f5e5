export * from './database-migrations';
