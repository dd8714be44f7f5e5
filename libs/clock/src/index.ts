export * from './clocks';
export * from './clock.module';
export * from './periodic-job';
export * from './sql-clock-store';
export { CLOCK_MIGRATIONS } from './migrations';
