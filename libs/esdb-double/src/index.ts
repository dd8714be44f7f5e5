export { startEsdbDouble, type EsdbDouble, type EsdbDoubleOptions, type EsdbDoubleStats } from './server';
export { EsdbDoubleLog, type EsdbDoubleLogOptions, type StoredEvent } from './log';
export { createEsdbDoubleSecurity, type EsdbDoubleSecurity } from './security';
export { startEsdbCluster, type EsdbCluster, type EsdbClusterOptions } from './start-cluster';
