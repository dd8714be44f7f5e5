export * from './clocks';
export * from './clock.module';
export * from './periodic-job';
