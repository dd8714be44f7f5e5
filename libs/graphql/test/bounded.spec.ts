import { bounded, SlowSubscriberError, type LiveItem } from '@pfw/graphql';

/** A subscriber's buffer: history waits for a slow reader; the live log does not. */
describe('bounded subscriber buffer', () => {
  /** A source of `history` catch-up items, then `live` items as fast as it is read; ends when aborted. */
  function source(history: number, live: number, seen: { aborted: boolean; produced: number }) {
    return async function* (signal: AbortSignal): AsyncGenerator<LiveItem<number>> {
      signal.addEventListener('abort', () => (seen.aborted = true));
      for (let i = 0; i < history + live && !signal.aborted; i++) {
        seen.produced = i + 1;
        yield { value: i, live: i >= history };
        await Promise.resolve();
      }
    };
  }

  it('given a long catch-up and a consumer slower than it, then every item arrives in order (the catch-up waits for room)', async () => {
    const seen = { aborted: false, produced: 0 };
    const got: number[] = [];
    for await (const value of bounded(source(50, 0, seen), 4)) {
      // Read ahead: at most the 4 buffered, the one being handed over and the one the reader holds for room.
      expect(seen.produced - got.length).toBeLessThanOrEqual(4 + 2);
      got.push(value);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('given live items arriving while the consumer stalls, when the buffer is full, then the iteration ends with SlowSubscriberError', async () => {
    const seen = { aborted: false, produced: 0 };
    const iterator = bounded(source(0, 100, seen), 5);
    expect((await iterator.next()).value).toBe(0);
    // The consumer stalls: the producer fills the buffer and one more live item overflows it.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const rest: number[] = [];
    await expect(
      (async () => {
        for (;;) {
          const next = await iterator.next();
          if (next.done) return;
          rest.push(next.value);
        }
      })(),
    ).rejects.toThrow(new SlowSubscriberError(5).message);
    expect(rest).toEqual([1, 2, 3, 4, 5]);
    expect(seen.aborted).toBe(true);
  });

  it('when the consumer stops early, then the source is aborted and closed', async () => {
    const seen = { aborted: false, produced: 0 };
    for await (const value of bounded(source(0, 1_000_000, seen), 10)) if (value === 3) break;
    expect(seen.aborted).toBe(true);
    expect(seen.produced).toBeLessThan(1_000_000);
  });
});
