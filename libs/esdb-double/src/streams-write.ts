import { status, type sendUnaryData, type ServerDuplexStream, type ServerReadableStream, type ServerUnaryCall } from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as PbEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import {
  AllStreamPosition,
  BadRequest,
  Empty,
  MaximumAppendSizeExceeded,
  StreamDeleted,
  Timeout,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import type { AppendOutcome, EsdbDoubleLog, ProposedEvent, WireExpected } from './log';
import {
  RpcError,
  asServiceError,
  invalidArgument,
  maxAppendSizeExceeded,
  parseUuid,
  streamDeleted,
  streamIdentifier,
  streamName,
  wrongExpectedVersionError,
} from './wire';

/** What an append counts towards `MaxAppendSize`: `Data/Event.cs` SizeOnDisk (data + metadata + type in UTF-16). */
function sizeOnDisk(event: ProposedEvent): number {
  return event.data.length + event.customMetadata.length + event.type.length * 2;
}

// --- Streams.Append (`Services/Transport/Grpc/Streams.Append.cs`) ---

export function handleAppend(log: EsdbDoubleLog, call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
  let options: AppendReq.Options | undefined;
  const proposed: ProposedEvent[] = [];
  let size = 0;
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
      const event = toProposed(req.getProposedMessage()!);
      // The size is checked as events arrive: the call fails before the rest of the batch is read.
      size += sizeOnDisk(event);
      if (size > log.maxAppendSize) throw maxAppendSizeExceeded(log.maxAppendSize);
      proposed.push(event);
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
      const stream = streamName(options.getStreamIdentifier());
      const expected = toWireExpected(options);
      const outcome = log.append(stream, proposed, expected);
      if (outcome.kind === 'stream_deleted') throw streamDeleted(stream);
      callback(null, appendResp(outcome, expected));
    } catch (err) {
      fail(err);
    }
  });
}

function appendResp(outcome: Exclude<AppendOutcome, { kind: 'stream_deleted' }>, expected: WireExpected): AppendResp {
  const resp = new AppendResp();
  if (outcome.kind === 'wrong_expected_version') {
    // Answered in-band, not as an error.
    const wev = new AppendResp.WrongExpectedVersion();
    if (outcome.current === 'no_stream') wev.setCurrentNoStream(new Empty());
    else wev.setCurrentRevision(String(outcome.current));
    if (expected.kind === 'any') wev.setExpectedAny(new Empty());
    else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new Empty());
    else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new Empty());
    else wev.setExpectedRevision(String(expected.revision));
    resp.setWrongExpectedVersion(wev);
    return resp;
  }
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
  return resp;
}

/** Both append paths and the batch path require `type` and `content-type` (`RpcExceptions.RequiredMetadataPropertyMissing`). */
function toProposed(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  for (const [name, value] of [
    ['type', type],
    ['content-type', contentType],
  ] as const) {
    if (value === undefined) {
      throw new RpcError(status.INVALID_ARGUMENT, `Required Metadata Property '${name}' is missing`, {
        exception: 'missing-required-metadata-property',
        'required-metadata-properties': 'type,content-type',
      });
    }
  }
  return {
    id: parseUuid(message.getId()),
    type: type!,
    contentType: contentType!,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

/**
 * The expected revision of Append, Delete, Tombstone and BatchAppend options: the four messages number their
 * oneof cases alike (revision 2, no_stream 3, any 4, stream_exists 5).
 */
function toWireExpected(options: AppendReq.Options | DeleteReq.Options | TombstoneReq.Options | BatchAppendReq.Options): WireExpected {
  const cases = AppendReq.Options.ExpectedStreamRevisionCase;
  const batch = options instanceof BatchAppendReq.Options;
  const which = batch ? options.getExpectedStreamPositionCase() : options.getExpectedStreamRevisionCase();
  switch (which as number) {
    case cases.REVISION:
      return { kind: 'revision', revision: Number(batch ? options.getStreamPosition() : options.getRevision()) };
    case cases.NO_STREAM:
      return { kind: 'no_stream' };
    case cases.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    case cases.ANY:
      return { kind: 'any' };
    default:
      throw invalidArgument('options carry no expected revision');
  }
}

// --- Streams.BatchAppend (`Services/Transport/Grpc/Streams.BatchAppend.cs`, `Status.cs`, `BatchAppendResp.cs`) ---

interface PendingWrite {
  readonly stream: string;
  readonly expected: WireExpected;
  readonly events: ProposedEvent[];
  size: number;
}

function packed(code: number, message: string, typeName: string, detail: { serializeBinary(): Uint8Array }): Status {
  const any = new Any();
  any.pack(detail.serializeBinary(), typeName);
  const s = new Status();
  s.setCode(code);
  s.setMessage(message);
  s.setDetails(any);
  return s;
}

function batchWrongExpectedVersion(current: number | 'no_stream', expected: WireExpected): Status {
  const wev = new WrongExpectedVersion();
  if (current === 'no_stream') wev.setCurrentNoStream(new PbEmpty());
  else wev.setCurrentStreamRevision(String(current));
  if (expected.kind === 'any') wev.setExpectedAny(new PbEmpty());
  else if (expected.kind === 'no_stream') wev.setExpectedNoStream(new PbEmpty());
  else if (expected.kind === 'stream_exists') wev.setExpectedStreamExists(new PbEmpty());
  else wev.setExpectedStreamPosition(String(expected.revision));
  return packed(status.ALREADY_EXISTS, 'WrongExpectedVersion', 'event_store.client.WrongExpectedVersion', wev);
}

export function handleBatchAppend(log: EsdbDoubleLog, call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>, onBatch?: () => void): void {
  const pending = new Map<string, PendingWrite>();
  const reply = (req: BatchAppendReq, stream: string, result: Status | BatchAppendResp.Success) => {
    const resp = new BatchAppendResp();
    resp.setCorrelationId(req.getCorrelationId());
    resp.setStreamIdentifier(streamIdentifier(stream));
    if (result instanceof Status) resp.setError(result);
    else resp.setSuccess(result);
    call.write(resp);
  };
  call.on('data', (req: BatchAppendReq) => {
    const correlation = req.getCorrelationId();
    const key = correlation ? parseUuid(correlation) : '';
    let stream = '';
    try {
      if (req.hasOptions()) {
        const options = req.getOptions()!;
        if (!options.hasStreamIdentifier()) {
          const bad = new BadRequest();
          bad.setMessage('Required field StreamIdentifier not set.');
          reply(req, '', packed(status.INVALID_ARGUMENT, 'BadRequest', 'event_store.client.BadRequest', bad));
          return;
        }
        stream = streamName(options.getStreamIdentifier());
        // Client 6.2.1 sends the 21.10 deadline (a timestamp); one already past is answered with Timeout.
        const deadline = options.getDeadline();
        if (deadline && deadline.toDate().getTime() <= Date.now()) {
          reply(req, stream, packed(status.DEADLINE_EXCEEDED, 'Timeout', 'event_store.client.Timeout', new Timeout()));
          return;
        }
        if (!pending.has(key)) pending.set(key, { stream, expected: toWireExpected(options), events: [], size: 0 });
      }
      const write = pending.get(key);
      if (!write) return;
      stream = write.stream;
      for (const message of req.getProposedMessagesList()) {
        const event = toProposed(message);
        write.size += sizeOnDisk(event);
        write.events.push(event);
      }
      if (write.size > log.maxAppendSize) {
        pending.delete(key);
        const detail = new MaximumAppendSizeExceeded();
        detail.setMaxappendsize(log.maxAppendSize);
        reply(req, stream, packed(status.INVALID_ARGUMENT, 'MaximumAppendSizeExceeded', 'event_store.client.MaximumAppendSizeExceeded', detail));
        return;
      }
      if (!req.getIsFinal()) return;
      pending.delete(key);
      onBatch?.();
      const outcome = log.append(write.stream, write.events, write.expected);
      if (outcome.kind === 'stream_deleted') {
        const detail = new StreamDeleted();
        detail.setStreamIdentifier(streamIdentifier(write.stream));
        reply(req, stream, packed(status.NOT_FOUND, 'StreamDeleted', 'event_store.client.StreamDeleted', detail));
      } else if (outcome.kind === 'wrong_expected_version') {
        reply(req, stream, batchWrongExpectedVersion(outcome.current, write.expected));
      } else {
        const success = new BatchAppendResp.Success();
        if (outcome.lastRevision < 0) success.setNoStream(new PbEmpty());
        else success.setCurrentRevision(String(outcome.lastRevision));
        if (outcome.position < 0n) success.setNoPosition(new PbEmpty());
        else {
          const position = new AllStreamPosition();
          position.setCommitPosition(outcome.position.toString());
          position.setPreparePosition(outcome.position.toString());
          success.setPosition(position);
        }
        reply(req, stream, success);
      }
    } catch (err) {
      pending.delete(key);
      const bad = new BadRequest();
      bad.setMessage(err instanceof Error ? err.message : String(err));
      reply(req, stream, packed(status.INVALID_ARGUMENT, 'BadRequest', 'event_store.client.BadRequest', bad));
    }
  });
  call.on('error', () => pending.clear());
  // The client ending its side ends ours once every answer is written (appends here complete synchronously).
  call.on('end', () => call.end());
}

// --- Streams.Delete and Streams.Tombstone (`Services/Transport/Grpc/Streams.Delete.cs`) ---

export function handleDelete(
  log: EsdbDoubleLog,
  hard: boolean,
  call: ServerUnaryCall<DeleteReq | TombstoneReq, DeleteResp | TombstoneResp>,
  callback: sendUnaryData<DeleteResp | TombstoneResp>,
): void {
  try {
    const options = call.request.getOptions();
    if (!options) throw invalidArgument('delete options required');
    const stream = streamName(options.getStreamIdentifier());
    const expected = toWireExpected(options);
    const outcome = log.delete(stream, expected, hard);
    if (outcome.kind === 'stream_deleted') throw streamDeleted(stream);
    if (outcome.kind === 'wrong_expected_version') throw wrongExpectedVersionError('Delete', stream, expected, outcome.current);
    const resp = hard ? new TombstoneResp() : new DeleteResp();
    const position = hard ? new TombstoneResp.Position() : new DeleteResp.Position();
    position.setCommitPosition(outcome.position.toString());
    position.setPreparePosition(outcome.position.toString());
    (resp as DeleteResp).setPosition(position as DeleteResp.Position);
    callback(null, resp);
  } catch (err) {
    callback(asServiceError(err));
  }
}
