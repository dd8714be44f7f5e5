import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { DELETED_STREAM, filterMatches, type EsdbDoubleLog, type ResolvedRead, type StoredEvent, type WireFilter } from './log';
import { invalidArgument, invalidPosition, streamDeleted, streamIdentifier, streamName, toUuid } from './wire';

/**
 * Streams.Read: stream reads, `$all` reads, and subscriptions to a stream or to `$all`
 * (`Services/Transport/Grpc/Streams.Read.cs` and the enumerators in `Services/Transport/Enumerators/`).
 */
export interface ReadContext {
  readonly call: ServerWritableStream<ReadReq, ReadResp>;
  readonly signal: AbortSignal;
  readonly structuredIds: boolean;
  readonly resolveLinks: boolean;
  /** Set once a subscription has sent its caught-up message. */
  live: boolean;
}

export interface ReadSettings {
  /** Refuse reads from a position where no record starts, as the server does. */
  readonly strictPositions: boolean;
}

/** The real server's default filter search window: a checkpoint comes every `multiplier × window` events scanned. */
const DEFAULT_SEARCH_WINDOW = 32;
const MAX_COUNT = BigInt(Number.MAX_SAFE_INTEGER);

export function readContext(call: ServerWritableStream<ReadReq, ReadResp>, signal: AbortSignal): ReadContext {
  const options = call.request.getOptions();
  if (!options) throw invalidArgument('read options required');
  if (!options.hasUuidOption()) throw invalidArgument('uuid option required');
  return { call, signal, structuredIds: options.getUuidOption()!.hasStructured(), resolveLinks: options.getResolveLinks(), live: false };
}

export async function handleRead(log: EsdbDoubleLog, ctx: ReadContext, settings: ReadSettings): Promise<void> {
  const options = ctx.call.request.getOptions()!;
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
      return subscribeToAll(log, ctx, settings, all, filter, options.getFilter());
    }
    return readAll(log, ctx, settings, all, backwards, count(options), filter);
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

/** `Enumerator.ReadStreamForwards/Backwards`: StreamNotFound in-band, a deleted stream as an error. */
async function readStream(log: EsdbDoubleLog, ctx: ReadContext, id: string, options: ReadReq.Options.StreamOptions, backwards: boolean, max: number): Promise<void> {
  const view = log.view(id);
  if (view.kind === 'deleted') throw streamDeleted(id);
  if (view.kind === 'not_found') {
    const notFound = new ReadResp.StreamNotFound();
    notFound.setStreamIdentifier(streamIdentifier(id));
    const resp = new ReadResp();
    resp.setStreamNotFound(notFound);
    await write(ctx, resp);
    ctx.call.end();
    return;
  }
  let from: number;
  switch (options.getRevisionOptionCase()) {
    case ReadReq.Options.StreamOptions.RevisionOptionCase.START:
      from = backwards ? -1 : 0;
      break;
    case ReadReq.Options.StreamOptions.RevisionOptionCase.END:
      from = backwards ? view.lastRevision : view.lastRevision + 1;
      break;
    case ReadReq.Options.StreamOptions.RevisionOptionCase.REVISION: {
      const r = BigInt(options.getRevision());
      from = r > BigInt(view.lastRevision) ? (backwards ? view.lastRevision : view.lastRevision + 1) : Number(r);
      break;
    }
    default:
      throw invalidArgument('stream read needs a revision, start or end');
  }
  // Metadata ($maxCount, $maxAge, $tb) has already taken events out of the view.
  const events = backwards ? view.events.filter((e) => e.revision <= from).reverse() : view.events.filter((e) => e.revision >= from);
  for (const e of events.slice(0, max)) await write(ctx, eventResp(ctx, log.resolve(e, ctx.resolveLinks)));
  ctx.call.end();
}

/** The position a read or subscription names: `start`, `end` or an exact commit/prepare pair. */
function allPosition(all: ReadReq.Options.AllOptions): bigint | 'start' | 'end' | { readonly commit: bigint; readonly prepare: bigint } {
  switch (all.getAllOptionCase()) {
    case ReadReq.Options.AllOptions.AllOptionCase.START:
      return 'start';
    case ReadReq.Options.AllOptions.AllOptionCase.END:
      return 'end';
    case ReadReq.Options.AllOptions.AllOptionCase.POSITION: {
      const p = all.getPosition()!;
      const commit = BigInt(p.getCommitPosition());
      const prepare = BigInt(p.getPreparePosition());
      return commit === prepare ? commit : { commit, prepare };
    }
    default:
      throw invalidArgument('$all read needs a position, start or end');
  }
}

/** A position to read `$all` from must be where a record starts (`StorageReaderWorker.cs`, ReadAllEventsForward/Backward). */
function checkedPosition(log: EsdbDoubleLog, settings: ReadSettings, from: ReturnType<typeof allPosition>): bigint | 'start' | 'end' {
  if (from === 'start' || from === 'end') return from;
  if (typeof from === 'bigint') {
    if (settings.strictPositions && !log.isReadablePosition(from)) throw invalidPosition();
    return from;
  }
  // Events written through gRPC have commit = prepare; any other pair names no event's position.
  if (settings.strictPositions) throw invalidPosition();
  return from.commit;
}

async function readAll(
  log: EsdbDoubleLog,
  ctx: ReadContext,
  settings: ReadSettings,
  all: ReadReq.Options.AllOptions,
  backwards: boolean,
  max: number,
  filter: WireFilter | undefined,
): Promise<void> {
  const events = log.events;
  const from = checkedPosition(log, settings, allPosition(all));
  // Forwards from a position: the events at or after it. Backwards from a position: the events before it
  // (a position names a point between records of the transaction file; reading backwards goes from there).
  let i: number;
  if (backwards) i = from === 'end' ? events.length - 1 : from === 'start' ? -1 : log.indexAtOrAfter(from) - 1;
  else i = from === 'start' ? 0 : from === 'end' ? events.length : log.indexAtOrAfter(from);
  let sent = 0;
  for (; sent < max && i >= 0 && i < events.length; i += backwards ? -1 : 1) {
    const e = events[i]!;
    if (!filterMatches(filter, e)) continue;
    await write(ctx, eventResp(ctx, log.resolve(e, ctx.resolveLinks)));
    sent += 1;
  }
  ctx.call.end();
}

/**
 * `Enumerator.StreamSubscription`: catch up through stream reads (metadata applies), then live. A deleted stream
 * ends the subscription with StreamDeleted, at the start or when its tombstone arrives.
 */
async function subscribeToStream(log: EsdbDoubleLog, ctx: ReadContext, id: string, options: ReadReq.Options.StreamOptions): Promise<void> {
  const start = log.view(id);
  if (start.kind === 'deleted') throw streamDeleted(id);
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
  while (!ctx.signal.aborted) {
    // Read the version before scanning: a write that lands while a send waits for the transport is then seen
    // by the wait below, which returns at once instead of sleeping until some later write.
    const seen = log.version;
    if (log.tombstoneOf(id)) throw streamDeleted(id);
    if (!ctx.live) {
      const view = log.view(id);
      const endOfCatchUp = log.stream(id)?.length ?? 0;
      const catchUp = view.kind === 'events' ? view.events.filter((e) => e.revision >= next) : [];
      for (const e of catchUp) {
        if (ctx.signal.aborted) return;
        await write(ctx, eventResp(ctx, log.resolve(e, ctx.resolveLinks)));
      }
      // Events the metadata hid are skipped, not delivered live later.
      next = Math.max(next, endOfCatchUp);
      ctx.live = true;
      await write(ctx, caughtUpResp());
    }
    const events = log.stream(id) ?? [];
    while (next < events.length && !ctx.signal.aborted) await write(ctx, eventResp(ctx, log.resolve(events[next++]!, ctx.resolveLinks)));
    await log.waitForAppend(ctx.signal, seen);
  }
}

async function subscribeToAll(
  log: EsdbDoubleLog,
  ctx: ReadContext,
  settings: ReadSettings,
  all: ReadReq.Options.AllOptions,
  filter: WireFilter | undefined,
  filterOptions: ReadReq.Options.FilterOptions | undefined,
): Promise<void> {
  const requested = allPosition(all);
  const window = filterOptions?.hasMax() ? filterOptions.getMax() : DEFAULT_SEARCH_WINDOW;
  const interval = filter ? Math.max(1, (filterOptions!.getCheckpointintervalmultiplier() || 1) * window) : 0;
  // `Enumerator.AllSubscription.MainLoop`: a checkpoint at or past the last indexed position goes live without
  // reading; an earlier one is caught up by reading from it, which fails on a position inside a record.
  const head = log.lastIndexedPosition;
  const from =
    typeof requested === 'bigint' && requested >= head ? requested : typeof requested === 'object' && requested.commit >= head ? requested.commit : checkedPosition(log, settings, requested);
  await confirm(ctx);
  // Subscribing from a position is exclusive: the first event delivered is the one after it.
  let next = from === 'start' ? 0 : from === 'end' ? log.events.length : log.indexAtOrAfter(from) + (log.events[log.indexAtOrAfter(from)]?.position === from ? 1 : 0);
  let scanned = 0;
  while (!ctx.signal.aborted) {
    const seen = log.version;
    const events = log.events;
    while (next < events.length && !ctx.signal.aborted) {
      const e = events[next++]!;
      if (filterMatches(filter, e)) await write(ctx, eventResp(ctx, log.resolve(e, ctx.resolveLinks)));
      scanned += 1;
      if (interval > 0 && scanned >= interval) {
        scanned = 0;
        await write(ctx, checkpointResp(e.position));
      }
    }
    if (!ctx.live) {
      ctx.live = true;
      await write(ctx, caughtUpResp());
    }
    await log.waitForAppend(ctx.signal, seen);
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

/** `Streams.Read.cs` ConvertToRecordedEvent. */
function recorded(ctx: ReadContext, e: StoredEvent): ReadResp.ReadEvent.RecordedEvent {
  const recordedEvent = new ReadResp.ReadEvent.RecordedEvent();
  recordedEvent.setId(toUuid(e.id, ctx.structuredIds));
  recordedEvent.setStreamIdentifier(streamIdentifier(e.streamId));
  recordedEvent.setStreamRevision(e.tombstone ? DELETED_STREAM.toString() : String(e.revision));
  recordedEvent.setCommitPosition(e.position.toString());
  recordedEvent.setPreparePosition(e.position.toString());
  const metadata = recordedEvent.getMetadataMap();
  metadata.set('type', e.type);
  metadata.set('content-type', e.contentType === 'application/json' ? 'application/json' : 'application/octet-stream');
  metadata.set('created', e.created.toString());
  recordedEvent.setData(e.data);
  recordedEvent.setCustomMetadata(e.customMetadata);
  return recordedEvent;
}

/** `Streams.Read.cs` ConvertToReadEvent: the event, the link it came through, and the original position. */
function eventResp(ctx: ReadContext, read: ResolvedRead): ReadResp {
  const readEvent = new ReadResp.ReadEvent();
  if (read.event) readEvent.setEvent(recorded(ctx, read.event));
  if (read.link) readEvent.setLink(recorded(ctx, read.link));
  readEvent.setCommitPosition(read.position.toString());
  const resp = new ReadResp();
  resp.setEvent(readEvent);
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
