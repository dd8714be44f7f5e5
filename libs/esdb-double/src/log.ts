import { randomUUID } from 'node:crypto';

/**
 * The double's transaction log and index: what an EventStoreDB 24.10 node keeps on disk, in memory. Every
 * server rule here names the server source it follows (paths under `src/` of EventStore/EventStore, tag
 * v24.10.4); `libs/esdb-double/README.md` lists them.
 */
export interface StoredEvent {
  readonly id: string;
  readonly streamId: string;
  /** The event number; a tombstone's is long.MaxValue on the wire (`tombstone` is set). */
  readonly revision: number;
  readonly type: string;
  /** `application/json` or `application/octet-stream`, as the writer said. */
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server puts in the `created` metadata entry. */
  readonly created: bigint;
  /** Byte offset of the event's prepare record in the transaction file (commit = prepare for gRPC writes). */
  readonly position: bigint;
  readonly tombstone?: true;
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

/** The stream's state as the server reports it in a wrong-expected-version answer. */
export type CurrentRevision = number | 'no_stream';

export type AppendOutcome =
  | { readonly kind: 'written' | 'idempotent'; readonly lastRevision: number; readonly position: bigint }
  | { readonly kind: 'wrong_expected_version'; readonly current: CurrentRevision }
  | { readonly kind: 'stream_deleted' };

export type DeleteOutcome =
  | { readonly kind: 'deleted'; readonly position: bigint }
  | { readonly kind: 'wrong_expected_version'; readonly current: CurrentRevision }
  | { readonly kind: 'stream_deleted' };

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

/** What a stream read sees of a stream: its events after metadata, or why there are none. */
export type StreamView =
  | { readonly kind: 'events'; readonly events: readonly StoredEvent[]; readonly lastRevision: number }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'deleted' };

/** An event as reads return it: itself, or (with resolveLinkTos) the event a `$>` link points at plus the link. */
export interface ResolvedRead {
  /** Undefined when a link's target is gone (`ForFailedResolvedLink`). */
  readonly event: StoredEvent | undefined;
  readonly link: StoredEvent | undefined;
  /** Where this entry sits in what was read: the link's position for a link. */
  readonly position: bigint;
}

export interface EsdbDoubleLogOptions {
  /** Seeds the system events a fresh EventStoreDB node writes (`$settings`, `$users`, `$stats-…`, …). Default true. */
  readonly systemEvents?: boolean;
  /**
   * Writes a `$statsCollected` event to `$stats-127.0.0.1:2113` after every N user appends, as a real node does
   * on a timer, so system events are interleaved with user events. 0 disables. Default 10.
   */
  readonly statsEvery?: number;
  /** The double's clock (for `created` and `$maxAge`). */
  readonly now?: () => Date;
  /** `MaxAppendSize` (bytes of data, metadata and type per append). Default 1 MiB, the server's default. */
  readonly maxAppendSize?: number;
}

/** long.MaxValue: the tombstone's event number and the soft-delete `$tb` (`EventNumber.DeletedStream`). */
export const DELETED_STREAM = 9_223_372_036_854_775_807n;
const STATS_STREAM = '$stats-127.0.0.1:2113';
/** `IndexWriter._committedEvents` is a BoundedCache of this many event ids. */
const COMMITTED_EVENTS_CACHE = 100_000;
const json = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
const EMPTY = new Uint8Array(0);

interface StreamState {
  readonly events: StoredEvent[];
  tombstone?: StoredEvent;
}

interface StreamMetadata {
  readonly maxCount?: number;
  readonly maxAgeSeconds?: number;
  /** Undefined, an event number, or 'deleted' (soft delete: `$tb` = long.MaxValue). */
  readonly truncateBefore?: number | 'deleted';
}

type CommitCheck =
  | { readonly decision: 'ok'; readonly softDeleted: boolean }
  | { readonly decision: 'idempotent'; readonly last: StoredEvent }
  | { readonly decision: 'wrong_expected_version'; readonly current: CurrentRevision }
  | { readonly decision: 'deleted' };

/** Size on disk of a string written by .NET's BinaryWriter: a 7-bit-encoded byte length, then UTF-8. */
function binaryWriterStringSize(value: string): number {
  const bytes = Buffer.byteLength(value, 'utf8');
  let prefix = 1;
  for (let n = bytes >>> 7; n > 0; n >>>= 7) prefix += 1;
  return prefix + bytes;
}

/**
 * Bytes a LogV2 prepare record takes in a chunk (`TransactionLog/LogRecords/PrepareLogRecord.cs` WriteTo, framed
 * by a 4-byte length before and after it): record type, version, log position, flags, transaction position and
 * offset, expected version, stream id, event id, correlation id, timestamp, event type, data and metadata.
 */
function prepareRecordSize(streamId: string, type: string, data: Uint8Array, metadata: Uint8Array): number {
  return 4 + (1 + 1 + 8) + 2 + 8 + 4 + 8 + binaryWriterStringSize(streamId) + 16 + 16 + 8 + binaryWriterStringSize(type) + 4 + data.length + 4 + metadata.length + 4;
}

/**
 * Bytes of a system record holding an epoch (`SystemLogRecord.cs` WriteTo: header, timestamp, system record
 * type and serialization, 8 reserved bytes, then the JSON of `EpochRecord`), framed like every record.
 */
function epochRecordSize(epochJson: string): number {
  return 4 + (1 + 1 + 8) + 8 + 1 + 1 + 8 + 4 + Buffer.byteLength(epochJson) + 4;
}

/** The data of a double: survives stopping the server, so a restart on the same port serves the same log. */
export class EsdbDoubleLog {
  private readonly all: StoredEvent[] = [];
  private readonly streams = new Map<string, StreamState>();
  /** Where every record (events and system records alike) starts in the transaction file. */
  private readonly recordStarts = new Set<bigint>();
  /** Event id → where it was committed; in memory only, so a restart forgets it (`IndexWriter._committedEvents`). */
  private committedEvents = new Map<string, { readonly streamId: string; readonly revision: number }>();
  private readonly waiters = new Set<() => void>();
  private nextPosition = 0n;
  private epochNumber = -1;
  private userAppends = 0;
  private served = false;
  private readonly systemEvents: boolean;
  private readonly statsEvery: number;
  private readonly now: () => Date;
  readonly maxAppendSize: number;

  constructor(options: EsdbDoubleLogOptions = {}) {
    this.statsEvery = options.statsEvery ?? 10;
    this.now = options.now ?? (() => new Date());
    this.maxAppendSize = options.maxAppendSize ?? 1_024 * 1_024;
    this.systemEvents = options.systemEvents ?? true;
    this.open();
    if (this.systemEvents) this.seedSystemEvents();
  }

  /** A server starts serving this log; every start after the first is a node restart. */
  serve(): void {
    if (this.served) this.open();
    this.served = true;
  }

  /** Every event in log order (system events included). */
  get events(): readonly StoredEvent[] {
    return this.all;
  }

  /** The writer checkpoint: where the next record will start. */
  get endPosition(): bigint {
    return this.nextPosition;
  }

  /** The position of the last event (`ReadIndex.LastIndexedPosition`), or -1. */
  get lastIndexedPosition(): bigint {
    return this.all.at(-1)?.position ?? -1n;
  }

  /** The raw stream (every event ever written to it, tombstone excluded) — for tests. */
  stream(streamId: string): readonly StoredEvent[] | undefined {
    return this.streams.get(streamId)?.events;
  }

  /**
   * Whether a read of `$all` may start at `position`: only where a record starts, or at/after the end of the
   * log. Anything else lands in the middle of a record, and the chunk reader fails on it
   * (`Services/Storage/StorageReaderWorker.cs`: InvalidReadException → ReadAllResult.InvalidPosition).
   */
  isReadablePosition(position: bigint): boolean {
    return position >= this.nextPosition || this.recordStarts.has(position);
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
   * A node (re)starting on this log: it writes a new epoch (a system record, not an event, between the events
   * of `$all`) and an `$epoch-information` event (`Services/Storage/EpochManager/EpochManager.cs`), and its
   * in-memory idempotency cache starts empty.
   */
  private open(): void {
    this.committedEvents = new Map();
    this.epochNumber += 1;
    const epoch = JSON.stringify({ epochPosition: this.nextPosition.toString(), epochNumber: this.epochNumber, epochId: randomUUID(), leaderInstanceId: randomUUID(), time: this.now().toISOString() });
    this.recordStarts.add(this.nextPosition);
    this.nextPosition += BigInt(epochRecordSize(epoch));
    if (this.systemEvents) this.system('$epoch-information', '$epoch-information', { epochNumber: this.epochNumber });
    this.wake();
  }

  /** Appends with EventStoreDB's rules (`Services/Storage/StorageWriterService.cs`, `IndexWriter.CheckCommit`). */
  append(streamId: string, proposed: readonly ProposedEvent[], expected: WireExpected): AppendOutcome {
    const check = this.checkCommit(streamId, expectedVersion(expected), proposed.map((p) => p.id));
    switch (check.decision) {
      case 'deleted':
        return { kind: 'stream_deleted' };
      case 'wrong_expected_version':
        return { kind: 'wrong_expected_version', current: check.current };
      case 'idempotent':
        return { kind: 'idempotent', lastRevision: check.last.revision, position: check.last.position };
      case 'ok':
        break;
    }
    const state = this.streams.get(streamId);
    const current = state ? state.events.length - 1 : -1;
    if (proposed.length === 0) {
      return { kind: 'written', lastRevision: current, position: -1n };
    }
    // Writing to a soft-deleted stream brings it back from the next event number on (SoftUndeleteStream).
    if (check.softDeleted) this.softUndelete(streamId, current + 1);
    const written = this.write(streamId, proposed);
    if (!streamId.startsWith('$')) {
      this.userAppends += 1;
      if (this.statsEvery > 0 && this.userAppends % this.statsEvery === 0) this.writeStats();
    }
    this.wake();
    return { kind: 'written', lastRevision: written.at(-1)!.revision, position: written.at(-1)!.position };
  }

  /**
   * Soft delete (a `$metadata` event with `$tb` = long.MaxValue in `$$stream`) or hard delete (a
   * `$streamDeleted` tombstone in the stream), after the same commit check as an append with a fresh event id
   * (`StorageWriterService.cs`, `IHandle<StorageMessage.WriteDelete>`).
   */
  delete(streamId: string, expected: WireExpected, hard: boolean): DeleteOutcome {
    const check = this.checkCommit(streamId, expectedVersion(expected), [randomUUID()]);
    if (check.decision === 'deleted') return { kind: 'stream_deleted' };
    if (check.decision === 'wrong_expected_version') return { kind: 'wrong_expected_version', current: check.current };
    const state = this.streams.get(streamId);
    let position: bigint;
    if (hard) {
      const stream = this.streamState(streamId);
      const [tombstone] = this.writeRecords(streamId, [{ id: randomUUID(), type: '$streamDeleted', contentType: 'application/octet-stream', data: EMPTY, customMetadata: EMPTY }], true);
      stream.tombstone = tombstone!;
      position = tombstone!.position;
    } else {
      const metaStream = `$$${streamId}`;
      if ((state?.events.length ?? 0) === 0 && (this.streams.get(metaStream)?.events.length ?? 0) === 0) {
        return { kind: 'wrong_expected_version', current: 'no_stream' };
      }
      const [meta] = this.write(metaStream, [{ id: randomUUID(), type: '$metadata', contentType: 'application/json', data: new Uint8Array(Buffer.from(`{"$tb":${DELETED_STREAM}}`)), customMetadata: EMPTY }]);
      position = meta!.position;
    }
    this.wake();
    return { kind: 'deleted', position };
  }

  /**
   * `IndexWriter.CheckCommit`: for `any`/`stream_exists` a retry is recognised only through the in-memory cache
   * of committed event ids; for an exact revision or `no_stream` through the stream's own events (durable).
   */
  private checkCommit(streamId: string, expected: number, ids: readonly string[]): CommitCheck {
    const state = this.streams.get(streamId);
    if (state?.tombstone) return { decision: 'deleted' };
    const current = state ? state.events.length - 1 : -1;
    const softDeleted = this.metadataOf(streamId).truncateBefore === 'deleted';
    const currentRevision: CurrentRevision = current < 0 ? 'no_stream' : current;
    if (expected === STREAM_EXISTS) {
      if (softDeleted) return { decision: 'deleted' };
      if (current < 0 && (this.streams.get(`$$${streamId}`)?.events.length ?? 0) === 0) return { decision: 'wrong_expected_version', current: currentRevision };
    }
    if (expected === ANY || expected === STREAM_EXISTS) {
      let last: StoredEvent | undefined;
      for (const [i, id] of ids.entries()) {
        const found = this.committedEvents.get(id);
        if (!found || found.streamId !== streamId) {
          return i === 0 ? { decision: 'ok', softDeleted } : { decision: 'wrong_expected_version', current: currentRevision };
        }
        last = state!.events[found.revision];
      }
      return last ? { decision: 'idempotent', last } : { decision: 'ok', softDeleted };
    }
    if (expected < current) {
      let revision = expected;
      for (const id of ids) {
        revision += 1;
        if (state!.events[revision]?.id === id) continue;
        if (revision !== expected + 1) return { decision: 'wrong_expected_version', current: currentRevision };
        if (expected === NO_STREAM && softDeleted) return { decision: 'ok', softDeleted };
        return { decision: 'wrong_expected_version', current: currentRevision };
      }
      if (revision === expected) return { decision: 'wrong_expected_version', current: currentRevision };
      return { decision: 'idempotent', last: state!.events[revision]! };
    }
    if (expected > current) return { decision: 'wrong_expected_version', current: currentRevision };
    return { decision: 'ok', softDeleted };
  }

  /** The stream as a read sees it (`Services/Storage/ReaderIndex/IndexReader.cs` ReadStreamEvents*). */
  view(streamId: string): StreamView {
    const state = this.streams.get(streamId);
    if (state?.tombstone) return { kind: 'deleted' };
    const last = state ? state.events.length - 1 : -1;
    const metadata = this.metadataOf(streamId);
    if (last < 0 || metadata.truncateBefore === 'deleted') return { kind: 'not_found' };
    let min = 0;
    if (metadata.maxCount !== undefined) min = Math.max(min, last - metadata.maxCount + 1);
    if (typeof metadata.truncateBefore === 'number') min = Math.max(min, metadata.truncateBefore);
    let events = state!.events.slice(min);
    if (metadata.maxAgeSeconds !== undefined) {
      const threshold = (BigInt(this.now().getTime()) - BigInt(metadata.maxAgeSeconds) * 1000n) * 10_000n;
      events = events.filter((e) => e.created >= threshold);
    }
    return { kind: 'events', events, lastRevision: last };
  }

  /** The stream's tombstone, if it was hard-deleted. */
  tombstoneOf(streamId: string): StoredEvent | undefined {
    return this.streams.get(streamId)?.tombstone;
  }

  /** `$maxCount`, `$maxAge` and `$tb` from the last event of `$$stream` (`Data/StreamMetadata.cs`). */
  private metadataOf(streamId: string): StreamMetadata {
    if (streamId.startsWith('$$')) return {};
    const last = this.streams.get(`$$${streamId}`)?.events.at(-1);
    if (!last) return {};
    const text = Buffer.from(last.data).toString('utf8');
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return {};
    }
    const count = (v: unknown) => (typeof v === 'number' && v >= 0 ? v : undefined);
    // `$tb` of long.MaxValue does not survive a JS number: read it from the text.
    const tb = /"\$tb"\s*:\s*9223372036854775807\b/.test(text) ? 'deleted' : count(parsed.$tb);
    return { maxCount: count(parsed.$maxCount), maxAgeSeconds: count(parsed.$maxAge), truncateBefore: tb };
  }

  /** Rewrites `$$stream` with `$tb` = `from`, keeping the rest of its metadata (`SoftUndeleteRawMeta`). */
  private softUndelete(streamId: string, from: number): void {
    const metaStream = `$$${streamId}`;
    const last = this.streams.get(metaStream)?.events.at(-1);
    const text = last ? Buffer.from(last.data).toString('utf8').replace(/"\$tb"\s*:\s*9223372036854775807/, '"$tb":0') : '{}';
    let meta: Record<string, unknown> = {};
    try {
      meta = JSON.parse(text) as Record<string, unknown>;
    } catch {
      meta = {};
    }
    this.write(metaStream, [{ id: randomUUID(), type: '$metadata', contentType: 'application/json', data: json({ ...meta, $tb: from }), customMetadata: EMPTY }]);
  }

  /**
   * Resolves a `$>` link ("N@stream") to the event it names, as `StorageReaderWorker.ResolveLinkToEvent` does: a
   * target that cannot be read (deleted, truncated, missing) gives the link with no event.
   */
  resolve(event: StoredEvent, resolveLinks: boolean, position: bigint = event.position): ResolvedRead {
    if (!resolveLinks || event.type !== '$>') return { event, link: undefined, position };
    const text = Buffer.from(event.data).toString('utf8');
    const at = text.indexOf('@');
    const number = at > 0 ? Number(text.slice(0, at)) : Number.NaN;
    if (!Number.isInteger(number)) return { event, link: undefined, position };
    const view = this.view(text.slice(at + 1));
    const target = view.kind === 'events' ? view.events.find((e) => e.revision === number) : undefined;
    return { event: target, link: event, position };
  }

  private streamState(streamId: string): StreamState {
    let stream = this.streams.get(streamId);
    if (!stream) {
      stream = { events: [] };
      this.streams.set(streamId, stream);
    }
    return stream;
  }

  private write(streamId: string, proposed: readonly ProposedEvent[]): StoredEvent[] {
    return this.writeRecords(streamId, proposed, false);
  }

  private writeRecords(streamId: string, proposed: readonly ProposedEvent[], tombstone: boolean): StoredEvent[] {
    const stream = this.streamState(streamId);
    const created = BigInt(this.now().getTime()) * 10_000n;
    const out: StoredEvent[] = [];
    for (const p of proposed) {
      const event: StoredEvent = {
        id: p.id,
        streamId,
        revision: tombstone ? Number.MAX_SAFE_INTEGER : stream.events.length,
        type: p.type,
        contentType: p.contentType,
        data: p.data,
        customMetadata: p.customMetadata,
        created,
        position: this.nextPosition,
        ...(tombstone ? { tombstone: true as const } : {}),
      };
      this.recordStarts.add(this.nextPosition);
      this.nextPosition += BigInt(prepareRecordSize(streamId, p.type, p.data, p.customMetadata));
      if (!tombstone) {
        stream.events.push(event);
        this.remember(event);
      }
      this.all.push(event);
      out.push(event);
    }
    return out;
  }

  private remember(event: StoredEvent): void {
    this.committedEvents.set(event.id, { streamId: event.streamId, revision: event.revision });
    if (this.committedEvents.size > COMMITTED_EVENTS_CACHE) {
      this.committedEvents.delete(this.committedEvents.keys().next().value!);
    }
  }

  private system(streamId: string, type: string, data: unknown): void {
    this.write(streamId, [{ id: randomUUID(), type, contentType: 'application/json', data: json(data), customMetadata: EMPTY }]);
  }

  private seedSystemEvents(): void {
    // What a fresh single node writes before any client does (abridged): the default users and ACL settings,
    // and its stats stream with a $maxAge.
    this.system('$users', '$UserCreated', 'admin');
    this.system('$user-admin', '$user', { loginName: 'admin', fullName: 'Event Store Administrator', groups: ['$admins'] });
    this.system('$users', '$UserCreated', 'ops');
    this.system('$user-ops', '$user', { loginName: 'ops', fullName: 'Event Store Operations', groups: ['$ops'] });
    this.system('$settings', '$settings', { $userStreamAcl: { $r: '$all', $w: '$all' }, $systemStreamAcl: { $r: '$admins', $w: '$admins' } });
    this.system(`$$${STATS_STREAM}`, '$metadata', { $maxAge: 86_400 });
    this.writeStats();
  }

  private writeStats(): void {
    this.system(STATS_STREAM, '$statsCollected', { 'proc-startTime': this.now().toISOString(), 'es-queue-Main-length': 0 });
  }

  /** Writes one more `$statsCollected` system event now (tests use it to put a system event at the head). */
  collectStats(): void {
    this.writeStats();
    this.wake();
  }

  /** A counter that moves on every write: subscribers compare it to know whether they missed a wake-up. */
  get version(): number {
    return this.all.length;
  }

  /** Resolves on the next write after `seenVersion` (at once if one happened already), or when `signal` aborts. */
  waitForAppend(signal: AbortSignal, seenVersion: number): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted || this.version !== seenVersion) return resolve();
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

/** `AnyStreamRevision` as the server's writer sees it. */
const ANY = -2;
const NO_STREAM = -1;
const STREAM_EXISTS = -4;

function expectedVersion(expected: WireExpected): number {
  switch (expected.kind) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'revision':
      return expected.revision;
  }
}
