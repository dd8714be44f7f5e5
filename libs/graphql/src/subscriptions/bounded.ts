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
 * early (the client unsubscribed), or `signal` aborting, aborts the signal `open` was given, which must end the
 * source; the iteration then ends.
 */
export async function* bounded<T>(open: (signal: AbortSignal) => AsyncIterable<LiveItem<T>>, limit: number, signal?: AbortSignal): AsyncGenerator<T> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit: a whole number of at least 1 (got ${limit})`);
  const abort = new AbortController();
  // The source ends when it sees its signal abort; the pump then ends and wakes the consumer below.
  const onAbort = () => abort.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) abort.abort();
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
    signal?.removeEventListener('abort', onAbort);
    stopped = true;
    const wake = wakeProducer;
    wakeProducer = null;
    wake?.();
    abort.abort();
    await pump;
    await iterator.return?.();
  }
}

/**
 * The items of the generator `run` makes, through an iterator whose return() ends it at once: it aborts the
 * signal `run` was given (which must end it) and resolves when `run`'s generator has finished. An async
 * generator's own return() is only handled at its next yield, and a live feed may yield nothing for hours:
 * graphql-ws calls return() on every subscription of a connection that closes, and the app's shutdown closes
 * them all, so without this a feed whose client has left would go on reading the database (and keep its
 * timers) until something changed.
 */
export function endingOnReturn<T>(run: (signal: AbortSignal) => AsyncGenerator<T>): AsyncGenerator<T> {
  const abort = new AbortController();
  const inner = run(abort.signal);
  let ended: Promise<IteratorResult<T>> | null = null;
  const end = (value?: unknown): Promise<IteratorResult<T>> => {
    abort.abort();
    ended ??= inner.return(value as T).then(
      () => ({ done: true, value: undefined as T }),
      () => ({ done: true, value: undefined as T }),
    );
    return ended;
  };
  const iterator: AsyncGenerator<T> = {
    next: () => (ended ? ended : inner.next()),
    return: (value) => end(value),
    throw: (err) => {
      abort.abort();
      return inner.throw(err);
    },
    [Symbol.asyncIterator]: () => iterator,
    [Symbol.asyncDispose]: async () => {
      await end();
    },
  };
  return iterator;
}
