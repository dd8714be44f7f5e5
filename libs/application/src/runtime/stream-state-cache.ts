/** What the executor keeps of a stream between commands: its folded state, where it is, and its event ids. */
export interface CachedStream<S> {
  readonly state: S;
  /** The revision of the last event folded into `state`; -1 when the stream had no event. */
  readonly revision: number;
  /** Ids of every event folded in (idempotent retries are found by id). */
  readonly ids: ReadonlySet<string>;
}

export interface StreamStateCacheOptions {
  /** Streams kept at most; the least recently used goes first (default 10,000). */
  readonly maxStreams?: number;
  /**
   * An entry not used for this long is dropped (default 60 s). The folded state holds decrypted personal data:
   * this bounds how long it stays in memory after its last command (docs/personal-data.md).
   */
  readonly maxIdleMs?: number;
  /** Milliseconds on a monotonic scale (tests pass their own). */
  readonly now?: () => number;
}

interface Entry<S> {
  readonly value: CachedStream<S>;
  usedAt: number;
}

/**
 * A bounded, idle-expiring map from (decider, stream id) to folded state: the command path reads only the events
 * appended after the cached revision instead of the whole stream. It is a cache, never the truth —
 * the executor still appends with the expected revision, and drops the entry on any conflict.
 */
export class StreamStateCache {
  private readonly maxStreams: number;
  private readonly maxIdleMs: number;
  private readonly now: () => number;
  /** Insertion order is recency order: a hit moves its entry to the end. */
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly owners = new WeakMap<object, string>();
  private nextOwner = 0;
  private sweeper: NodeJS.Timeout | null = null;

  constructor(options: StreamStateCacheOptions = {}) {
    this.maxStreams = options.maxStreams ?? 10_000;
    this.maxIdleMs = options.maxIdleMs ?? 60_000;
    this.now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.entries.size;
  }

  get<S>(owner: object, streamId: string): CachedStream<S> | undefined {
    const key = this.key(owner, streamId);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (now - entry.usedAt > this.maxIdleMs) {
      this.entries.delete(key);
      return undefined;
    }
    entry.usedAt = now;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value as CachedStream<S>;
  }

  /** Keeps `value` unless the cache already holds a later revision of the stream. */
  set<S>(owner: object, streamId: string, value: CachedStream<S>): void {
    const key = this.key(owner, streamId);
    const held = this.entries.get(key);
    if (held && (held.value as CachedStream<S>).revision > value.revision) return;
    this.entries.delete(key);
    this.entries.set(key, { value, usedAt: this.now() });
    while (this.entries.size > this.maxStreams) this.entries.delete(this.entries.keys().next().value!);
    this.scheduleSweep();
  }

  delete(owner: object, streamId: string): void {
    this.entries.delete(this.key(owner, streamId));
  }

  clear(): void {
    this.entries.clear();
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  /** Drops every entry idle for longer than maxIdleMs (also run by a timer, so an idle process forgets too). */
  sweep(): void {
    const limit = this.now() - this.maxIdleMs;
    for (const [key, entry] of this.entries) {
      if (entry.usedAt >= limit) break; // recency order: the rest were used later
      this.entries.delete(key);
    }
    if (this.entries.size === 0) this.clear();
  }

  private scheduleSweep(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), Math.max(1_000, Math.ceil(this.maxIdleMs / 2)));
    this.sweeper.unref();
  }

  /** The same stream id folded by two deciders (tests do that) gets two entries. */
  private key(owner: object, streamId: string): string {
    let id = this.owners.get(owner);
    if (id === undefined) {
      id = String(this.nextOwner++);
      this.owners.set(owner, id);
    }
    return `${id}\u0000${streamId}`;
  }
}
