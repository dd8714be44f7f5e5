import { Logger } from '@nestjs/common';

/** What the runtime logs through; Nest's Logger fits (and so does nestjs-pino once it is the app logger). */
export interface ProjectionLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, stack?: string): void;
}

export function defaultProjectionLogger(): ProjectionLogger {
  return new Logger('Projections');
}
