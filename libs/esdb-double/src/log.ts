import { randomUUID } from 'node:crypto';

/**
 * The double's transaction log: every event of every stream in one array ordered by position, as in
 * EventStoreDB's `$all`. Positions grow like byte offsets in a transaction file (each event moves the
 * position on by a size derived from its bytes) and every event's commit position equals its prepare
 * position, as for events written by the gRPC API to a real server.
 */
export interface StoredEvent {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  /** `application/json` or `application/octet-stream`, as the writer said. */
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server puts in the `created` metadata entry. */
  readonly created: bigint;
  readonly position: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** What the writer expects, as on the wire: a revision, or one of the three markers. */
export type WireExpected = { readonly kind: 'any' } | { readonly kind: 'no_stream' } | { readonly kind: 'stream_exists' } | { readonly kind: 'revision'; readonly revision: number };

export type AppendOutcome =
  | { readonly kind: 'written' | 'idempotent'; readonly lastRevision: number; readonly position: bigint }
  | { readonly kind: 'wrong_expected_version'; readonly current: number | 'no_stream' };

/** A server-side filter as the client sends it: on stream name or event type, by prefixes or a regex. */
export interface WireFilter {
  readonly on: 'stream' | 'eventType';
  readonly prefixes: readonly string[];
  readonly regex?: RegExp;
}

export function filterMatches(filter: WireFilter | undefined, event: StoredEvent): boolean {
  if (!filter) return true;
  const subject = filter.on === 'stream' ? event.streamId : event.type;
  if (filter.regex) return filter.regex.test(subject);
  return filter.prefixes.some((p) => subject.startsWith(p));
}

export interface EsdbDoubleLogOptions {
  /** Seeds the system events a fresh EventStoreDB node writes (`$settings`, `$users`, `$stats-…`, …). Default true. */
  readonly systemEvents?: boolean;
  /**
   * Writes a `$statsCollected` event to `$stats-127.0.0.1:2113` after every N user appends, as a real node does
   * on a timer, so system events are interleaved with user events. 0 disables. Default 10.
   */
  readonly statsEvery?: number;
  /** The double's clock (for `created`). */
  readonly now?: () => Date;
}

const STATS_STREAM = '$stats-127.0.0.1:2113';
const json = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
const EMPTY = new Uint8Array(0);

/** The data of a double: survives stopping the server, so a restart on the same port serves the same log. */
export class EsdbDoubleLog {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly waiters = new Set<() => void>();
  private nextPosition = 0n;
  private userAppends = 0;
  private readonly statsEvery: number;
  private readonly now: () => Date;

  constructor(options: EsdbDoubleLogOptions = {}) {
    this.statsEvery = options.statsEvery ?? 10;
    this.now = options.now ?? (() => new Date());
    if (options.systemEvents ?? true) this.seedSystemEvents();
  }

  /** Every event in log order (system events included). */
  get events(): readonly StoredEvent[] {
    return this.all;
  }

  stream(streamId: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamId);
  }

  /** Index of the first event at or after `position`. */
  indexAtOrAfter(position: bigint): number {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.all[mid]!.position < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Appends with EventStoreDB's rules: the expected version is checked against the stream's last revision;
   * a batch whose ids are already in the stream at the expected place is an idempotent retry (nothing written,
   * the original revision and position answered); for `any` / `stream_exists`, the same ids found at the
   * stream's tail of the retried batch count as a retry too.
   */
  append(streamId: string, proposed: readonly ProposedEvent[], expected: WireExpected): AppendOutcome {
    const existing = this.streams.get(streamId) ?? [];
    const current = existing.length - 1; // -1: no stream
    const replay = this.findReplay(existing, proposed, expected);
    if (replay) return replay;
    const ok =
      expected.kind === 'any' ||
      (expected.kind === 'no_stream' && current === -1) ||
      (expected.kind === 'stream_exists' && current >= 0) ||
      (expected.kind === 'revision' && expected.revision === current);
    if (!ok) return { kind: 'wrong_expected_version', current: current === -1 ? 'no_stream' : current };
    if (proposed.length === 0) {
      return { kind: 'written', lastRevision: current, position: existing.at(-1)?.position ?? -1n };
    }
    const written = this.write(streamId, proposed);
    if (!streamId.startsWith('$')) {
      this.userAppends += 1;
      if (this.statsEvery > 0 && this.userAppends % this.statsEvery === 0) this.writeStats();
    }
    this.wake();
    return { kind: 'written', lastRevision: written.at(-1)!.revision, position: written.at(-1)!.position };
  }

  private findReplay(existing: StoredEvent[], proposed: readonly ProposedEvent[], expected: WireExpected): AppendOutcome | null {
    if (proposed.length === 0) return null;
    let start: number;
    if (expected.kind === 'no_stream') start = 0;
    else if (expected.kind === 'revision') start = expected.revision + 1;
    else {
      // any / stream_exists: look the first id up in the stream.
      start = existing.findIndex((e) => e.id === proposed[0]!.id);
      if (start < 0) return null;
    }
    if (start < 0 || start >= existing.length) return null;
    for (let i = 0; i < proposed.length; i++) {
      const e = existing[start + i];
      if (!e || e.id !== proposed[i]!.id) {
        // Part of the batch is there and part not: the server reports the stream's real state.
        if (i > 0) return { kind: 'wrong_expected_version', current: existing.length - 1 };
        return null;
      }
    }
    const last = existing[start + proposed.length - 1]!;
    return { kind: 'idempotent', lastRevision: last.revision, position: last.position };
  }

  private write(streamId: string, proposed: readonly ProposedEvent[]): StoredEvent[] {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = [];
      this.streams.set(streamId, stream);
    }
    const created = BigInt(this.now().getTime()) * 10_000n;
    const out: StoredEvent[] = [];
    for (const p of proposed) {
      const event: StoredEvent = {
        id: p.id,
        streamId,
        revision: stream.length,
        type: p.type,
        contentType: p.contentType,
        data: p.data,
        customMetadata: p.customMetadata,
        created,
        position: this.nextPosition,
      };
      // A prepare record's size: a header plus the stream id, type, data and metadata, 8-byte aligned.
      const size = 96 + Buffer.byteLength(streamId) + Buffer.byteLength(p.type) + p.data.length + p.customMetadata.length;
      this.nextPosition += BigInt(Math.ceil(size / 8) * 8);
      stream.push(event);
      this.all.push(event);
      out.push(event);
    }
    return out;
  }

  private system(streamId: string, type: string, data: unknown): void {
    this.write(streamId, [{ id: randomUUID(), type, contentType: 'application/json', data: json(data), customMetadata: EMPTY }]);
  }

  private seedSystemEvents(): void {
    // What a fresh single node writes before any client does (abridged).
    this.nextPosition = 1_024n;
    this.system('$users', '$UserCreated', 'admin');
    this.system('$user-admin', '$user', { loginName: 'admin', fullName: 'Event Store Administrator', groups: ['$admins'] });
    this.system('$settings', '$settings', { $userStreamAcl: { $r: '$all', $w: '$all' }, $systemStreamAcl: { $r: '$admins', $w: '$admins' } });
    this.system(`$$${STATS_STREAM}`, '$metadata', { $maxAge: 86_400 });
    this.writeStats();
    // A link event in a stream whose name does not start with `$` (projections write these): only its type says "system".
    this.system('by-category-Orders', '$>', '0@$users');
  }

  private writeStats(): void {
    this.system(STATS_STREAM, '$statsCollected', { 'proc-startTime': this.now().toISOString(), 'es-queue-Main-length': 0 });
  }

  /** Writes one more `$statsCollected` system event now (tests use it to put a system event at the head). */
  collectStats(): void {
    this.writeStats();
    this.wake();
  }

  /** Resolves on the next append, or when `signal` aborts. */
  waitForAppend(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}
