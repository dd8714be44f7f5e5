import { randomUUID } from 'node:crypto';
import {
  Metadata,
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerReadableStream,
  type ServerWritableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { EsdbDoubleLog, filterMatches, type ProposedEvent, type StoredEvent, type WireExpected, type WireFilter } from './log';

/**
 * A wire-level EventStoreDB double: an in-process gRPC server built from the client's own compiled service
 * definition (`Streams`), answering `Streams.Append` and `Streams.Read` the way an EventStoreDB 24.x node does
 * for @eventstore/db-client 6.x. Every other method (BatchAppend, Delete, …) and every other service
 * (ServerFeatures, Gossip, …) answers UNIMPLEMENTED, which makes the client fall back to `Streams.Append`.
 *
 * Test support only: nothing in production imports it.
 */
export interface EsdbDoubleOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The log to serve: pass a stopped double's `data` to restart it with the same events. */
  readonly data?: EsdbDoubleLog;
  /** Interface to listen on; loopback only by default. */
  readonly host?: string;
}

export interface EsdbDouble {
  /** `esdb://host:port?tls=false`, for EVENT_STORE or the client's connectionString. */
  readonly url: string;
  readonly port: number;
  readonly data: EsdbDoubleLog;
  /** Drops every connection at once (as a crashed node does) and stops listening. */
  stop(): Promise<void>;
}

/** The real server's default filter search window: a checkpoint comes every `multiplier × window` events scanned. */
const DEFAULT_SEARCH_WINDOW = 32;

const MAX_COUNT = BigInt(Number.MAX_SAFE_INTEGER);

export async function startEsdbDouble(options: EsdbDoubleOptions = {}): Promise<EsdbDouble> {
  const log = options.data ?? new EsdbDoubleLog();
  const host = options.host ?? '127.0.0.1';
  const server = new Server();
  const live = new Set<AbortController>();

  server.addService(StreamsService, {
    append: (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) =>
      handleAppend(log, call, callback),
    read: (call: ServerWritableStream<ReadReq, ReadResp>) => {
      const abort = new AbortController();
      live.add(abort);
      call.on('cancelled', () => abort.abort());
      handleRead(log, call, abort.signal)
        .catch((err: unknown) => {
          if (!abort.signal.aborted) call.destroy(asServiceError(err));
        })
        .finally(() => live.delete(abort));
    },
  });

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${host}:${options.port ?? 0}`, ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );

  let stopped = false;
  return {
    url: `esdb://${host}:${port}?tls=false`,
    port,
    data: log,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const abort of live) abort.abort();
      server.forceShutdown();
    },
  };
}

// --- errors as the real server sends them: a status plus the `exception` trailer the client switches on ---

class RpcError extends Error {
  constructor(
    readonly code: status,
    readonly details: string,
    readonly trailers: Record<string, string>,
  ) {
    super(details);
  }
}

function asServiceError(err: unknown): ServiceError {
  const metadata = new Metadata();
  if (err instanceof RpcError) {
    for (const [k, v] of Object.entries(err.trailers)) metadata.set(k, v);
    return Object.assign(new Error(err.details), { code: err.code, details: err.details, metadata });
  }
  const message = err instanceof Error ? err.message : String(err);
  return Object.assign(new Error(message), { code: status.INTERNAL, details: message, metadata });
}

const invalidArgument = (what: string) => new RpcError(status.INVALID_ARGUMENT, what, {});

// --- Streams.Append ---

function handleAppend(log: EsdbDoubleLog, call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
  let options: AppendReq.Options | undefined;
  const proposed: ProposedEvent[] = [];
  let failed = false;
  const fail = (err: unknown) => {
    if (failed) return;
    failed = true;
    callback(asServiceError(err));
  };
  call.on('data', (req: AppendReq) => {
    if (failed) return;
    try {
      if (!options) {
        if (!req.hasOptions()) throw invalidArgument('the first AppendReq must carry options');
        options = req.getOptions()!;
        return;
      }
      if (!req.hasProposedMessage()) throw invalidArgument('AppendReq after options must carry a proposed message');
      proposed.push(toProposed(req.getProposedMessage()!));
    } catch (err) {
      fail(err);
    }
  });
  call.on('error', () => {
    failed = true;
  });
  call.on('end', () => {
    if (failed) return;
    try {
      if (!options) throw invalidArgument('empty append');
      const streamId = streamName(options.getStreamIdentifier());
      const expected = toWireExpected(options);
      const outcome = log.append(streamId, proposed, expected);
      const resp = new AppendResp();
      if (outcome.kind === 'wrong_expected_version') {
        const wev = new AppendResp.WrongExpectedVersion();
        if (outcome.current === 'no_stream') wev.setCurrentNoStream(new Empty());
        else wev.setCurrentRevision(String(outcome.current));
        if (expected.kind === 'any') wev.setExpectedAny(new Empty());
        else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new Empty());
        else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new Empty());
        else wev.setExpectedRevision(String(expected.revision));
        resp.setWrongExpectedVersion(wev);
      } else {
        const success = new AppendResp.Success();
        if (outcome.lastRevision < 0) success.setNoStream(new Empty());
        else success.setCurrentRevision(String(outcome.lastRevision));
        if (outcome.position < 0n) success.setNoPosition(new Empty());
        else {
          const position = new AppendResp.Position();
          position.setCommitPosition(outcome.position.toString());
          position.setPreparePosition(outcome.position.toString());
          success.setPosition(position);
        }
        resp.setSuccess(success);
      }
      callback(null, resp);
    } catch (err) {
      fail(err);
    }
  });
}

function toProposed(message: AppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  const missing = [type === undefined ? 'type' : null, contentType === undefined ? 'content-type' : null].filter(Boolean);
  if (missing.length > 0) {
    throw new RpcError(status.INVALID_ARGUMENT, `Missing required metadata properties: ${missing.join(', ')}`, {
      exception: 'missing-required-metadata-property',
      'required-metadata-properties': missing.join(','),
    });
  }
  return {
    id: parseUuid(message.getId()),
    type: type!,
    contentType: contentType!,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

function toWireExpected(options: AppendReq.Options): WireExpected {
  switch (options.getExpectedStreamRevisionCase()) {
    case AppendReq.Options.ExpectedStreamRevisionCase.REVISION:
      return { kind: 'revision', revision: Number(options.getRevision()) };
    case AppendReq.Options.ExpectedStreamRevisionCase.NO_STREAM:
      return { kind: 'no_stream' };
    case AppendReq.Options.ExpectedStreamRevisionCase.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case AppendReq.Options.ExpectedStreamRevisionCase.ANY:
      return { kind: 'any' };
    default:
      throw invalidArgument('append options carry no expected revision');
  }
}

function streamName(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw invalidArgument('stream identifier required');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

function parseUuid(uuid: UUID | undefined): string {
  if (!uuid) throw invalidArgument('event id required');
  if (uuid.hasStructured()) {
    const s = uuid.getStructured()!;
    const buf = Buffer.alloc(16);
    buf.writeBigInt64BE(BigInt(s.getMostSignificantBits()), 0);
    buf.writeBigInt64BE(BigInt(s.getLeastSignificantBits()), 8);
    const hex = buf.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  const text = uuid.getString().toLowerCase();
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)) throw invalidArgument(`invalid event id ${text}`);
  return text;
}

// --- Streams.Read: stream reads, $all reads, and subscriptions to a stream or to $all ---

interface ReadContext {
  readonly call: ServerWritableStream<ReadReq, ReadResp>;
  readonly signal: AbortSignal;
  readonly structuredIds: boolean;
}

async function handleRead(log: EsdbDoubleLog, call: ServerWritableStream<ReadReq, ReadResp>, signal: AbortSignal): Promise<void> {
  const options = call.request.getOptions();
  if (!options) throw invalidArgument('read options required');
  if (!options.hasUuidOption()) throw invalidArgument('uuid option required');
  // resolve_links is accepted and changes nothing: the double's only link event points at no stored event.
  const ctx: ReadContext = { call, signal, structuredIds: options.getUuidOption()!.hasStructured() };
  const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
  const filter = toWireFilter(options);
  const subscription = options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION;
  if (!subscription && options.getCountOptionCase() !== ReadReq.Options.CountOptionCase.COUNT) {
    throw invalidArgument('count or subscription required');
  }

  if (options.hasStream()) {
    if (filter) throw invalidArgument('filters apply to $all only');
    const stream = options.getStream()!;
    const id = streamName(stream.getStreamIdentifier());
    if (subscription) {
      if (backwards) throw invalidArgument('subscriptions read forwards');
      return subscribeToStream(log, ctx, id, stream);
    }
    return readStream(log, ctx, id, stream, backwards, count(options));
  }
  if (options.hasAll()) {
    const all = options.getAll()!;
    if (subscription) {
      if (backwards) throw invalidArgument('subscriptions read forwards');
      return subscribeToAll(log, ctx, all, filter, options.getFilter());
    }
    return readAll(log, ctx, all, backwards, count(options), filter);
  }
  throw invalidArgument('stream or $all required');
}

function count(options: ReadReq.Options): number {
  const n = BigInt(options.getCount() || '0');
  return Number(n > MAX_COUNT ? MAX_COUNT : n);
}

function toWireFilter(options: ReadReq.Options): WireFilter | undefined {
  if (!options.hasFilter()) return undefined;
  const f = options.getFilter()!;
  const on = f.hasStreamIdentifier() ? 'stream' : f.hasEventType() ? 'eventType' : null;
  if (!on) throw invalidArgument('filter on stream identifier or event type required');
  const expr = (on === 'stream' ? f.getStreamIdentifier() : f.getEventType())!;
  const regex = expr.getRegex();
  return { on, prefixes: expr.getPrefixList(), regex: regex ? new RegExp(regex) : undefined };
}

async function readStream(
  log: EsdbDoubleLog,
  ctx: ReadContext,
  id: string,
  options: ReadReq.Options.StreamOptions,
  backwards: boolean,
  max: number,
): Promise<void> {
  const events = log.stream(id);
  if (!events || events.length === 0) {
    const notFound = new ReadResp.StreamNotFound();
    const identifier = new StreamIdentifier();
    identifier.setStreamName(Buffer.from(id, 'utf8'));
    notFound.setStreamIdentifier(identifier);
    const resp = new ReadResp();
    resp.setStreamNotFound(notFound);
    await write(ctx, resp);
    ctx.call.end();
    return;
  }
  const last = events.length - 1;
  let from: number;
  switch (options.getRevisionOptionCase()) {
    case ReadReq.Options.StreamOptions.RevisionOptionCase.START:
      from = backwards ? -1 : 0;
      break;
    case ReadReq.Options.StreamOptions.RevisionOptionCase.END:
      from = backwards ? last : events.length;
      break;
    case ReadReq.Options.StreamOptions.RevisionOptionCase.REVISION: {
      const r = BigInt(options.getRevision());
      from = r > BigInt(last) ? (backwards ? last : events.length) : Number(r);
      break;
    }
    default:
      throw invalidArgument('stream read needs a revision, start or end');
  }
  let sent = 0;
  for (let i = from; sent < max && i >= 0 && i < events.length; i += backwards ? -1 : 1) {
    await write(ctx, eventResp(ctx, events[i]!));
    sent += 1;
  }
  ctx.call.end();
}

/** The position a read or subscription names: `start`, `end` or an exact commit/prepare pair. */
function allPosition(all: ReadReq.Options.AllOptions): bigint | 'start' | 'end' {
  switch (all.getAllOptionCase()) {
    case ReadReq.Options.AllOptions.AllOptionCase.START:
      return 'start';
    case ReadReq.Options.AllOptions.AllOptionCase.END:
      return 'end';
    case ReadReq.Options.AllOptions.AllOptionCase.POSITION: {
      const p = all.getPosition()!;
      const commit = BigInt(p.getCommitPosition());
      const prepare = BigInt(p.getPreparePosition());
      if (commit !== prepare) {
        throw new RpcError(status.OUT_OF_RANGE, `Invalid position ${commit}/${prepare}`, { exception: 'invalid-position' });
      }
      return commit;
    }
    default:
      throw invalidArgument('$all read needs a position, start or end');
  }
}

async function readAll(
  log: EsdbDoubleLog,
  ctx: ReadContext,
  all: ReadReq.Options.AllOptions,
  backwards: boolean,
  max: number,
  filter: WireFilter | undefined,
): Promise<void> {
  const events = log.events;
  const from = allPosition(all);
  // Forwards from a position: the events at or after it. Backwards from a position: the events before it
  // (a position names a point between records of the transaction file; reading backwards goes from there).
  let i: number;
  if (backwards) i = from === 'end' ? events.length - 1 : from === 'start' ? -1 : log.indexAtOrAfter(from) - 1;
  else i = from === 'start' ? 0 : from === 'end' ? events.length : log.indexAtOrAfter(from);
  let sent = 0;
  for (; sent < max && i >= 0 && i < events.length; i += backwards ? -1 : 1) {
    const e = events[i]!;
    if (!filterMatches(filter, e)) continue;
    await write(ctx, eventResp(ctx, e));
    sent += 1;
  }
  ctx.call.end();
}

async function subscribeToStream(log: EsdbDoubleLog, ctx: ReadContext, id: string, options: ReadReq.Options.StreamOptions): Promise<void> {
  await confirm(ctx);
  let next: number; // next revision to deliver
  switch (options.getRevisionOptionCase()) {
    case ReadReq.Options.StreamOptions.RevisionOptionCase.START:
      next = 0;
      break;
    case ReadReq.Options.StreamOptions.RevisionOptionCase.END:
      next = log.stream(id)?.length ?? 0;
      break;
    case ReadReq.Options.StreamOptions.RevisionOptionCase.REVISION:
      next = Number(options.getRevision()) + 1; // exclusive
      break;
    default:
      throw invalidArgument('stream subscription needs a revision, start or end');
  }
  let caughtUp = false;
  while (!ctx.signal.aborted) {
    const events = log.stream(id) ?? [];
    while (next < events.length && !ctx.signal.aborted) await write(ctx, eventResp(ctx, events[next++]!));
    if (!caughtUp) {
      caughtUp = true;
      await write(ctx, caughtUpResp());
    }
    await log.waitForAppend(ctx.signal);
  }
}

async function subscribeToAll(
  log: EsdbDoubleLog,
  ctx: ReadContext,
  all: ReadReq.Options.AllOptions,
  filter: WireFilter | undefined,
  filterOptions: ReadReq.Options.FilterOptions | undefined,
): Promise<void> {
  const from = allPosition(all);
  const window = filterOptions?.hasMax() ? filterOptions.getMax() : DEFAULT_SEARCH_WINDOW;
  const interval = filter ? Math.max(1, (filterOptions!.getCheckpointintervalmultiplier() || 1) * window) : 0;
  await confirm(ctx);
  // Subscribing from a position is exclusive: the first event delivered is the one after it.
  let next = from === 'start' ? 0 : from === 'end' ? log.events.length : log.indexAtOrAfter(from + 1n);
  let scanned = 0;
  let caughtUp = false;
  while (!ctx.signal.aborted) {
    const events = log.events;
    while (next < events.length && !ctx.signal.aborted) {
      const e = events[next++]!;
      if (filterMatches(filter, e)) await write(ctx, eventResp(ctx, e));
      scanned += 1;
      if (interval > 0 && scanned >= interval) {
        scanned = 0;
        await write(ctx, checkpointResp(e.position));
      }
    }
    if (!caughtUp) {
      caughtUp = true;
      await write(ctx, caughtUpResp());
    }
    await log.waitForAppend(ctx.signal);
  }
}

async function confirm(ctx: ReadContext): Promise<void> {
  const confirmation = new ReadResp.SubscriptionConfirmation();
  confirmation.setSubscriptionId(randomUUID());
  const resp = new ReadResp();
  resp.setConfirmation(confirmation);
  await write(ctx, resp);
}

function caughtUpResp(): ReadResp {
  const resp = new ReadResp();
  resp.setCaughtUp(new ReadResp.CaughtUp());
  return resp;
}

function checkpointResp(position: bigint): ReadResp {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.toString());
  checkpoint.setPreparePosition(position.toString());
  const resp = new ReadResp();
  resp.setCheckpoint(checkpoint);
  return resp;
}

function eventResp(ctx: ReadContext, e: StoredEvent): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  if (ctx.structuredIds) {
    const hex = Buffer.from(e.id.replace(/-/g, ''), 'hex');
    const structured = new UUID.Structured();
    structured.setMostSignificantBits(hex.readBigInt64BE(0).toString());
    structured.setLeastSignificantBits(hex.readBigInt64BE(8).toString());
    id.setStructured(structured);
  } else {
    id.setString(e.id);
  }
  recorded.setId(id);
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(e.streamId, 'utf8'));
  recorded.setStreamIdentifier(identifier);
  recorded.setStreamRevision(String(e.revision));
  recorded.setCommitPosition(e.position.toString());
  recorded.setPreparePosition(e.position.toString());
  const metadata = recorded.getMetadataMap();
  metadata.set('type', e.type);
  metadata.set('content-type', e.contentType === 'application/json' ? 'application/json' : 'application/octet-stream');
  metadata.set('created', e.created.toString());
  recorded.setData(e.data);
  recorded.setCustomMetadata(e.customMetadata);
  const read = new ReadResp.ReadEvent();
  read.setEvent(recorded);
  read.setCommitPosition(e.position.toString());
  const resp = new ReadResp();
  resp.setEvent(read);
  return resp;
}

/** Writes one response, waiting for the transport to drain when its buffer is full. */
async function write(ctx: ReadContext, resp: ReadResp): Promise<void> {
  if (ctx.signal.aborted) return;
  if (ctx.call.write(resp)) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      ctx.call.off('drain', done);
      ctx.signal.removeEventListener('abort', done);
      resolve();
    };
    ctx.call.once('drain', done);
    ctx.signal.addEventListener('abort', done, { once: true });
  });
}
