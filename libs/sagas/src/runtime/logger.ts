/** Minimal structured logger (pino-compatible): the runtime logs ids and errors, never personal data. */
export interface SagaLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const SILENT_LOGGER: SagaLogger = { info() {}, warn() {}, error() {} };

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
