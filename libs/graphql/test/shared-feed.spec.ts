import { SharedFeed } from '../src/subscriptions/shared-feed';

/** A source that yields what the test pushes, and records how often it was opened and whether it was closed. */
function pushedSource<T>() {
  const state = { opened: 0, closed: 0, push: (_: T) => {}, fail: (_: Error) => {} };
  const open = async function* (signal: AbortSignal): AsyncGenerator<T> {
    state.opened += 1;
    const queue: T[] = [];
    let failure: Error | null = null;
    let wake: (() => void) | null = null;
    state.push = (item) => {
      queue.push(item);
      wake?.();
    };
    state.fail = (err) => {
      failure = err;
      wake?.();
    };
    signal.addEventListener('abort', () => wake?.());
    try {
      while (!signal.aborted) {
        if (queue.length > 0) yield queue.shift()!;
        else if (failure) throw failure;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      state.closed += 1;
    }
  };
  return { state, open };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function take<T>(iterator: AsyncIterator<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  while (out.length < n) out.push((await iterator.next()).value as T);
  return out;
}

describe('SharedFeed: one source for many subscribers (workListChanged)', () => {
  it('opens the source once and hands every item to every subscriber present', async () => {
    const { state, open } = pushedSource<number>();
    const feed = new SharedFeed(open);
    const a = new AbortController();
    const b = new AbortController();
    const first = feed.subscribe(a.signal)[Symbol.asyncIterator]();
    const second = feed.subscribe(b.signal)[Symbol.asyncIterator]();
    const got = Promise.all([take(first, 2), take(second, 2)]);
    await settle();
    state.push(1);
    state.push(2);
    expect(await got).toEqual([[1, 2], [1, 2]]);
    expect(state.opened).toBe(1);
    a.abort();
    b.abort();
    await Promise.all([first.next(), second.next()]);
  });

  it('gives a later subscriber what comes after it joined, and closes the source when the last one leaves', async () => {
    const { state, open } = pushedSource<string>();
    const feed = new SharedFeed(open);
    const a = new AbortController();
    const first = feed.subscribe(a.signal)[Symbol.asyncIterator]();
    const early = take(first, 1);
    await settle();
    state.push('before');
    expect(await early).toEqual(['before']);
    const b = new AbortController();
    const second = feed.subscribe(b.signal)[Symbol.asyncIterator]();
    const later = Promise.all([take(first, 1), take(second, 1)]);
    await settle();
    state.push('after');
    expect(await later).toEqual([['after'], ['after']]);
    a.abort();
    expect((await first.next()).done).toBe(true);
    expect(state.closed).toBe(0);
    b.abort();
    expect((await second.next()).done).toBe(true);
    await settle();
    expect(state.closed).toBe(1);
    expect(feed.size).toBe(0);
  });

  it('ends every subscription with the source’s failure; the next subscriber opens it again', async () => {
    const { state, open } = pushedSource<number>();
    const feed = new SharedFeed(open);
    const first = feed.subscribe(new AbortController().signal)[Symbol.asyncIterator]();
    const failed = first.next();
    await settle();
    state.fail(new Error('store gone'));
    await expect(failed).rejects.toThrow('store gone');
    const again = feed.subscribe(new AbortController().signal)[Symbol.asyncIterator]();
    const next = again.next();
    await settle();
    state.push(7);
    expect((await next).value).toBe(7);
    expect(state.opened).toBe(2);
  });
});
