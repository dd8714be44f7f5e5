import type { Migration } from 'kysely';
import { simulatedClock } from './0007-simulated-clock';

/** The simulated clock's table in the shared database (run by the apps through `libs/migrations`). */
export const CLOCK_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0007_simulated_clock': simulatedClock,
};
