import { WrongExpectedRevisionError } from './errors';
import type { ExpectedRevision, RecordedEvent, Subscription, SubscriptionMessage } from './port';

/** Throws WrongExpectedRevisionError unless the stream's actual state satisfies `expected`. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, actual: number | 'no_stream'): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 'no_stream') ||
    (expected === 'stream_exists' && actual !== 'no_stream') ||
    expected === actual;
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
}

export interface PagedSubscriptionSource {
  /** Exclusive starting position. */
  readonly after: bigint;
  readonly pageSize: number;
  /**
   * Up to `limit` events strictly after `after`, in position order; with a filter, also how far the log was
   * looked through (`scannedTo`: no matching event at or before it is left out), so that a subscription whose
   * filter matches rarely does not read the same unmatched stretch again on every wake.
   */
  readPage(after: bigint, limit: number): Promise<{ readonly events: RecordedEvent[]; readonly scannedTo?: bigint | null }>;
  /** Resolves when more events may exist (or on abort). */
  waitForMore(signal: AbortSignal): Promise<void>;
  storeClosed(): boolean;
}

/**
 * A catch-up-then-live subscription over a log that can be read by position. Catch-up and live are the same
 * loop — read everything after the last delivered position — so the hand-over can neither skip nor repeat.
 */
export function subscriptionFromPages(source: PagedSubscriptionSource): Subscription {
  const abort = new AbortController();
  async function* run(): AsyncGenerator<SubscriptionMessage> {
    let after = source.after;
    let caughtUp = false;
    while (!abort.signal.aborted && !source.storeClosed()) {
      const { events, scannedTo } = await source.readPage(after, source.pageSize);
      for (const event of events) {
        if (abort.signal.aborted) return;
        yield { kind: 'event', event };
        after = event.position;
      }
      if (events.length < source.pageSize) {
        if (scannedTo != null && scannedTo > after) after = scannedTo;
        if (!caughtUp) {
          caughtUp = true;
          yield { kind: 'caughtUp' };
        }
        if (abort.signal.aborted) return;
        await source.waitForMore(abort.signal);
      }
    }
  }
  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      abort.abort();
    },
  };
}
