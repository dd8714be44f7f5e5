export { startEsdbDouble, type EsdbDouble, type EsdbDoubleOptions } from './server';
export { EsdbDoubleLog, type EsdbDoubleLogOptions, type StoredEvent } from './log';
