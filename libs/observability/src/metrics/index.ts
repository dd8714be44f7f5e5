export * from './registry';
export * from './route-patterns';
export * from './http-metrics';
export * from './command-metrics';
export * from './projection-metrics';
export * from './metrics.controller';
export * from './metrics.module';
