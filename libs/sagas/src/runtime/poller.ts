import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { CommandMeta } from '@pfw/application';
import type { Clock } from '@pfw/clock';
import { HOUR_MS } from '@pfw/domain';
import { NeedsAttentionError } from '../errors';
import { isSuspensionRefusal } from '../actions/contract-actions';
import type { ActionContext, ActionDefinition, ActionServices } from '../actions/context';
import { Mutex, yieldToEventLoop } from '@pfw/consumers';
import type { DeadlineKind, PayloadOf } from './deadlines';
import { describeError, SILENT_LOGGER, type StructuredLogger } from '@pfw/logging';
import { deadlineIdempotencyKey } from './saga';
import type { DeadlineRow, SagaStore } from './store';

export interface DeadlineRetryPolicy {
  /** Delay before the first retry (default 10 s); doubled (× factor) per failure, capped at maxDelayMs. */
  readonly initialDelayMs: number;
  readonly factor: number;
  readonly maxDelayMs: number;
  /** Failures before a step is `stuck` (default 8). */
  readonly maxAttempts: number;
}

export const DEFAULT_DEADLINE_RETRY: DeadlineRetryPolicy = { initialDelayMs: 10_000, factor: 2, maxDelayMs: HOUR_MS, maxAttempts: 8 };

export function deadlineBackoff(policy: DeadlineRetryPolicy, attempts: number): number {
  return Math.min(policy.initialDelayMs * policy.factor ** Math.max(0, attempts - 1), policy.maxDelayMs);
}

export interface PassReport {
  /** Steps that ran to an end (done or skipped). */
  readonly ran: number;
  /** Steps that failed and will be retried. */
  readonly failed: number;
  /** Steps that became stuck. */
  readonly stuck: number;
  /** CA-bound steps held back while the service is suspended (Art. 6). */
  readonly deferred: number;
  /** Steps rescheduled at their own request (`wait`). */
  readonly waiting: number;
}

/** What the poller uses of the process's ConsumerLeases (lease names: `saga:<name>`). */
export interface SagaLeases {
  readonly owner: string;
  holds(lease: string): boolean;
  busy(lease: string): () => void;
  /** Owner ids of the processes whose heartbeat has not run out. */
  liveOwners(): Promise<ReadonlySet<string>>;
  /** The leases' time in ms (the shared store's clock): claims expire in it. */
  now(): number;
}

export interface DeadlinePollerOptions {
  readonly store: SagaStore;
  readonly actions: ReadonlyMap<string, ActionDefinition>;
  readonly services: ActionServices;
  readonly clock: Clock;
  readonly retry?: Partial<DeadlineRetryPolicy>;
  readonly logger?: StructuredLogger;
  /**
   * How long a claim keeps other pollers off a step, in wall-clock time (default 60 s). Steps are idempotent,
   * so a claim only saves duplicate work; the claims of a process that died are released as soon as its lease
   * heartbeat runs out (see `recoverClaims`), else when they run out themselves.
   */
  readonly leaseMs?: number;
  /**
   * The process's leases: claims carry its owner id (never a host name or a process id), the background
   * passes run only the steps of the sagas whose lease this process holds, and a saga's lease is kept (never
   * handed over) while one of its steps runs. Without: every saga's steps, claims under a random id.
   */
  readonly leases?: SagaLeases | null;
  /**
   * While a step runs its claim is renewed this often (default a third of the lease), so a slow step — a CA
   * call that takes longer than the lease — is never picked up by another poller and run twice.
   */
  readonly renewEveryMs?: number;
  /** Wall-clock time for leases (default `new Date()`): never the simulated clock, which stands still. */
  readonly wallClock?: () => Date;
  readonly batchSize?: number;
}

/**
 * Dispatches due deadlines in due order (due time, then the log position of their cause, then their step),
 * one at a time. Each runs its action with the deadline's idempotency key, so running a step twice (after a
 * crash between the action and `done`) writes once. Failures retry with capped exponential backoff; after
 * `maxAttempts` the step is `stuck` with its error until `retryProcess`. CA-bound steps wait while the
 * service is suspended (Art. 6) without counting as failures.
 *
 * Events: `ran` (PassReport) after each pass that did something.
 */
export class DeadlinePoller {
  readonly events = new EventEmitter();
  readonly policy: DeadlineRetryPolicy;
  private readonly logger: StructuredLogger;
  private readonly leaseMs: number;
  private readonly renewEveryMs: number;
  private readonly wallClock: () => Date;
  /** `<owner>:` — claims name their process (its lease owner id), so a dead process's claims can be told. */
  private readonly claimPrefix: string;
  /** The sagas whose steps the background passes run (null: all). */
  private sagasHere: (() => readonly string[] | null) | null = null;
  private readonly batchSize: number;
  private readonly mutex = new Mutex();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private pass: Promise<unknown> = Promise.resolve();
  private wakeRequested = false;
  private inFlight = false;
  private intervalMs = 1000;

  constructor(private readonly options: DeadlinePollerOptions) {
    this.policy = { ...DEFAULT_DEADLINE_RETRY, ...options.retry };
    this.logger = options.logger ?? SILENT_LOGGER;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(this.leaseMs / 3));
    // Claims expire in the leases' time (the shared store's clock) when there are leases: processes on hosts
    // whose clocks differ still agree on when a claim ran out.
    const leases = options.leases;
    this.wallClock = options.wallClock ?? (leases ? () => new Date(leases.now()) : () => new Date());
    this.batchSize = options.batchSize ?? 50;
    this.claimPrefix = `${options.leases?.owner ?? randomUUID()}:`;
    this.events.setMaxListeners(0);
  }

  /**
   * Runs every step due now, in due order, until none is left (passes never overlap in one process); only
   * those of `sagas` when given.
   */
  runDue(sagas?: readonly string[]): Promise<PassReport> {
    return this.mutex.run(() => this.runPass(sagas));
  }

  /**
   * Polls every `intervalMs` (real time), and at once when woken, until `stop()`. `sagas` names the sagas
   * whose steps it runs at each pass (default: all).
   */
  start(intervalMs = 1000, sagas?: () => readonly string[] | null): void {
    if (this.running) return;
    this.running = true;
    this.sagasHere = sagas ?? null;
    this.intervalMs = intervalMs;
    this.schedule(0);
  }

  /**
   * Releases the claims of processes that are gone (killed mid-step: their lease heartbeat ran out), so their
   * steps run again at once instead of waiting for the claim to run out. Safe because every step is
   * idempotent. Without leases nothing tells a dead process: its claims run out by themselves.
   */
  async recoverClaims(): Promise<number> {
    const leases = this.options.leases;
    if (!leases) return 0;
    const claims = await this.options.store.claims();
    if (claims.length === 0) return 0;
    const live = await leases.liveOwners();
    let released = 0;
    for (const { id, token } of claims) {
      if (token.startsWith(this.claimPrefix)) continue;
      const owner = token.slice(0, token.indexOf(':'));
      if (live.has(owner)) continue;
      await this.options.store.release(id, token);
      released += 1;
    }
    if (released > 0) this.logger.warn({ released }, 'released the saga steps claimed by a process that stopped');
    return released;
  }

  /** Something may be due now (a subscriber scheduled, the service resumed): poll soon. */
  wake(): void {
    if (!this.running) return;
    if (this.inFlight) this.wakeRequested = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pass;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), delayMs);
    this.timer.unref?.();
  }

  private tick(): void {
    this.timer = null;
    if (this.inFlight) {
      this.wakeRequested = true;
      return;
    }
    this.inFlight = true;
    const sagas = this.sagasHere?.() ?? undefined;
    this.pass = this.recoverClaims()
      .catch((err) => this.logger.warn({ err: describeError(err) }, 'could not release the claims of dead processes'))
      .then(() => this.runDue(sagas))
      .catch((err) => this.logger.error({ err: describeError(err) }, 'saga deadline pass failed'))
      .finally(() => {
        this.inFlight = false;
        const again = this.wakeRequested;
        this.wakeRequested = false;
        this.schedule(again ? 0 : this.intervalMs);
      });
  }

  private async runPass(sagas: readonly string[] | undefined): Promise<PassReport> {
    const report = { ran: 0, failed: 0, stuck: 0, deferred: 0, waiting: 0 };
    const seen = new Set<string>();
    let suspended: boolean | null = null;
    for (;;) {
      const now = this.options.clock.now();
      const due = await this.options.store.dueDeadlines(now, this.batchSize, seen, this.wallClock(), sagas);
      if (due.length === 0) break;
      for (const deadline of due) {
        seen.add(deadline.id);
        const action = this.options.actions.get(deadline.kind);
        if (action?.caBound) {
          if (suspended === null) suspended = await this.isSuspended(now);
          if (suspended) {
            report.deferred += 1;
            continue;
          }
        }
        await this.runOne(deadline, action ?? null, report);
        await yieldToEventLoop();
      }
    }
    if (report.ran + report.failed + report.stuck + report.waiting > 0) this.events.emit('ran', report);
    return report;
  }

  private async isSuspended(now: Date): Promise<boolean> {
    return (await this.options.services.serviceState.readLatest(now)).suspended;
  }

  private async runOne(deadline: DeadlineRow, action: ActionDefinition | null, report: { ran: number; failed: number; stuck: number; deferred: number; waiting: number }): Promise<void> {
    const { store, clock } = this.options;
    const now = clock.now();
    const token = `${this.claimPrefix}${randomUUID()}`;
    const wall = this.wallClock();
    if (!(await store.claim(deadline.id, token, wall, new Date(wall.getTime() + this.leaseMs)))) return;
    const meta: CommandMeta = {
      actor: { id: `saga:${deadline.saga}`, role: 'SYSTEM' },
      correlationId: deadline.correlationId,
      causationId: deadline.causationId,
      idempotencyKey: deadlineIdempotencyKey(deadline.id),
    };
    // The payload was written from a DeadlineSpec of this kind (the subscriber stores what the saga scheduled).
    const ctx: ActionContext = { deadline, payload: deadline.payload as PayloadOf<DeadlineKind>, now, meta, services: this.options.services };
    const renewal = this.keepClaimed(deadline.id, token);
    // The saga's lease stays here while its step runs (renewed by the heartbeat like every lease).
    const idle = this.options.leases?.busy(`saga:${deadline.saga}`) ?? (() => undefined);
    try {
      if (!action) throw new NeedsAttentionError(`no action "${deadline.kind}" is known to this version`);
      const outcome = await action.run(ctx);
      const at = clock.now();
      switch (outcome.status) {
        case 'done':
          await store.markDone(deadline.id, token, outcome.note ? `done: ${outcome.note}` : 'done', at);
          report.ran += 1;
          this.logger.info({ deadline: deadline.id, kind: deadline.kind }, 'saga step done');
          break;
        case 'skipped':
          await store.markDone(deadline.id, token, `skipped: ${outcome.note}`, at);
          report.ran += 1;
          this.logger.info({ deadline: deadline.id, kind: deadline.kind, note: outcome.note }, 'saga step had nothing left to do');
          break;
        case 'deferred':
          await store.release(deadline.id, token);
          report.deferred += 1;
          break;
        case 'wait':
          await store.reschedule(deadline.id, token, outcome.until, deadline.attempts, `waiting: ${outcome.note}`, at);
          report.waiting += 1;
          break;
      }
    } catch (err) {
      const at = clock.now();
      if (isSuspensionRefusal(err)) {
        // Suspended between the check and the command (Art. 6): not a failure; runs on resume.
        await store.release(deadline.id, token);
        report.deferred += 1;
        return;
      }
      const message = describeError(err).slice(0, 2000);
      const attempts = deadline.attempts + 1;
      if (err instanceof NeedsAttentionError || attempts >= this.policy.maxAttempts) {
        await store.markStuck(deadline.id, token, attempts, message, at);
        report.stuck += 1;
        this.logger.error({ deadline: deadline.id, kind: deadline.kind, attempts, err: message }, 'saga step stuck');
      } else {
        const retryAt = new Date(at.getTime() + deadlineBackoff(this.policy, attempts));
        await store.reschedule(deadline.id, token, retryAt, attempts, message, at);
        report.failed += 1;
        this.logger.warn({ deadline: deadline.id, kind: deadline.kind, attempts, retryAt, err: message }, 'saga step failed; will retry');
      }
    } finally {
      idle();
      await renewal.stop();
    }
  }

  /** Renews the claim every `renewEveryMs` until stopped (the step's outcome then clears it). */
  private keepClaimed(id: string, token: string): { stop(): Promise<void> } {
    let pending: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      pending = pending
        .then(() => this.options.store.renew(id, token, new Date(this.wallClock().getTime() + this.leaseMs)))
        .then((held) => {
          if (!held) this.logger.warn({ deadline: id }, 'saga step lost its claim while running');
        })
        .catch((err) => this.logger.warn({ deadline: id, err: describeError(err) }, 'could not renew the claim of a running saga step'));
    }, this.renewEveryMs);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await pending;
      },
    };
  }
}

