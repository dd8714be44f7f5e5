import { DynamicModule, Global, Module } from '@nestjs/common';
import { join } from 'node:path';
import { CLOCK, SimulatedClock, SystemClock } from './clocks';

export interface ClockConfig {
  readonly clock: 'system' | 'simulated';
  readonly dataDir: string;
}

/** Provides CLOCK: real time, or (CLOCK=simulated) the test clock kept in `DATA_DIR/clock.json`. */
@Global()
@Module({})
export class ClockModule {
  static forRoot(config: ClockConfig): DynamicModule {
    const clock = config.clock === 'simulated' ? new SimulatedClock(join(config.dataDir, 'clock.json')) : new SystemClock();
    return { module: ClockModule, providers: [{ provide: CLOCK, useValue: clock }], exports: [CLOCK] };
  }
}
