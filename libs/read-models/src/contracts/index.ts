export * from './view';
export * from './fold';
export * from './tables';
export * from './cursor';
export * from './projection';
export * from './queries';
export * from './nest';
