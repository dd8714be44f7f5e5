import { DynamicModule, Global, InjectionToken, Module, OptionalFactoryDependency } from '@nestjs/common';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { CLOCK, Clock, SimulatedClock, SystemClock } from './clocks';
import { importLegacyClockFile, SqlSimulatedClockStore } from './sql-clock-store';

export interface ClockConfig {
  readonly clock: 'system' | 'simulated';
  readonly dataDir: string;
}

/** Where a single host kept the simulated clock's instant before it moved into the read-model database. */
export const SIMULATED_CLOCK_FILE = 'simulated-clock.json';

/**
 * The clock the configuration names: real time, or the simulated test clock kept in the read-model database
 * `db` (one clock for every process sharing it). A single host's earlier clock file is moved in once.
 */
export async function createClock(config: ClockConfig, db: Kysely<any>): Promise<Clock> {
  if (config.clock === 'system') return new SystemClock();
  const store = new SqlSimulatedClockStore(db);
  await importLegacyClockFile(join(config.dataDir, SIMULATED_CLOCK_FILE), store);
  return SimulatedClock.open(store);
}

export interface ClockModuleAsyncOptions {
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...args: never[]) => Clock | Promise<Clock>;
}

/** Provides CLOCK to every module. */
@Global()
@Module({})
export class ClockModule {
  /** A clock made while the application boots (the simulated clock reads its instant from the database). */
  static forRootAsync(options: ClockModuleAsyncOptions): DynamicModule {
    return {
      module: ClockModule,
      providers: [{ provide: CLOCK, useFactory: options.useFactory, inject: options.inject ?? [] }],
      exports: [CLOCK],
    };
  }

  static forClock(clock: Clock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}
