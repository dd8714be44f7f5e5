import { setTimeout as delay } from 'node:timers/promises';
import type { CommandBus } from '@nestjs/cqrs';
import { Mutex, prefixedGate, type ConsumerLeases } from '@pfw/consumers';
import { ExecuteContractCommand, type StuckProcessInfo } from '@pfw/application';
import { isSettableClock, type Clock } from '@pfw/clock';
import { DAY_MS, InvalidInput, NotFound } from '@pfw/domain';
import type { EventStore } from '@pfw/event-store';
import type { EventSerializer } from '@pfw/event-serialization';
import type { AcceptedNotice, OutboxDispatcher } from '@pfw/notifications';
import { actionRegistry, type ActionServices } from '../actions';
import type { CaResultWorker } from '../ca/ca-results';
import { ClockNotSimulatedError } from '../errors';
import { SILENT_LOGGER, type StructuredLogger } from '@pfw/logging';
import { DeadlinePoller, type DeadlineRetryPolicy } from './poller';
import { parseDeadlineId, type Json, type SagaDefinition } from './saga';
import type { SagaStore } from './store';
import { SagaSubscriber, type SubscriberStatus } from './subscriber';

export interface SagaEngineTuning {
  /** Real-time interval of the background poller and outbox dispatcher (default 1000 ms). */
  readonly pollIntervalMs?: number;
  readonly retry?: Partial<DeadlineRetryPolicy>;
  readonly subscriberBatchSize?: number;
  readonly subscriberRetry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** How long `advanceClock` waits for the CA to answer open orders at each step (default 5000 ms). */
  readonly caSettleTimeoutMs?: number;
}

export interface SagaEngineOptions {
  readonly sagas: readonly SagaDefinition<Json>[];
  readonly eventStore: EventStore;
  readonly serializer: EventSerializer;
  readonly store: SagaStore;
  readonly clock: Clock;
  readonly bus: CommandBus;
  readonly services: ActionServices;
  readonly dispatcher: OutboxDispatcher | null;
  readonly caResults: CaResultWorker | null;
  readonly logger?: StructuredLogger;
  readonly tuning?: SagaEngineTuning;
  /**
   * The process's leases (lease `saga:<name>` per saga): each saga's subscriber and its steps run in one
   * process at a time. Without: every started engine runs every saga (checkpoints and claims still keep
   * anything from happening twice).
   */
  readonly leases?: ConsumerLeases | null;
}

/** How long `settle` waits for another process to run what is due for the sagas it holds. */
const REMOTE_SETTLE_TIMEOUT_MS = 60_000;
const REMOTE_SETTLE_POLL_MS = 100;

export type AdvanceClockInput = { readonly days: number; readonly to?: never } | { readonly to: Date | string; readonly days?: never };

export type StuckProcessSource = 'SAGA_STEP' | 'NOTIFICATION' | 'SAGA_SUBSCRIBER';

/**
 * A saga step that failed repeatedly or needs a person: the application port's StuckProcessInfo, whose `kind` is
 * a deadline kind (`ca.submitIssuance`, `notice`, …), `notice:<KIND>`, or `subscriber`.
 */
export interface StuckProcess extends StuckProcessInfo {
  readonly source: StuckProcessSource;
}

/**
 * The saga runtime of one process: a subscriber per saga, the deadline poller, the CA result feed and the
 * notification dispatcher. `start()` runs them in the background (ROLE worker or all); `settle()` runs
 * everything due now to completion in the calling process (used by `advanceClock`).
 */
export class SagaEngine {
  readonly subscribers: readonly SagaSubscriber[];
  readonly poller: DeadlinePoller;
  private readonly logger: StructuredLogger;
  private readonly advanceMutex = new Mutex();
  private started = false;
  private outboxStop: AbortController | null = null;
  private outboxLoop: Promise<void> | null = null;

  constructor(private readonly options: SagaEngineOptions) {
    this.logger = options.logger ?? SILENT_LOGGER;
    this.subscribers = options.sagas.map(
      (saga) =>
        new SagaSubscriber({
          saga,
          store: options.eventStore,
          sagaStore: options.store,
          serializer: options.serializer,
          logger: options.logger,
          batchSize: options.tuning?.subscriberBatchSize,
          retry: options.tuning?.subscriberRetry,
          ...(options.leases ? { gate: prefixedGate(options.leases, SAGA_LEASE_PREFIX) } : {}),
        }),
    );
    this.poller = new DeadlinePoller({
      store: options.store,
      actions: actionRegistry(),
      services: options.services,
      clock: options.clock,
      retry: options.tuning?.retry,
      logger: options.logger,
      leases: options.leases,
    });
    for (const s of this.subscribers) s.events.on('committed', (_position: bigint, scheduled: number) => scheduled > 0 && this.poller.wake());
  }

  get running(): boolean {
    return this.started;
  }

  /** Records `CustomerNotified` once the transport accepted a notice (the outbox dispatcher's onAccepted). */
  static async recordNotice(bus: CommandBus, store: SagaStore, notice: AcceptedNotice): Promise<void> {
    // The termination notice was recorded by NoticeTermination itself (Art. 14); the e-mail only carries it.
    if (notice.kind === 'TERMINATION_NOTICE') return;
    const step = await store.getDeadline(notice.causationId);
    const saga = step?.saga ?? parseDeadlineId(notice.causationId)?.saga ?? 'notifications';
    await bus.execute(
      new ExecuteContractCommand(
        { type: 'NotifyCustomer', contractId: notice.contractId, kind: notice.kind, channel: notice.channel, recipient: notice.recipient, termsVersion: notice.termsVersion },
        {
          actor: { id: `saga:${saga}`, role: 'SYSTEM' },
          correlationId: step?.correlationId ?? notice.id,
          causationId: step?.causationId ?? notice.causationId,
          idempotencyKey: `notice:${notice.id}`,
        },
      ),
    );
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const s of this.subscribers) s.start();
    const interval = this.options.tuning?.pollIntervalMs ?? 1000;
    const leases = this.options.leases;
    // Only the holder of a saga's lease fires its deadlines.
    this.poller.start(interval, leases ? () => this.subscribers.map((s) => s.name).filter((name) => leases.holds(`${SAGA_LEASE_PREFIX}${name}`)) : undefined);
    if (leases && this.options.dispatcher) this.outboxLoop = this.dispatchUnderLease(leases, this.options.dispatcher, interval);
    else this.options.dispatcher?.start(interval);
    this.options.caResults?.start();
    this.logger.info({ sagas: this.subscribers.map((s) => s.name) }, 'sagas started');
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.options.caResults?.stop();
    await this.poller.stop();
    this.outboxStop?.abort();
    await this.outboxLoop;
    this.outboxLoop = null;
    await this.options.dispatcher?.stop();
    await Promise.all(this.subscribers.map((s) => s.stop()));
  }

  /**
   * One dispatcher of the outbox at a time across the processes (the lease `outbox`): a notice is then
   * handed to the transport by one process only, also under a simulated clock, whose notice claims cannot
   * expire in real time.
   */
  private async dispatchUnderLease(leases: ConsumerLeases, dispatcher: OutboxDispatcher, interval: number): Promise<void> {
    const stop = (this.outboxStop = new AbortController());
    while (!stop.signal.aborted) {
      let admission;
      try {
        admission = await leases.admit(OUTBOX_LEASE, stop.signal);
      } catch {
        return;
      }
      dispatcher.start(interval);
      const revoked = admission.revoked;
      await new Promise<void>((resolve) => {
        if (revoked.aborted || stop.signal.aborted) return resolve();
        // Either ends the wait; both listeners go, so a long-lived stop signal collects none per admission.
        const done = () => {
          revoked.removeEventListener('abort', done);
          stop.signal.removeEventListener('abort', done);
          resolve();
        };
        revoked.addEventListener('abort', done, { once: true });
        stop.signal.addEventListener('abort', done, { once: true });
      });
      await dispatcher.stop();
      await admission.release();
    }
  }

  /**
   * Runs everything that is due at the clock's current instant to completion: every saga catches up with
   * the log, due steps run, notices are sent and recorded, CA answers are taken in — again and again until
   * a round changes nothing.
   */
  async settle(maxRounds = 1000): Promise<void> {
    const caTimeout = this.options.tuning?.caSettleTimeoutMs ?? 5000;
    await this.options.leases?.join();
    for (let round = 0; round < maxRounds; round++) {
      const headBefore = await this.options.eventStore.headPosition();
      const { here, elsewhere } = await this.whereSagasRun();
      for (const s of here) await s.catchUp(30_000, { here: this.started && (this.options.leases?.holds(`${SAGA_LEASE_PREFIX}${s.name}`) ?? true) });
      const pass = await this.poller.runDue(this.options.leases ? here.map((s) => s.name) : undefined);
      const outboxHere = await this.outboxRunsHere();
      const waited = (elsewhere.length > 0 || !outboxHere) && (await this.awaitElsewhere(elsewhere, !outboxHere));
      const sent = this.options.dispatcher && outboxHere ? await this.options.dispatcher.drain() : { sent: 0, recorded: 0, failed: 0, stuck: 0 };
      const answers = this.options.caResults ? await this.options.caResults.settle(caTimeout) : 0;
      const headAfter = await this.options.eventStore.headPosition();
      const activity = pass.ran + pass.failed + pass.stuck + pass.waiting + sent.sent + sent.recorded + sent.failed + sent.stuck + answers + (waited ? 1 : 0);
      if (activity === 0 && headAfter === headBefore) return;
    }
    throw new Error(`the sagas did not settle within ${maxRounds} rounds`);
  }

  /**
   * Which sagas `settle` runs in this process — those it holds the lease of, and those nobody holds (no
   * worker runs them: this process does the work itself) — and which run in another process.
   */
  private async whereSagasRun(): Promise<{ here: SagaSubscriber[]; elsewhere: string[] }> {
    const leases = this.options.leases;
    if (!leases) return { here: [...this.subscribers], elsewhere: [] };
    const holders = await leases.holders();
    const here: SagaSubscriber[] = [];
    const elsewhere: string[] = [];
    for (const s of this.subscribers) {
      const holder = holders.get(`${SAGA_LEASE_PREFIX}${s.name}`);
      if (holder === undefined || holder === leases.owner) here.push(s);
      else elsewhere.push(s.name);
    }
    return { here, elsewhere };
  }

  /** Whether `settle` sends the outbox's due notices itself: no other live process holds the `outbox` lease. */
  private async outboxRunsHere(): Promise<boolean> {
    const leases = this.options.leases;
    if (!leases || !this.options.dispatcher) return true;
    const holder = (await leases.holders()).get(OUTBOX_LEASE);
    return holder === undefined || holder === leases.owner;
  }

  /**
   * Waits until the processes holding `sagas` have handled the log up to its head and run every step of
   * theirs due at this clock's instant (they follow the shared clock), and with `outbox` until the process
   * holding the outbox has sent every notice due. True when it had to wait at all.
   */
  private async awaitElsewhere(sagas: readonly string[], outbox = false): Promise<boolean> {
    const started = Date.now();
    let waited = false;
    for (;;) {
      const head = await this.options.eventStore.headPosition();
      let behind = false;
      for (const saga of sagas) {
        const checkpoint = await this.options.store.readCheckpoint(saga);
        if (head !== null && (checkpoint === null || checkpoint < head)) behind = true;
      }
      // A holder that died meanwhile: its sagas (or the outbox) run here or at the process that took over.
      const where = await this.whereSagasRun();
      if (sagas.some((saga) => where.here.some((s) => s.name === saga)) || (outbox && (await this.outboxRunsHere()))) return true;
      const now = this.options.clock.now();
      const notice = outbox && this.options.dispatcher ? await this.options.dispatcher.nextDueAt() : null;
      const noticeDue = notice !== null && notice.getTime() <= now.getTime();
      if (!behind && !noticeDue && !(await this.options.store.anyDue(now, sagas))) return waited;
      if (Date.now() - started > REMOTE_SETTLE_TIMEOUT_MS) {
        throw new Error(`the sagas ${sagas.join(', ')} run in another process, which did not settle within ${REMOTE_SETTLE_TIMEOUT_MS} ms`);
      }
      waited = true;
      await delay(REMOTE_SETTLE_POLL_MS);
    }
  }

  /**
   * `advanceClock` (CLOCK=simulated only): fires what falls due up to the target in due order, with the
   * clock set to each due time in turn (everything due then runs to completion before the clock moves on),
   * then sets the clock to the target and answers its instant.
   */
  advanceClock(input: AdvanceClockInput): Promise<{ now: Date }> {
    const clock = this.options.clock;
    if (!isSettableClock(clock)) return Promise.reject(new ClockNotSimulatedError());
    return this.advanceMutex.run(async () => {
      const start = clock.now();
      const target = targetOf(input, start);
      await this.settle();
      for (;;) {
        const now = clock.now();
        const next = await this.nextDueAfter(now);
        if (next === null || next.getTime() > target.getTime()) break;
        await clock.set(next);
        await this.settle();
      }
      if (target.getTime() > clock.now().getTime()) await clock.set(target);
      await this.settle();
      return { now: clock.now() };
    });
  }

  private async nextDueAfter(now: Date): Promise<Date | null> {
    const candidates: Date[] = [];
    const deadline = await this.options.store.nextDueAfter(now);
    if (deadline) candidates.push(deadline);
    const notice = this.options.dispatcher ? await this.options.dispatcher.nextDueAt() : null;
    if (notice && notice.getTime() > now.getTime()) candidates.push(notice);
    if (candidates.length === 0) return null;
    return new Date(Math.min(...candidates.map((d) => d.getTime())));
  }

  async stuckProcesses(): Promise<StuckProcess[]> {
    const steps = await this.options.store.listDeadlines({ status: 'stuck' });
    const out: StuckProcess[] = steps.map((d) => ({
      id: d.id,
      source: 'SAGA_STEP',
      saga: d.saga,
      contractId: d.contractId,
      kind: d.kind,
      attempts: d.attempts,
      lastError: d.lastError,
      dueAt: d.dueAt,
      stuckAt: d.finishedAt,
    }));
    for (const n of this.options.dispatcher ? await this.options.dispatcher.stuck() : []) {
      out.push({
        id: n.id,
        source: 'NOTIFICATION',
        saga: parseDeadlineId(n.causationId)?.saga ?? null,
        contractId: n.contractId,
        kind: `notice:${n.kind}`,
        attempts: n.attempts + n.recordAttempts,
        lastError: n.lastError,
        dueAt: n.enqueuedAt,
        stuckAt: n.stuckAt,
      });
    }
    for (const s of this.subscribers) {
      const status: SubscriberStatus = s.status();
      if (status.state !== 'failed' || !status.failure) continue;
      out.push({
        id: `subscriber:${status.saga}`,
        source: 'SAGA_SUBSCRIBER',
        saga: status.saga,
        contractId: null,
        kind: 'subscriber',
        attempts: status.failure.attempts,
        lastError: status.failure.message,
        dueAt: null,
        stuckAt: new Date(status.failure.at),
      });
    }
    return out.sort((a, b) => (a.stuckAt?.getTime() ?? 0) - (b.stuckAt?.getTime() ?? 0));
  }

  /** Runs a stuck step (or notice, or subscriber) again now. NotFound when nothing with that id is stuck. */
  async retryProcess(processId: string): Promise<StuckProcess> {
    const before = (await this.stuckProcesses()).find((p) => p.id === processId);
    if (!before) throw new NotFound('stuck process', processId);
    let retried = false;
    if (before.source === 'SAGA_STEP') {
      retried = await this.options.store.retryStuck(processId, this.options.clock.now());
      this.poller.wake();
    } else if (before.source === 'NOTIFICATION') {
      retried = (await this.options.dispatcher?.retry(processId)) ?? false;
    } else {
      const subscriber = this.subscribers.find((s) => `subscriber:${s.name}` === processId);
      subscriber?.retryNow();
      retried = subscriber !== undefined;
    }
    if (!retried) throw new NotFound('stuck process', processId);
    this.logger.info({ processId }, 'stuck saga process put back for retry');
    return before;
  }

  /** For logs and health: how each subscriber is doing. */
  status(): SubscriberStatus[] {
    return this.subscribers.map((s) => s.status());
  }
}

/** Saga leases are named `saga:<saga name>` in the process's ConsumerLeases. */
export const SAGA_LEASE_PREFIX = 'saga:';
/** The lease of the outbox's dispatcher. */
export const OUTBOX_LEASE = 'outbox';

function targetOf(input: AdvanceClockInput, start: Date): Date {
  if (input.days !== undefined && input.to === undefined) {
    const days = input.days;
    if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) throw new InvalidInput('days', 'must be a number of days ≥ 0');
    return new Date(start.getTime() + Math.round(days * DAY_MS));
  }
  if (input.to !== undefined && input.days === undefined) {
    const to = input.to instanceof Date ? input.to : new Date(String(input.to));
    if (!Number.isFinite(to.getTime())) throw new InvalidInput('to', 'must be an instant (ISO 8601)');
    if (to.getTime() < start.getTime()) throw new InvalidInput('to', `the simulated clock stands at ${start.toISOString()}; it never goes back`);
    return to;
  }
  throw new InvalidInput('days', 'give either days or to');
}
