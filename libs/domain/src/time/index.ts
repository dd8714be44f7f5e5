export * from './durations';
export * from './japan-date';
export * from './clock';
export * from './period';
