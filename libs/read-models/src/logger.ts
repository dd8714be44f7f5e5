import { nestLogger, type StructuredLogger } from '@pfw/logging';

/** Where projections log unless told otherwise: Nest's Logger (the app's pino logger in the api). */
export function defaultProjectionLogger(): StructuredLogger {
  return nestLogger('Projections');
}
