import type { ProjectionLogger } from '@pfw/read-models';

/** A logger that keeps what it was told, so tests can assert on it (and stay quiet). */
export function capturingLogger(): ProjectionLogger & { readonly lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  return {
    lines,
    log: (message) => lines.push({ level: 'log', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
}
