import { Inject, Injectable } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { METRICS_REGISTRY } from './registry';

/** How a command ended: done, refused by a rule or bad input, lost a race, or failed unexpectedly. */
export type CommandOutcome = 'ok' | 'refused' | 'conflict' | 'error';

/** API.md error codes (and the domain's) that mean "refused": the caller must change something. */
const REFUSED_CODES = new Set(['BAD_USER_INPUT', 'RULE_VIOLATION', 'NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED', 'CLOCK_NOT_SIMULATED']);
/** Codes that mean "conflict": the same request may succeed when retried, or a key was reused. */
const CONFLICT_CODES = new Set(['CONCURRENCY_CONFLICT', 'IDEMPOTENCY_CONFLICT']);

/**
 * The outcome an error stands for, read from its `code` (the domain's errors) or `extensions.code` (a
 * GraphQLError from apiError); anything without a known code is `error`.
 */
export function outcomeOf(err: unknown): Exclude<CommandOutcome, 'ok'> {
  if (typeof err !== 'object' || err === null) return 'error';
  const direct = (err as { code?: unknown }).code;
  const extensions = (err as { extensions?: { code?: unknown } }).extensions;
  const code = typeof direct === 'string' ? direct : typeof extensions?.code === 'string' ? extensions.code : null;
  if (code === null) return 'error';
  if (REFUSED_CODES.has(code)) return 'refused';
  if (CONFLICT_CODES.has(code)) return 'conflict';
  return 'error';
}

const COMMAND_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/;

/** `pfw_command_outcomes_total{command,outcome}`: every command (mutation) and how it ended. */
@Injectable()
export class CommandMetrics {
  private readonly outcomes: Counter<'command' | 'outcome'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.outcomes = new Counter({
      name: 'pfw_command_outcomes_total',
      help: 'Commands by name and outcome (ok, refused, conflict, error)',
      labelNames: ['command', 'outcome'],
      registers: [registry],
    });
  }

  commandOutcome(commandName: string, outcome: CommandOutcome): void {
    // Names come from code, but a label must never carry arbitrary text.
    const command = COMMAND_NAME.test(commandName) ? commandName : 'other';
    this.outcomes.inc({ command, outcome });
  }

  /** Runs a command and records its outcome (`ok`, or what its error stands for); the result or error passes through. */
  async measure<T>(commandName: string, run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      this.commandOutcome(commandName, 'ok');
      return result;
    } catch (err) {
      this.commandOutcome(commandName, outcomeOf(err));
      throw err;
    }
  }
}
