/**
 * @pfw/domain — the pure domain of SECOM Passport for Web: the contract and service deciders, their
 * commands and events, the rules of every article, values, Japan-time dates and configuration defaults.
 * It imports nothing of ours and does no I/O.
 */
export * from './errors';
export * from './result';
export * from './decider';
export * from './actor';
export * from './envelope';
export * from './time';
export * from './values';
export * from './policy';
export * from './contract';
export * from './service';
export * from './upload';
