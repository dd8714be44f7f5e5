import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CheckpointedConsumer, CheckpointMovedError, EventHandlingError, type ConsumerAdmission, type ConsumerGate, type ConsumerHandler,
} from '@pfw/consumers';
import { SqliteEventStore, type RecordedEvent } from '@pfw/event-store';

/**
 * A checkpoint and its effects kept together, as a database transaction would: `commit` moves the
 * checkpoint only from where the consumer left it, and records the handled events in the same step.
 */
class MemorySink implements ConsumerHandler<number> {
  checkpoint: bigint | null = null;
  readonly handled: string[] = [];
  failOn: string | null = null;
  /** Runs first in each commit: lets a test play another process that commits at the same moment. */
  beforeCommit: ((events: readonly RecordedEvent[]) => void) | null = null;

  async readCheckpoint(): Promise<bigint | null> {
    return this.checkpoint;
  }

  async commit(events: readonly RecordedEvent[], from: bigint | null): Promise<number> {
    this.beforeCommit?.(events);
    if (this.checkpoint !== from) throw new CheckpointMovedError('memory', from);
    const bad = events.find((e) => e.type === this.failOn);
    if (bad) throw new EventHandlingError('memory', bad, `cannot handle ${bad.type}`);
    this.handled.push(...events.map((e) => e.type));
    this.checkpoint = events[events.length - 1]!.position;
    return events.length;
  }
}

/** A gate the test opens and closes by hand, as a lease would. */
class ManualGate implements ConsumerGate {
  open = false;
  admissions = 0;
  private current: AbortController | null = null;
  private waiting: (() => void)[] = [];

  async admit(_consumer: string, signal: AbortSignal): Promise<ConsumerAdmission> {
    signal.addEventListener('abort', () => this.grant(), { once: true });
    while (!this.open && !signal.aborted) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.admissions += 1;
    this.current = new AbortController();
    return { revoked: this.current.signal, release: async () => undefined };
  }

  grant(): void {
    this.open = true;
    for (const wake of this.waiting.splice(0)) wake();
  }

  revoke(): void {
    this.open = false;
    this.current?.abort();
  }
}

function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(tick, 5);
    };
    tick();
  });
}

describe('CheckpointedConsumer', () => {
  let dir: string;
  let store: SqliteEventStore;
  let consumers: CheckpointedConsumer<number>[];
  const append = (type: string, stream = 'contract-1') => store.append(stream, [{ id: randomUUID(), type, data: {}, metadata: {} }], 'any');
  const consumer = (handler: ConsumerHandler<number>, extra: Partial<ConstructorParameters<typeof CheckpointedConsumer<number>>[0]> = {}) => {
    const c = new CheckpointedConsumer<number>({ name: 'memory', store, handler, batchSize: 3, retry: { initialDelayMs: 10, maxDelayMs: 40 }, ...extra });
    consumers.push(c);
    return c;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-consumer-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    consumers = [];
  });
  afterEach(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a log, when started, then it handles every event once, in batches with their checkpoint, and follows live', async () => {
    for (let i = 0; i < 7; i++) await append(`E${i}`);
    const sink = new MemorySink();
    const c = consumer(sink);
    const committed: number[] = [];
    c.events.on('committed', (_position: bigint, handled: number) => committed.push(handled));
    c.start();
    await until(() => c.status().state === 'live');
    expect(sink.handled).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6']);
    expect(Math.max(...committed)).toBeLessThanOrEqual(3);
    const live = await append('E7');
    expect(await c.waitForPosition(live.position, 10_000)).toBe(true);
    expect(sink.handled).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7']);
    expect(sink.checkpoint).toBe(live.position);
  });

  it('given a stored checkpoint, when restarted, then it resumes after it (exclusive)', async () => {
    for (let i = 0; i < 4; i++) await append(`E${i}`);
    const sink = new MemorySink();
    const first = consumer(sink);
    first.start();
    await until(() => first.status().state === 'live');
    await first.stop();
    await append('E4');
    const second = consumer(sink);
    second.start();
    await until(() => sink.handled.length === 5);
    expect(sink.handled).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
  });

  it('given an event it cannot handle, then it stops at that event, retries with backoff, and recovers once it can', async () => {
    await append('Good');
    const bad = await append('Bad');
    const sink = new MemorySink();
    sink.failOn = 'Bad';
    const c = consumer(sink, { batchSize: 1 });
    const attempts: number[] = [];
    c.events.on('failure', (failure: { attempts: number }) => attempts.push(failure.attempts));
    c.start();
    await until(() => attempts.length >= 2);
    expect(c.status()).toMatchObject({
      state: 'failed',
      failure: { message: 'cannot handle Bad', event: { id: expect.any(String), type: 'Bad', position: bad.position.toString() } },
    });
    expect(attempts.slice(0, 2)).toEqual([1, 2]);
    expect(sink.handled).toEqual(['Good']);
    sink.failOn = null;
    c.retryNow();
    await until(() => c.status().state === 'live');
    expect(c.status().failure).toBeNull();
    expect(sink.handled).toEqual(['Good', 'Bad']);
  });

  it('given another reader moved the checkpoint, then it re-reads it and handles nothing twice', async () => {
    for (let i = 0; i < 3; i++) await append(`E${i}`);
    const sink = new MemorySink();
    const c = consumer(sink);
    c.start();
    await until(() => c.status().state === 'live');
    const moved: unknown[] = [];
    c.events.on('moved', (err: unknown) => moved.push(err));
    // Another process commits E3 just before this one does: this one's commit finds the checkpoint moved.
    sink.beforeCommit = (events) => {
      sink.beforeCommit = null;
      sink.handled.push(...events.map((e) => e.type));
      sink.checkpoint = events[events.length - 1]!.position;
    };
    await append('E3');
    await until(() => moved.length === 1);
    const last = await append('E4');
    expect(await c.waitForPosition(last.position, 10_000)).toBe(true);
    expect(sink.handled).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
  });

  it('given a gate, then it follows the log only while admitted, and resumes from its checkpoint when admitted again', async () => {
    await append('E0');
    const sink = new MemorySink();
    const gate = new ManualGate();
    const c = consumer(sink, { gate });
    c.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sink.handled).toEqual([]);
    expect(c.status().state).toBe('starting');
    gate.grant();
    await until(() => sink.handled.length === 1);
    gate.revoke();
    await until(() => c.status().state === 'starting');
    await append('E1');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(sink.handled).toEqual(['E0']);
    gate.grant();
    await until(() => sink.handled.length === 2);
    expect(sink.handled).toEqual(['E0', 'E1']);
    expect(gate.admissions).toBe(2);
  });

  it('drain handles the log up to the head without a background loop', async () => {
    for (let i = 0; i < 5; i++) await append(`E${i}`);
    const sink = new MemorySink();
    const c = consumer(sink);
    await c.drain();
    expect(sink.handled).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
    expect(c.running).toBe(false);
  });

  it('waitForPosition: true at once when nothing it handles lies before the target, false on timeout or abort', async () => {
    const sink = new MemorySink();
    const c = consumer(sink, { filter: { eventTypes: ['Handled'] } });
    await append('Handled');
    c.start();
    await until(() => c.status().state === 'live');
    const unrelated = await append('Other');
    expect(await c.waitForPosition(unrelated.position, 10_000)).toBe(true);
    await c.stop();
    const pending = await append('Handled');
    expect(await c.waitForPosition(pending.position, 30)).toBe(false);
    const abort = new AbortController();
    const waiting = c.waitForPosition(pending.position, 10_000, abort.signal);
    abort.abort();
    expect(await waiting).toBe(false);
    expect(c.pendingWaits).toBe(0);
  });
});
