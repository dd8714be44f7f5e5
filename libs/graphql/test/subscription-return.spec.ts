import { endingOnReturn, LiveFeeds, SubscriptionsResolver, type LiveItem, type WorkListChangeValue, type WsApiContext } from '@pfw/graphql';

/**
 * graphql-ws ends a subscription by calling return() on it (the client sent Complete, or its connection closed,
 * or the server is shutting down) and awaits that. A live feed may have nothing to send for hours, so the
 * return must end the feed at once, not at its next item.
 */
describe('a subscription returned while its feed has nothing to send', () => {
  /** A feed that sends nothing until its signal aborts, then ends; records that it was aborted and ended. */
  function quietFeed(seen: { aborted: boolean; ended: boolean }) {
    return async function* (signal: AbortSignal): AsyncGenerator<LiveItem<WorkListChangeValue>> {
      try {
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        seen.aborted = true;
      } finally {
        seen.ended = true;
      }
    };
  }

  it('given a workListChanged subscription waiting for its first change, when graphql-ws returns it, then the feed is aborted and ended and the waiting read ends too', async () => {
    const seen = { aborted: false, ended: false };
    const feeds = { workListChanges: (_list: string, signal: AbortSignal) => quietFeed(seen)(signal) } as unknown as LiveFeeds;
    const resolver = new SubscriptionsResolver(feeds, null as never, { now: () => new Date() } as never, {});
    const ctx = { connection: { close: () => undefined } } as unknown as WsApiContext;

    const subscription = resolver.workListChanged('STUCK_PROCESSES', ctx);
    const waiting = subscription.next(); // as graphql-ws's for-await does
    await new Promise((resolve) => setImmediate(resolve));

    await expect(subscription.return(undefined)).resolves.toEqual({ done: true, value: undefined });
    expect(seen).toEqual({ aborted: true, ended: true });
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
  });

  it('given an iterator made by endingOnReturn, when it is returned before anything was read, then its generator is aborted and the next read is done', async () => {
    let given: AbortSignal | null = null;
    const iterator = endingOnReturn((signal) => {
      given = signal;
      return (async function* (): AsyncGenerator<number> {
        yield 1;
      })();
    });
    await expect(iterator.return(undefined)).resolves.toEqual({ done: true, value: undefined });
    expect(given!.aborted).toBe(true);
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });
});
