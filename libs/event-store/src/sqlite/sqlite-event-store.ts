import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuplicateEventIdError, StreamNotFoundError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult,
  EventData,
  EventStore,
  ExpectedRevision,
  LogFilter,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port';
import { logFilterPredicate } from '../log-filter';
import { readAllStart } from '../read-all-start';
import { checkExpectedRevision, subscriptionFromPages } from '../subscription';

export interface SqliteEventStoreOptions {
  /** Path of the database file (`:memory:` for tests that need no file). */
  readonly file: string;
  /**
   * How often a live subscription looks for events written by *other* processes (a CLI seed, a worker).
   * Appends through this instance wake its subscribers at once.
   */
  readonly pollIntervalMs?: number;
  /** Rows per page when reading the global log. */
  readonly pageSize?: number;
}

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

/** Page statements of the global log kept prepared (one per filter shape and direction). */
const PAGE_STATEMENT_CACHE = 64;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT    NOT NULL,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_id, revision);
CREATE INDEX IF NOT EXISTS events_type_position ON events (type, position);
`;

/** What an append through this instance wrote, for waking only the subscribers it concerns. */
interface Appended {
  readonly streamId: string;
  readonly types: readonly string[];
}

/** An append waiting for the next group commit, with where its own answer goes. */
interface QueuedAppend {
  readonly streamId: string;
  readonly events: readonly EventData[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (err: unknown) => void;
  outcome?: { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };
}

/** How many transactions this instance committed for how many appends (the group commit's effect). */
export interface GroupCommitStats {
  readonly transactions: number;
  readonly appends: number;
  /** The most appends one transaction carried. */
  readonly largestGroup: number;
}

/**
 * The embedded default event store: one SQLite file (WAL, synchronous=FULL so an acknowledged append
 * survives a power cut). AUTOINCREMENT makes the global position monotonic and never reused; SQLite
 * serializes writers, so a position becomes visible only after every smaller one: subscribers that read
 * `position > checkpoint` can never skip an event.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private closed = false;
  private readonly stmts: ReturnType<SqliteEventStore['prepare']>;
  private readonly appendTx: (streamId: string, events: readonly EventData[], expected: ExpectedRevision) => AppendResult;
  private readonly groupTx: (group: readonly QueuedAppend[]) => void;
  /** Appends waiting for the group commit at the end of this event-loop turn. */
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  /** An append was committed in this event-loop turn (cleared by the next turn's check phase when idle). */
  private committedThisTurn = false;
  private coolingScheduled = false;
  private stats = { transactions: 0, appends: 0, largestGroup: 0 };
  private readonly pageStatements = new Map<string, Database.Statement<unknown[], EventRow>>();

  constructor(options: SqliteEventStoreOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
    this.pageSize = options.pageSize ?? 1000;
    this.appended.setMaxListeners(0);
    this.stmts = this.prepare();
    const tx = this.db.transaction((streamId: string, events: readonly EventData[], expected: ExpectedRevision) =>
      this.appendInTransaction(streamId, events, expected),
    );
    // IMMEDIATE takes the write lock at BEGIN, so two processes never deadlock upgrading a read lock.
    this.appendTx = (s, e, x) => tx.immediate(s, e, x);
    // Each append of a group runs in its own SAVEPOINT (better-sqlite3 nests a transaction function called
    // inside another that way): a refused one rolls back alone, the others commit together.
    const group = this.db.transaction((queued: readonly QueuedAppend[]) => {
      for (const q of queued) {
        try {
          q.outcome = { ok: true, result: tx(q.streamId, q.events, q.expected) };
        } catch (error) {
          q.outcome = { ok: false, error };
        }
      }
    });
    this.groupTx = (queued) => group.immediate(queued);
  }

  /** Transactions committed and appends they carried, since this instance opened. */
  get groupCommitStats(): GroupCommitStats {
    return { ...this.stats };
  }

  /** The underlying connection, for adapters that share the file (tests, the audit verifier). */
  get database(): Database.Database {
    return this.db;
  }

  private prepare() {
    const db = this.db;
    return {
      lastRevision: db.prepare<[string], { revision: number | null }>(
        'SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?',
      ),
      byEventId: db.prepare<[string], { stream_id: string; revision: number; position: number }>(
        'SELECT stream_id, revision, position FROM events WHERE event_id = ?',
      ),
      atRevision: db.prepare<[string, number], { event_id: string; position: number }>(
        'SELECT event_id, position FROM events WHERE stream_id = ? AND revision = ?',
      ),
      insert: db.prepare(
        `INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at)
         VALUES (@event_id, @stream_id, @revision, @type, @data, @metadata, @recorded_at)`,
      ),
      forwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?',
      ),
      backwards: db.prepare<[string, number, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?',
      ),
      head: db.prepare<[], { position: number | null }>('SELECT MAX(position) AS position FROM events'),
    };
  }

  /**
   * Group commit. With `synchronous = FULL` every transaction ends in an fsync that blocks the event loop;
   * appends that arrive in the same event-loop turn (concurrent commands: requests, saga steps) are written in
   * ONE transaction at the end of that turn (setImmediate, after the I/O callbacks and their promise
   * continuations of the turn have run), so they share that fsync. Each keeps its own expected-revision check
   * and its own answer: it runs in a savepoint of its own, and one that is refused (a conflict, a duplicate
   * id) rolls back alone. Positions follow the order the appends were called in. An append that finds the
   * store quiet — nothing committed yet in this turn — is written at once, as a transaction of its own: a
   * caller that appends now and then pays nothing for the grouping.
   */
  async append(streamId: string, events: readonly EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError('append needs at least one event');
    if (!this.committedThisTurn && this.queue.length === 0) {
      const result = this.commitOne(streamId, events, expectedRevision);
      this.announce(streamId, events);
      return result;
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected: expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every queued append in one transaction and answers each with its own outcome. */
  private flush(): void {
    this.flushScheduled = false;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    if (this.closed) {
      for (const q of group) q.reject(new Error('event store is closed'));
      return;
    }
    if (group.length === 1) return this.commitAlone(group[0]!);
    try {
      this.groupTx(group);
    } catch (err) {
      // The commit itself failed (I/O, disk full): nothing of the group is written.
      for (const q of group) q.reject(err);
      return;
    }
    this.committed(group.length);
    for (const q of group) {
      const outcome = q.outcome!;
      if (outcome.ok) {
        this.announce(q.streamId, q.events);
        q.resolve(outcome.result);
      } else {
        q.reject(outcome.error);
      }
    }
  }

  /**
   * An append alone in its turn (a sequential caller's, or the only one of a quiet moment): its own
   * transaction, exactly as an append to a quiet store — no savepoint, which would only add two statements to
   * the same commit.
   */
  private commitAlone(q: QueuedAppend): void {
    let result: AppendResult;
    try {
      result = this.commitOne(q.streamId, q.events, q.expected);
    } catch (err) {
      q.reject(err);
      return;
    }
    this.announce(q.streamId, q.events);
    q.resolve(result);
  }

  /** One append in a transaction of its own. */
  private commitOne(streamId: string, events: readonly EventData[], expected: ExpectedRevision): AppendResult {
    const result = this.appendTx(streamId, events, expected);
    this.committed(1);
    return result;
  }

  /** Wakes the subscribers an append concerns, once it is committed. */
  private announce(streamId: string, events: readonly EventData[]): void {
    this.appended.emit('appended', { streamId, types: events.map((e) => e.type) } satisfies Appended);
  }

  private committed(appends: number): void {
    this.stats.transactions += 1;
    this.stats.appends += appends;
    if (appends > this.stats.largestGroup) this.stats.largestGroup = appends;
    this.busyThisTurn();
  }

  /** Group mode until a turn passes without an append (checked in the next turn's check phase). */
  private busyThisTurn(): void {
    this.committedThisTurn = true;
    if (this.coolingScheduled) return;
    this.coolingScheduled = true;
    setImmediate(() => {
      this.coolingScheduled = false;
      if (this.queue.length === 0 && !this.flushScheduled) this.committedThisTurn = false;
      else this.busyThisTurn();
    });
  }

  private appendInTransaction(streamId: string, events: readonly EventData[], expected: ExpectedRevision): AppendResult {
    const replay = this.findIdempotentReplay(streamId, events, expected);
    if (replay) return replay;
    const last = this.stmts.lastRevision.get(streamId)?.revision ?? null;
    checkExpectedRevision(streamId, expected, last === null ? 'no_stream' : last);
    let revision = last === null ? 0 : last + 1;
    let position = 0;
    const recordedAt = new Date().toISOString();
    for (const e of events) {
      try {
        const info = this.stmts.insert.run({
          event_id: e.id,
          stream_id: streamId,
          revision,
          type: e.type,
          data: JSON.stringify(e.data),
          metadata: JSON.stringify(e.metadata),
          recorded_at: recordedAt,
        });
        position = Number(info.lastInsertRowid);
      } catch (err) {
        // The transaction rolls back as the error leaves it: none of the batch is written.
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String(err).includes('event_id')) {
          throw new DuplicateEventIdError(e.id, streamId);
        }
        throw err;
      }
      revision += 1;
    }
    return { nextExpectedRevision: revision - 1, position: BigInt(position) };
  }

  /**
   * A retry of an append that already happened: the same ids, in the same order, already at the place the
   * caller expected. Answers the first result and writes nothing. The same id elsewhere is an error.
   */
  private findIdempotentReplay(streamId: string, events: readonly EventData[], expected: ExpectedRevision): AppendResult | null {
    const first = this.stmts.byEventId.get(events[0]!.id);
    if (!first) return null;
    if (first.stream_id !== streamId) throw new DuplicateEventIdError(events[0]!.id, streamId);
    const before = first.revision - 1;
    const placeMatches =
      expected === 'any' ||
      (expected === 'no_stream' && before === -1) ||
      (expected === 'stream_exists' && before >= 0) ||
      expected === before;
    if (!placeMatches) {
      const last = this.stmts.lastRevision.get(streamId)?.revision ?? null;
      throw new WrongExpectedRevisionError(streamId, expected, last === null ? 'no_stream' : last);
    }
    let position = first.position;
    for (let i = 1; i < events.length; i++) {
      const row = this.stmts.atRevision.get(streamId, first.revision + i);
      if (!row || row.event_id !== events[i]!.id) throw new DuplicateEventIdError(events[i]!.id, streamId);
      position = row.position;
    }
    return { nextExpectedRevision: first.revision + events.length - 1, position: BigInt(position) };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const limit = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    const revision = from === 'start' ? 0 : from === 'end' ? Number.MAX_SAFE_INTEGER : from;
    const rows =
      direction === 'forwards'
        ? this.stmts.forwards.all(streamId, revision, limit)
        : this.stmts.backwards.all(streamId, revision, limit);
    if (rows.length === 0 && this.stmts.lastRevision.get(streamId)?.revision == null) {
      throw new StreamNotFoundError(streamId);
    }
    return rows.map(toRecorded);
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const { backwards, from, exclusive } = readAllStart(options);
    let cursor = from === 'start' ? 0 : from === 'end' ? Number.MAX_SAFE_INTEGER : Number(from);
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const direction = backwards ? 'backwards' : 'forwards';
    let inclusive = !exclusive;
    while (remaining > 0) {
      // The first page includes the start unless reading `after` it; the next ones start after the last row read.
      const page = this.pagedQuery(options.filter, direction, inclusive);
      inclusive = false;
      const want = Math.min(this.pageSize, remaining);
      const rows = page(cursor, want);
      for (const row of rows) yield toRecorded(row);
      if (rows.length < want) return;
      remaining -= rows.length;
      cursor = rows[rows.length - 1]!.position;
    }
  }

  /** A page reader over the global log; `inclusive` decides whether `cursor` itself is included. */
  private pagedQuery(filter: LogFilter | undefined, direction: 'forwards' | 'backwards', inclusive: boolean) {
    const where: string[] = [];
    const params: unknown[] = [];
    const op = direction === 'forwards' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
    where.push(`position ${op} ?`);
    if (filter?.eventTypes) {
      where.push(`type IN (${filter.eventTypes.map(() => '?').join(',') || 'NULL'})`);
      params.push(...filter.eventTypes);
    }
    if (filter?.streamPrefixes) {
      const parts = filter.streamPrefixes.map(() => 'substr(stream_id, 1, length(?)) = ?');
      where.push(`(${parts.join(' OR ') || '0'})`);
      for (const p of filter.streamPrefixes) params.push(p, p);
    }
    const stmt = this.pageStatement(
      `SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY position ${direction === 'forwards' ? 'ASC' : 'DESC'} LIMIT ?`,
    );
    return (cursor: number, limit: number) => stmt.all(cursor, ...params, limit);
  }

  /**
   * The page statement for this SQL text, prepared once: every readAll and subscription used to prepare its
   * own, and the read-your-writes waits read the log once or more per mutation (bench/). Statements
   * are only ever run with `all`, which finishes and resets them, so sharing one is safe.
   */
  private pageStatement(sql: string): Database.Statement<unknown[], EventRow> {
    let stmt = this.pageStatements.get(sql);
    if (stmt) {
      this.pageStatements.delete(sql);
    } else {
      stmt = this.db.prepare<unknown[], EventRow>(sql);
      if (this.pageStatements.size >= PAGE_STATEMENT_CACHE) this.pageStatements.delete(this.pageStatements.keys().next().value!);
    }
    this.pageStatements.set(sql, stmt);
    return stmt;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const page = this.pagedQuery(options.filter, 'forwards', false);
    const from = options.fromPosition ?? 'start';
    const passes = logFilterPredicate(options.filter);
    const concerns = (appended: Appended) => appended.types.some((type) => passes(appended.streamId, type));
    return subscriptionFromPages({
      after: from === 'start' ? 0n : from,
      pageSize: this.pageSize,
      readPage: async (after, limit) => {
        // The head is read before the page: every event up to it was committed and seen by the page's query
        // (one writer at a time, so positions become visible in order), matched by the filter or not.
        const head = options.filter ? this.stmts.head.get()?.position ?? null : null;
        const events = page(Number(after), limit).map(toRecorded);
        return { events, scannedTo: head === null || events.length === limit ? null : BigInt(head) };
      },
      waitForMore: (signal) => this.waitForAppend(signal, concerns),
      storeClosed: () => this.closed,
    });
  }

  /**
   * Resolves on the next append through this instance that the filter may match (other appends cannot bring
   * the subscriber anything: it would read only to skip them), after the poll interval (appends by other
   * processes), or when aborted or closed.
   */
  private waitForAppend(signal: AbortSignal, concerns: (appended: Appended) => boolean): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off('appended', onAppend);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const onAppend = (appended?: Appended) => {
        if (!appended || concerns(appended)) done();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.appended.on('appended', onAppend);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  async headPosition(): Promise<bigint | null> {
    this.assertOpen();
    const head = this.stmts.head.get()?.position;
    return head == null ? null : BigInt(head);
  }

  async ping(): Promise<void> {
    this.assertOpen();
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already queued were accepted while the store was open: they are committed and answered first.
    this.flush();
    this.closed = true;
    this.appended.emit('appended');
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

function toRecorded(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    revision: row.revision,
    position: BigInt(row.position),
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    recordedAt: new Date(row.recorded_at),
  };
}
