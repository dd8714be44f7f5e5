export * from './view';
export * from './apply';
export * from './tables';
export * from './cursor';
export * from './projection';
export * from './queries';
export * from './nest';
