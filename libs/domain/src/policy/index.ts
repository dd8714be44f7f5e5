export * from './domain-policy';
