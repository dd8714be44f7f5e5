export * from './japan-date';
export * from './clock';
