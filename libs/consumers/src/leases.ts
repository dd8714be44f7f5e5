import { createHash, randomUUID } from 'node:crypto';
import { SILENT_LOGGER, describeError, type StructuredLogger } from '@pfw/logging';
import { abortableSleep } from './event-loop';
import type { ConsumerAdmission, ConsumerGate } from './gate';

/** One lease as stored: who holds `name`, until when (epoch ms, wall clock). */
export interface LeaseRecord {
  readonly name: string;
  readonly owner: string;
  readonly expiresAt: number;
  readonly acquiredAt: number;
  readonly renewedAt: number;
  /** How often the lease changed hands (a new owner took it). */
  readonly takeovers: number;
}

/** A process taking part: it heartbeats this row while it runs; `wants` maps each lease it wants to a rank. */
export interface LeaseMember {
  readonly owner: string;
  readonly expiresAt: number;
  readonly wants: Readonly<Record<string, number>>;
}

/**
 * Where the leases live: a database every process of a deployment shares. Every operation is one atomic
 * statement, so two processes can never both hold a lease.
 */
export interface LeaseStore {
  /**
   * Takes `name` for `owner` until `until` when nobody holds it, when its holder's lease ran out at or before
   * `freeBefore`, or when `owner` already holds it. True when `owner` holds it afterwards.
   */
  acquire(input: { readonly name: string; readonly owner: string; readonly now: number; readonly until: number; readonly freeBefore: number }): Promise<boolean>;
  /** Extends `owner`'s lease on `name` to `until`; false when it is no longer `owner`'s. */
  renew(name: string, owner: string, now: number, until: number): Promise<boolean>;
  /** Gives `name` back if `owner` holds it: free from `now` on, held by nobody (owner ''). */
  release(name: string, owner: string, now: number): Promise<void>;
  /** Writes `owner`'s heartbeat row (created on the first call). */
  heartbeat(member: LeaseMember): Promise<void>;
  /** The members whose heartbeat has not run out at `now`. */
  members(now: number): Promise<LeaseMember[]>;
  /** Deletes `owner`'s heartbeat row (a clean stop). */
  leave(owner: string): Promise<void>;
  /** Every lease row, by name. */
  leases(): Promise<LeaseRecord[]>;
  /**
   * The store's own clock, in ms since the epoch, where the processes sharing the store may run on hosts
   * whose clocks differ (PostgreSQL's `clock_timestamp()`). Absent: the store is on this host (SQLite).
   */
  time?(): Promise<number>;
}

export interface ConsumerLeasesOptions {
  readonly store: LeaseStore;
  /** This process's owner id: random per start by default (never a host name or a process id). */
  readonly owner?: string;
  /** How long a lease lasts without renewal (default 10 s): a dead holder's leases are taken over after it. */
  readonly ttlMs?: number;
  /** How often held leases are renewed, the heartbeat written and free leases tried (default ttl / 5). */
  readonly renewEveryMs?: number;
  /** Wall-clock time in epoch ms (default Date.now): never the simulated clock, which stands still. */
  readonly wallClock?: () => number;
  readonly logger?: StructuredLogger;
}

export interface HeldLease {
  readonly name: string;
  /** The consumer runs under it now (false: kept between two admissions, e.g. during a backoff). */
  readonly inUse: boolean;
  readonly since: number;
  readonly until: number;
}

export interface LeasesStatus {
  /** This process's owner id. */
  readonly owner: string;
  readonly ttlMs: number;
  /** Live members (processes taking part), this one included once it has written its heartbeat. */
  readonly members: number;
  readonly held: readonly HeldLease[];
  readonly leases: readonly (LeaseRecord & { readonly mine: boolean; readonly live: boolean })[];
}

interface Held {
  readonly controller: AbortController;
  readonly since: number;
  until: number;
  inUse: boolean;
  busy: number;
  /** Revoked to hand it to the member it belongs to: released in the store when the consumer lets go. */
  shed: boolean;
}

/** Why `admit` ended without a lease: the consumer is stopping. */
export class LeaseWaitAbortedError extends Error {
  override readonly name = 'LeaseWaitAbortedError';
  constructor(lease: string) {
    super(`stopped waiting for the lease ${lease}`);
  }
}

/**
 * One active consumer per name across every process that shares a {@link LeaseStore}: a {@link ConsumerGate}
 * that admits a consumer only while this process holds the lease of that name.
 *
 * - A lease is a row with an owner and an expiry, renewed every `renewEveryMs` while the process wants it
 *   (also while a long saga step runs: renewal is a timer, not tied to the consumer's progress). A process
 *   that dies stops renewing: its leases run out after `ttlMs` and another process takes them over.
 * - Each process writes a heartbeat row listing the leases it wants. Every lease has one preferred member:
 *   among the live members that want it, the highest rank (a projection's version: a newer build wins), then
 *   a hash of (lease, owner) — rendezvous hashing, so different leases spread over the processes and each
 *   process computes the same answer. The preferred member takes a free or expired lease at once; any other
 *   member only once it has been free for another `ttlMs` (nobody preferred took it), so no lease stays
 *   unheld. A holder that is not preferred hands the lease over (one per heartbeat, after holding it for
 *   `ttlMs`, never while it is busy).
 * - The lease only decides who works: the checkpoints' conditional moves and the steps' claims still make
 *   sure nothing is handled twice when a paused holder wakes up after its lease was taken over.
 * - Instants are wall-clock epoch ms of the processes: their clocks must agree to well within `ttlMs` (NTP).
 */
export class ConsumerLeases implements ConsumerGate {
  readonly owner: string;
  readonly ttlMs: number;
  readonly renewEveryMs: number;
  private readonly store: LeaseStore;
  private readonly hostClock: () => number;
  /** Store clock − host clock, measured at every heartbeat (0 where the store has no clock of its own). */
  private offsetMs = 0;
  private readonly logger: StructuredLogger;
  private readonly wants = new Map<string, number>();
  /** The signal whose abort gives each wanted lease back: one listener per signal, not one per admission. */
  private readonly wantedUntil = new Map<string, AbortSignal>();
  private readonly held = new Map<string, Held>();
  private members: LeaseMember[] = [];
  private ticker: Promise<void> | null = null;
  private firstTick: Promise<void> | null = null;
  private readonly lifetime = new AbortController();
  private wakeWaiters: (() => void)[] = [];
  private closed = false;

  constructor(options: ConsumerLeasesOptions) {
    this.store = options.store;
    this.owner = options.owner ?? randomUUID();
    this.ttlMs = options.ttlMs ?? 10_000;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(this.ttlMs / 5));
    this.hostClock = options.wallClock ?? Date.now;
    this.logger = options.logger ?? SILENT_LOGGER;
    if (!(this.ttlMs > 0) || !(this.renewEveryMs > 0) || this.renewEveryMs >= this.ttlMs) {
      throw new RangeError(`lease ttl (${this.ttlMs} ms) must be positive and longer than its renewal interval (${this.renewEveryMs} ms)`);
    }
  }

  /**
   * Resolves once this process holds the lease `name`; rejects with {@link LeaseWaitAbortedError} when
   * `signal` aborts first. `rank` orders the members that want it (higher first). While `signal` is not
   * aborted the process keeps the lease between admissions; when it aborts, the lease is given back.
   */
  async admit(name: string, signal: AbortSignal, rank = 0): Promise<ConsumerAdmission> {
    if (this.closed) throw new LeaseWaitAbortedError(name);
    if (signal.aborted) throw new LeaseWaitAbortedError(name);
    this.wants.set(name, Math.max(rank, this.wants.get(name) ?? rank));
    if (this.wantedUntil.get(name) !== signal) {
      this.wantedUntil.set(name, signal);
      signal.addEventListener(
        'abort',
        () => {
          if (this.wantedUntil.get(name) === signal) this.wantedUntil.delete(name);
          void this.unwant(name);
        },
        { once: true },
      );
    }
    await this.ensureRunning();
    for (;;) {
      if (signal.aborted || this.closed) throw new LeaseWaitAbortedError(name);
      const held = this.held.get(name);
      if (held && !held.inUse && !held.controller.signal.aborted) {
        held.inUse = true;
        return this.admission(name, held);
      }
      if (!held) {
        const taken = await this.tryTake(name);
        if (taken) return this.admission(name, taken);
      }
      await this.nextTick(signal);
    }
  }

  /**
   * Starts the heartbeat without asking for a lease: the process counts as live for the others (the claims
   * it makes on saga steps are then left alone). Resolves after the first heartbeat.
   */
  join(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.ensureRunning();
  }

  /** Owner ids of the live members, this process included once it joined. */
  async liveOwners(): Promise<ReadonlySet<string>> {
    const owners = new Set((await this.store.members(this.now())).map((m) => m.owner));
    if (this.ticker && !this.closed) owners.add(this.owner);
    return owners;
  }

  /** The live holder of each lease (owner ids), by lease name. */
  async holders(): Promise<ReadonlyMap<string, string>> {
    const now = this.now();
    return new Map((await this.store.leases()).filter((l) => l.expiresAt > now).map((l) => [l.name, l.owner]));
  }

  /** Whether this process holds `name` now. */
  holds(name: string): boolean {
    const held = this.held.get(name);
    return held !== undefined && !held.controller.signal.aborted;
  }

  /**
   * Marks `name` busy until the returned function is called: a busy lease is never handed over to its
   * preferred member (a saga step that is running keeps its saga's lease; it is renewed meanwhile).
   */
  busy(name: string): () => void {
    const held = this.held.get(name);
    if (!held) return () => undefined;
    held.busy += 1;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      held.busy -= 1;
    };
  }

  /** For /health: this process's id, the live members, and every lease (holders are opaque owner ids). */
  async status(): Promise<LeasesStatus> {
    const now = this.now();
    const leases = await this.store.leases();
    return {
      owner: this.owner,
      ttlMs: this.ttlMs,
      members: this.members.length,
      held: [...this.held].map(([name, h]) => ({ name, inUse: h.inUse, since: h.since, until: h.until })),
      leases: leases.map((l) => ({ ...l, mine: l.owner === this.owner, live: l.expiresAt > now })),
    };
  }

  /** Stops renewing, gives every lease back and removes the heartbeat (call after the consumers stopped). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.lifetime.abort();
    this.wake();
    await this.ticker;
    const now = this.now();
    for (const [name, held] of this.held) {
      held.controller.abort();
      await this.store.release(name, this.owner, now).catch(() => undefined);
    }
    this.held.clear();
    await this.store.leave(this.owner).catch(() => undefined);
  }

  /** The member `name` belongs to: highest rank, then the highest hash of (name, owner). */
  preferredOwner(name: string): string {
    const candidates = new Map<string, number>();
    for (const m of this.members) {
      const rank = m.wants[name];
      if (rank !== undefined) candidates.set(m.owner, rank);
    }
    const mine = this.wants.get(name);
    if (mine !== undefined && !this.closed) candidates.set(this.owner, mine);
    let best: { owner: string; rank: number; hash: string } | null = null;
    for (const [owner, rank] of candidates) {
      const hash = createHash('sha256').update(name).update('\0').update(owner).digest('hex');
      if (!best || rank > best.rank || (rank === best.rank && hash > best.hash)) best = { owner, rank, hash };
    }
    return best?.owner ?? this.owner;
  }

  private admission(name: string, held: Held): ConsumerAdmission {
    let released = false;
    return {
      revoked: held.controller.signal,
      release: async (options) => {
        if (released) return;
        released = true;
        held.inUse = false;
        const gone = held.shed || options?.handOver === true || !this.wants.has(name) || this.closed;
        if (held.controller.signal.aborted || gone) {
          if (this.held.get(name) === held) this.held.delete(name);
          held.controller.abort();
          if (gone) await this.store.release(name, this.owner, this.now()).catch(() => undefined);
          this.wake();
        }
      },
    };
  }

  private async unwant(name: string): Promise<void> {
    this.wants.delete(name);
    const held = this.held.get(name);
    if (!held || held.inUse) return;
    this.held.delete(name);
    held.controller.abort();
    await this.store.release(name, this.owner, this.now()).catch(() => undefined);
    this.wake();
  }

  private async tryTake(name: string): Promise<Held | null> {
    const now = this.now();
    const preferred = this.preferredOwner(name) === this.owner;
    const until = now + this.ttlMs;
    let taken: boolean;
    try {
      taken = await this.store.acquire({ name, owner: this.owner, now, until, freeBefore: preferred ? now : now - this.ttlMs });
    } catch (err) {
      this.logger.warn({ lease: name, err: describeError(err) }, 'could not take a lease');
      return null;
    }
    if (!taken || this.closed || !this.wants.has(name)) {
      if (taken) await this.store.release(name, this.owner, this.now()).catch(() => undefined);
      return null;
    }
    const held: Held = { controller: new AbortController(), since: now, until, inUse: true, busy: 0, shed: false };
    this.held.set(name, held);
    this.logger.info({ lease: name, owner: this.owner, preferred }, `took the lease ${name}`);
    return held;
  }

  private ensureRunning(): Promise<void> {
    if (!this.ticker) {
      let first!: () => void;
      this.firstTick = new Promise<void>((resolve) => (first = resolve));
      this.ticker = this.run(first);
    }
    return this.firstTick!;
  }

  private async run(first: () => void): Promise<void> {
    while (!this.closed) {
      await this.tick().catch((err) => this.logger.warn({ err: describeError(err) }, 'lease heartbeat failed'));
      first();
      this.wake();
      await abortableSleep(this.renewEveryMs, this.lifetime.signal);
    }
    first();
  }

  /**
   * Every expiry is written and compared in the store's time, so the processes agree on when a lease ran out
   * even when their hosts' clocks differ: each reads the store's clock at every heartbeat and keeps the
   * offset (its error is at most half that read's round trip). Between heartbeats the host clock advances it.
   * Saga step claims expire in this time too.
   */
  now(): number {
    return this.hostClock() + this.offsetMs;
  }

  private async measureOffset(): Promise<void> {
    if (!this.store.time) return;
    const before = this.hostClock();
    const storeNow = await this.store.time();
    const after = this.hostClock();
    // Whole milliseconds: expiries are stored as integers.
    this.offsetMs = Math.round(storeNow - (before + after) / 2);
  }

  /** Heartbeat, renew what is held, hand over one lease that belongs to another member. */
  private async tick(): Promise<void> {
    try {
      await this.measureOffset();
    } catch (err) {
      this.logger.warn({ err: describeError(err) }, "could not read the lease store's clock: keeping the last offset");
    }
    const now = this.now();
    try {
      await this.store.heartbeat({ owner: this.owner, expiresAt: now + this.ttlMs, wants: Object.fromEntries(this.wants) });
      this.members = await this.store.members(now);
    } catch (err) {
      this.logger.warn({ err: describeError(err) }, 'could not write the lease heartbeat');
    }
    for (const [name, held] of this.held) {
      if (held.controller.signal.aborted) continue;
      try {
        if (await this.store.renew(name, this.owner, now, now + this.ttlMs)) {
          held.until = now + this.ttlMs;
          continue;
        }
        this.logger.warn({ lease: name }, `lost the lease ${name}: another process holds it`);
      } catch (err) {
        if (this.now() < held.until) continue;
        this.logger.warn({ lease: name, err: describeError(err) }, `could not renew the lease ${name} before it ran out: giving it up`);
      }
      this.drop(name, held);
    }
    this.shedOne(now);
  }

  private drop(name: string, held: Held): void {
    held.controller.abort();
    if (!held.inUse && this.held.get(name) === held) this.held.delete(name);
  }

  private shedOne(now: number): void {
    const live = new Set(this.members.map((m) => m.owner));
    for (const [name, held] of this.held) {
      if (held.controller.signal.aborted || held.busy > 0 || now - held.since < this.ttlMs) continue;
      const preferred = this.preferredOwner(name);
      if (preferred === this.owner || !live.has(preferred)) continue;
      this.logger.info({ lease: name, to: preferred }, `handing the lease ${name} over to the process it belongs to`);
      held.shed = true;
      if (!held.inUse) {
        this.held.delete(name);
        void this.store.release(name, this.owner, now).catch(() => undefined);
      }
      held.controller.abort();
      return;
    }
  }

  private nextTick(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.wakeWaiters.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private wake(): void {
    for (const wake of this.wakeWaiters.splice(0)) wake();
  }
}

/**
 * A view of a gate under a prefix (`projection:`, `saga:`): one lease store for every kind of consumer
 * without their names colliding. `rank` orders the members wanting each lease (see ConsumerLeases).
 */
export function prefixedGate(gate: ConsumerGate, prefix: string, rank?: (consumer: string) => number): ConsumerGate {
  return {
    admit: (consumer, signal) => gate.admit(`${prefix}${consumer}`, signal, rank?.(consumer)),
  };
}
