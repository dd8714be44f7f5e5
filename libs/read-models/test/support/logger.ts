import type { StructuredLogger } from '@pfw/logging';

/** A logger that keeps what it was told, so tests can assert on it (and stay quiet). */
export function capturingLogger(): StructuredLogger & { readonly lines: Array<{ level: string; message: string }> } {
  const lines: Array<{ level: string; message: string }> = [];
  return {
    lines,
    info: (_facts, message) => lines.push({ level: 'info', message }),
    warn: (_facts, message) => lines.push({ level: 'warn', message }),
    error: (_facts, message) => lines.push({ level: 'error', message }),
  };
}
