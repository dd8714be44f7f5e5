import { Logger as NestLogger } from '@nestjs/common';

/**
 * The one logger interface the libraries log through: pino's shape — the facts as an object, then a fixed
 * message. A pino logger fits as it is. The facts name ids, positions and errors, never personal data.
 */
export interface StructuredLogger {
  info(facts: object, message: string): void;
  warn(facts: object, message: string): void;
  error(facts: object, message: string): void;
}

export const SILENT_LOGGER: StructuredLogger = { info() {}, warn() {}, error() {} };

/** An error as one line for logs and stored failures: `Name: message`, or the value as text. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Logs through Nest's Logger under `context`, so the lines go wherever the application sends Nest's logs
 * (the pino logger in the api, which merges the facts into the JSON line).
 */
export function nestLogger(context: string): StructuredLogger {
  const logger = new NestLogger(context);
  return {
    info: (facts, message) => logger.log({ msg: message, ...facts }),
    warn: (facts, message) => logger.warn({ msg: message, ...facts }),
    error: (facts, message) => logger.error({ msg: message, ...facts }),
  };
}
