import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import type { CurrentRevision, WireExpected } from './log';

/**
 * Errors as the server sends them (`Services/Transport/Grpc/RpcExceptions.cs`, keys from `Constants.cs`): a
 * status code, a message, and trailers the client switches on (`exception`, `stream-name`, …).
 */
export class RpcError extends Error {
  constructor(
    readonly code: status,
    readonly details: string,
    readonly trailers: Record<string, string> = {},
  ) {
    super(details);
  }
}

export function asServiceError(err: unknown): ServiceError {
  const metadata = new Metadata();
  if (err instanceof RpcError) {
    for (const [k, v] of Object.entries(err.trailers)) metadata.set(k, v);
    return Object.assign(new Error(err.details), { code: err.code, details: err.details, metadata });
  }
  const message = err instanceof Error ? err.message : String(err);
  return Object.assign(new Error(message), { code: status.INTERNAL, details: message, metadata });
}

export const invalidArgument = (what: string) => new RpcError(status.INVALID_ARGUMENT, what);

export const streamDeleted = (streamName: string) =>
  new RpcError(status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, { exception: 'stream-deleted', 'stream-name': streamName });

/** `RpcExceptions.InvalidPositionException`: no `exception` trailer, so the client reports it as an unknown error. */
export const invalidPosition = () => new RpcError(status.INVALID_ARGUMENT, 'Trying to read from an invalid position.');

export const maxAppendSizeExceeded = (max: number) =>
  new RpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${max} Exceeded.`, { exception: 'maximum-append-size-exceeded', 'maximum-append-size': String(max) });

/** `RpcExceptions.Timeout` with the message the 21.10–23.10 enumerators used when a live subscriber fell behind. */
export const consumerTooSlow = () =>
  new RpcError(status.ABORTED, 'Operation timed out: Consumer too slow to handle event while live. Client resubscription required.');

/** The server's long for an expected version: `AnyStreamRevision` markers or the revision. */
export function expectedVersionNumber(expected: WireExpected): string {
  switch (expected.kind) {
    case 'any':
      return '-2';
    case 'no_stream':
      return '-1';
    case 'stream_exists':
      return '-4';
    case 'revision':
      return String(expected.revision);
  }
}

/** `RpcExceptions.WrongExpectedVersion`, used by Delete and Tombstone (appends answer in-band). */
export function wrongExpectedVersionError(operation: string, streamName: string, expected: WireExpected, current: CurrentRevision): RpcError {
  const actual = current === 'no_stream' ? '-1' : String(current);
  return new RpcError(
    status.FAILED_PRECONDITION,
    `${operation} failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${expectedVersionNumber(expected)}, Actual version: ${actual}`,
    { exception: 'wrong-expected-version', 'stream-name': streamName, 'expected-version': expectedVersionNumber(expected), 'actual-version': actual },
  );
}

export function streamName(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw invalidArgument('stream identifier required');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(name: string): StreamIdentifier {
  const identifier = new StreamIdentifier();
  identifier.setStreamName(Buffer.from(name, 'utf8'));
  return identifier;
}

export function parseUuid(uuid: UUID | undefined): string {
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

export function toUuid(id: string, structured: boolean): UUID {
  const uuid = new UUID();
  if (!structured) {
    uuid.setString(id);
    return uuid;
  }
  const hex = Buffer.from(id.replace(/-/g, ''), 'hex');
  const s = new UUID.Structured();
  s.setMostSignificantBits(hex.readBigInt64BE(0).toString());
  s.setLeastSignificantBits(hex.readBigInt64BE(8).toString());
  uuid.setStructured(s);
  return uuid;
}
