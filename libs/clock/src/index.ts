export * from './clocks';
export * from './clock.module';
