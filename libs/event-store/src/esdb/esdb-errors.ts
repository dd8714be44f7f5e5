import {
  AccessDeniedError,
  DeadlineExceededError,
  MaxAppendSizeExceededError as EsdbMaxAppendSizeExceededError,
  NotLeaderError as EsdbNotLeaderError,
  StreamDeletedError as EsdbStreamDeletedError,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  type AppendExpectedRevision,
} from '@eventstore/db-client';
import {
  EventStoreAccessDeniedError,
  EventStoreDeadlineExceededError,
  EventStoreUnavailableError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedRevisionError,
} from '../errors';
import type { ExpectedRevision } from '../port';

export function fromEsdbExpected(expected: AppendExpectedRevision): ExpectedRevision {
  return typeof expected === 'bigint' ? Number(expected) : expected;
}

const codeOf = (err: unknown): unknown => (err as { code?: unknown } | null)?.code;
const typeOf = (err: unknown): unknown => (err as { type?: unknown } | null)?.type;

export function isUnavailable(err: unknown): boolean {
  if (err instanceof UnavailableError) return true;
  const code = codeOf(err);
  // A raw gRPC status 14 (UNAVAILABLE) reaches appends when the server is down: the client's feature
  // discovery call rejects with the service error before any command error is made of it. Discovery over
  // gossip that finds no usable node rejects with a plain error of its own.
  return code === 14 || code === 'ECONNREFUSED' || (err instanceof Error && /^Failed to discover after \d+ attempts/.test(err.message));
}

/**
 * What a retry can cure: the node is not the leader (the client reconnects to the leader it named, or
 * rediscovers), or it cannot be reached right now (a restart, an election, a channel the client just closed).
 */
export function isRetryable(err: unknown): boolean {
  return err instanceof EsdbNotLeaderError || typeOf(err) === 'not-leader' || isUnavailable(err);
}

/**
 * Subscriptions resubscribe on these: the above, and CANCELLED from the server side, DEADLINE_EXCEEDED,
 * ABORTED (the server drops a subscriber that falls too far behind: "consumer too slow"), INTERNAL (a reset
 * connection), or a stream the server ended.
 */
export function isTransientForSubscription(err: unknown): boolean {
  if (isRetryable(err)) return true;
  const code = codeOf(err);
  const type = typeOf(err);
  return (
    code === 1 ||
    code === 4 ||
    code === 10 ||
    code === 13 ||
    type === 'cancelled' ||
    type === 'timeout' ||
    type === 'deadline-exceeded' ||
    (err instanceof Error && err.message === 'the server ended the subscription')
  );
}

/** The client's error as the port's typed error; anything unknown is returned as it is. */
export function mapEsdbError(err: unknown, streamId?: string, expected?: ExpectedRevision): unknown {
  if (err instanceof EsdbWrongExpectedVersionError) {
    const actual = err.actualVersion;
    return new WrongExpectedRevisionError(
      err.streamName || streamId || '',
      expected ?? fromEsdbExpected(err.expectedVersion),
      actual === 'no_stream' || actual < 0n ? 'no_stream' : Number(actual),
    );
  }
  if (err instanceof EsdbStreamNotFoundError) return new StreamNotFoundError(streamId ?? err.streamName);
  if (err instanceof EsdbStreamDeletedError) return new StreamDeletedError(streamId ?? err.streamName);
  if (err instanceof EsdbMaxAppendSizeExceededError) {
    return new MaxAppendSizeExceededError(streamId ?? '', Number.isFinite(err.maxAppendSize) && err.maxAppendSize > 0 ? err.maxAppendSize : undefined);
  }
  if (err instanceof EsdbNotLeaderError) {
    return new NotLeaderError(`EventStoreDB: the node is not the leader (leader: ${err.leader.address}:${err.leader.port})`, { host: err.leader.address, port: err.leader.port }, err);
  }
  if (err instanceof AccessDeniedError) return new EventStoreAccessDeniedError(`EventStoreDB refused access: ${err.message}`, err);
  if (err instanceof DeadlineExceededError) return new EventStoreDeadlineExceededError(`EventStoreDB deadline exceeded: ${err.message}`, err);
  if (isUnavailable(err)) return new EventStoreUnavailableError(`EventStoreDB unavailable: ${(err as Error).message}`, err);
  return err;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Pause before the second attempt; doubles each time up to `maxDelayMs`. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, initialDelayMs: 50, maxDelayMs: 1_000 };

/**
 * Runs `op` again after what `isRetryable` cures, with bounded exponential backoff. After a NotLeader the client
 * has already closed its channel and aims the next call at the leader the node named; after an UNAVAILABLE it
 * reconnects (rediscovering the cluster when configured so).
 */
export async function withRetry<T>(op: () => Promise<T>, policy: RetryPolicy, stopped: () => boolean): Promise<T> {
  let delay = policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (attempt >= policy.attempts || stopped() || !isRetryable(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, policy.maxDelayMs);
    }
  }
}
