export { startEsdbDouble, type EsdbDouble, type EsdbDoubleOptions, type EsdbDoubleStats } from './server';
export { EsdbDoubleLog, type EsdbDoubleLogOptions, type StoredEvent } from './log';
