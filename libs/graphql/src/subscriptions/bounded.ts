/** One update of a live feed, and whether the feed had caught up with the log when it was read. */
export interface LiveItem<T> {
  readonly value: T;
  readonly live: boolean;
}

/** Why a subscriber was dropped: more updates waited for it than its buffer holds. */
export class SlowSubscriberError extends Error {
  constructor(readonly limit: number) {
    super(`subscriber too slow: more than ${limit} updates were waiting to be sent`);
    this.name = 'SlowSubscriberError';
  }
}

/**
 * Reads `source` ahead of its consumer into a buffer of at most `limit` updates. While the source is still
 * catching up, a full buffer just pauses the reading (the history does not run away). Once it is live, the
 * log does not wait: a live update that finds the buffer full means the consumer cannot keep up, and the
 * iteration ends with SlowSubscriberError (the caller closes the connection with that reason). Returning
 * early (the client unsubscribed) aborts the signal `open` was given, which must end the source.
 */
export async function* bounded<T>(open: (signal: AbortSignal) => AsyncIterable<LiveItem<T>>, limit: number): AsyncGenerator<T> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit: a whole number of at least 1 (got ${limit})`);
  const abort = new AbortController();
  const queue: T[] = [];
  let ended = false;
  let failure: unknown = null;
  let stopped = false;
  let wakeConsumer = null as (() => void) | null;
  let wakeProducer = null as (() => void) | null;
  const iterator = open(abort.signal)[Symbol.asyncIterator]();

  const notifyConsumer = () => {
    const wake = wakeConsumer;
    wakeConsumer = null;
    wake?.();
  };

  const pump = (async () => {
    try {
      while (!stopped) {
        const next = await iterator.next();
        if (next.done || stopped) break;
        const { value, live } = next.value;
        while (!live && queue.length >= limit && !stopped) {
          await new Promise<void>((resolve) => (wakeProducer = resolve));
        }
        if (stopped) break;
        if (queue.length >= limit) throw new SlowSubscriberError(limit);
        queue.push(value);
        notifyConsumer();
      }
    } catch (err) {
      if (!stopped) failure = err;
    } finally {
      ended = true;
      notifyConsumer();
    }
  })();

  try {
    for (;;) {
      if (queue.length > 0) {
        const value = queue.shift()!;
        const wake = wakeProducer;
        wakeProducer = null;
        wake?.();
        yield value;
        continue;
      }
      if (failure !== null) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wakeConsumer = resolve));
    }
  } finally {
    stopped = true;
    const wake = wakeProducer;
    wakeProducer = null;
    wake?.();
    abort.abort();
    await pump;
    await iterator.return?.();
  }
}
