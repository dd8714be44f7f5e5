import type { FactoryProvider } from '@nestjs/common';
import type { ReadModelDb } from '../db';
import { READ_MODEL_DB } from '../read-models.module';
import { ContractQueries, type ContractQueriesOptions } from './queries';

/**
 * The Nest provider of ContractQueries over READ_MODEL_DB (ReadModelsModule.forRoot provides it):
 * `providers: [contractQueriesProvider(contractQueriesOptionsFrom(policy))]`, then inject `ContractQueries`.
 */
export function contractQueriesProvider(options: ContractQueriesOptions = {}): FactoryProvider<ContractQueries> {
  return {
    provide: ContractQueries,
    inject: [READ_MODEL_DB],
    useFactory: (db: ReadModelDb) => new ContractQueries(db, options),
  };
}
