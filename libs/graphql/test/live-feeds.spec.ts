import { LiveFeeds, WORK_LISTS } from '@pfw/graphql';
import type { ContractQueries, ContractView } from '@pfw/read-models';

/** API.md "Live updates": every work list of the WorkList enum is one workListChanged can follow. */
describe('LiveFeeds.members', () => {
  const now = new Date('2026-03-01T00:00:00Z');
  const view = (id: string) => ({ id }) as ContractView;

  it('given certificates sent by post and not confirmed delivered, when DELIVERIES_PENDING is read, then it holds what deliveriesPending answers at the service clock’s now', async () => {
    const asked: Date[] = [];
    const queries = {
      deliveriesPending: async (at: Date) => {
        asked.push(at);
        return [view('c-1'), view('c-2')];
      },
    } as unknown as ContractQueries;
    const feeds = new LiveFeeds(null as never, null as never, queries, { now: () => now } as never, null as never, {});
    expect(await feeds.members('DELIVERIES_PENDING')).toEqual(new Set(['c-1', 'c-2']));
    expect(asked).toEqual([now]);
  });

  it('names every work list API.md lists, DELIVERIES_PENDING among them', () => {
    expect([...WORK_LISTS].sort()).toEqual(
      ['SCREENING_QUEUE', 'OVERDUE_INVOICES', 'STICKERS_TO_SHIP', 'OUTSTANDING_STICKERS', 'PENDING_REVOCATIONS', 'REISSUES_DUE', 'DELIVERIES_PENDING', 'STUCK_PROCESSES'].sort(),
    );
  });
});

/** A feed whose client never leaves (or never answers the close frame) still ends when the app closes. */
describe('LiveFeeds when the app closes', () => {
  it('given an auditAppended feed waiting for the next event, when the app closes, then the feed ends', async () => {
    const log = {
      head: async () => 7n,
      // A quiet log: nothing comes until the follower's signal aborts.
      follow: async function* (_from: unknown, _filter: unknown, signal: AbortSignal) {
        if (!signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      },
    };
    const feeds = new LiveFeeds(log as never, null as never, null as never, null as never, null as never, {});
    const client = new AbortController();
    const next = feeds.auditAppends({}, client.signal).next();
    feeds.onModuleDestroy();
    await expect(next).resolves.toEqual({ done: true, value: undefined });
    expect(client.signal.aborted).toBe(false);
  });
});
