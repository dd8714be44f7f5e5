import {
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type Filter,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { logFilterPredicate } from '../log-filter';
import type { ExpectedRevision, JsonObject, LogFilter, RecordedEvent } from '../port';

// Mapping between the port and the client: revisions, positions, filters, events.

export function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return 'any';
    case 'no_stream':
      return 'no_stream';
    case 'stream_exists':
      return 'stream_exists';
    default:
      return BigInt(expected);
  }
}

export function esdbPosition(position: bigint): { commit: bigint; prepare: bigint } {
  return { commit: position, prepare: position };
}

function isSystem(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

/** The port's log filter, user events only. */
export function logFilter(filter: LogFilter | undefined): (event: RecordedEvent) => boolean {
  const passes = logFilterPredicate(filter);
  return (e) => !isSystem(e.streamId, e.type) && passes(e.streamId, e.type);
}

/** The narrowest filter the server can apply for a port filter (the client sends one expression). */
export function serverFilter(filter: LogFilter | undefined): Filter {
  const prefixes = filter?.streamPrefixes?.filter((p) => p.length > 0);
  if (prefixes && prefixes.length > 0 && prefixes.length === filter!.streamPrefixes!.length) {
    return streamNameFilter({ prefixes });
  }
  const types = filter?.eventTypes;
  if (types && types.length > 0 && types.every((t) => t.length > 0)) return eventTypeFilter({ prefixes: [...types] });
  return excludeSystemEvents();
}

export function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const position = event.position?.commit ?? resolved.commitPosition;
  if (position === undefined) throw new Error(`event ${event.id} in ${event.streamId} came without a position`);
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    data: asJsonObject(event.isJson ? event.data : parseBytes(event.data)),
    metadata: asJsonObject(event.metadata instanceof Uint8Array ? parseBytes(event.metadata) : event.metadata),
    recordedAt: event.created,
  };
}

function parseBytes(bytes: unknown): unknown {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) return {};
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { base64: Buffer.from(bytes).toString('base64') };
  }
}

function asJsonObject(value: unknown): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)) return value as JsonObject;
  return { value };
}
