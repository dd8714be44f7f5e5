import { DynamicModule, Global, Module } from '@nestjs/common';
import { join } from 'node:path';
import { CLOCK, Clock, SimulatedClock, SystemClock } from './clocks';

export interface ClockConfig {
  readonly clock: 'system' | 'simulated';
  readonly dataDir: string;
}

/** Where `CLOCK=simulated` keeps its instant under DATA_DIR (API.md: it survives restarts). */
export const SIMULATED_CLOCK_FILE = 'simulated-clock.json';

/** The clock the configuration names: real time, or the simulated test clock kept under DATA_DIR. */
export function createClock(config: ClockConfig): Clock {
  return config.clock === 'simulated' ? new SimulatedClock(join(config.dataDir, SIMULATED_CLOCK_FILE)) : new SystemClock();
}

/** Provides CLOCK to every module. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(config: ClockConfig): DynamicModule {
    return ClockModule.forClock(createClock(config));
  }

  /** When the app needs the same instance outside Nest too (the local CA's own clock). */
  static forClock(clock: Clock): DynamicModule {
    return { module: ClockModule, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}
