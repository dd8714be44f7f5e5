export * from './graphql-api.module';
export * from './errors/api-error';
export * from './errors/format-error';
export * from './errors/validation';
export * from './limits/query-limits';
export * from './pagination/connection';
export * from './scalars/date.scalar';
export * from './scalars/json.scalar';
