/**
 * The EventStoreDB adapter against a three-node cluster of doubles: discovery through gossip, NotLeader
 * redirection, follower reads, and the leader dying in the middle of a stream of appends and subscriptions.
 */
import { randomUUID } from 'node:crypto';
import { EsdbEventStore, type EventData, type RecordedEvent, type Subscription } from '@pfw/event-store';
import { startEsdbCluster, type EsdbCluster } from '@pfw/esdb-double';

const READ = '/event_store.client.streams.Streams/Read';
const ev = (type: string, data: Record<string, unknown> = {}): EventData => ({ id: randomUUID(), type, data, metadata: {} });
const withQuery = (url: string, query: string) => `${url}${url.includes('?') ? '&' : '?'}${query}`;
const count = (calls: ReadonlyMap<string, number>, key: string) => calls.get(key) ?? 0;

/** Collects the subscription's events in the background until `close`. */
function collector(sub: Subscription) {
  const events: RecordedEvent[] = [];
  const done = (async () => {
    for await (const message of sub) if (message.kind === 'event') events.push(message.event);
  })();
  return {
    events,
    async until(n: number, timeoutMs = 60_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (events.length < n) {
        if (Date.now() > deadline) throw new Error(`subscription delivered ${events.length} of ${n} events in time`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close(): Promise<void> {
      await sub.close();
      await done;
    },
  };
}

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

describe('EventStoreDB adapter over a three-node cluster', () => {
  let cluster: EsdbCluster;
  const stores: EsdbEventStore[] = [];
  const open = (connectionString: string) => {
    const store = new EsdbEventStore({ connectionString, reconnectBackoff: { initialMs: 50, maxMs: 500 } });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    cluster = await startEsdbCluster({ size: 3 });
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await cluster.stop();
  });

  it('finds the leader through gossip (esdb+discover:// through a follower, and esdb://a,b,c) and writes there', async () => {
    const prefix = `disc-${randomUUID().slice(0, 8)}-`;
    const viaFollower = open(cluster.discoverUrl(2));
    const viaHosts = open(cluster.url);
    await viaFollower.append(`${prefix}a`, [ev('One')], 'no_stream');
    await viaHosts.append(`${prefix}a`, [ev('Two')], 0);
    expect((await viaHosts.readStream(`${prefix}a`)).map((e) => e.type)).toEqual(['One', 'Two']);
    expect(cluster.leaderIndex()).toBe(0);
    expect(count(cluster.calls[0]!, `served ${READ}`)).toBeGreaterThan(0);
  });

  it('reads from a follower with nodePreference=follower; its append is redirected to the leader by NotLeader', async () => {
    const prefix = `fol-${randomUUID().slice(0, 8)}-`;
    const writer = open(cluster.url);
    const first = await writer.append(`${prefix}a`, [ev('One')], 'no_stream');
    const reader = open(withQuery(cluster.url, 'nodePreference=follower'));
    expect((await reader.readStream(`${prefix}a`)).map((e) => e.position)).toEqual([first.position]);
    const followerReads = [1, 2].map((i) => count(cluster.calls[i]!, `served ${READ}`));
    expect(followerReads.some((n) => n > 0)).toBe(true);

    // Appends require the leader: the follower answers NotLeader naming it, and the adapter's retry lands there.
    await reader.append(`${prefix}a`, [ev('Two')], 0);
    const notLeader = [1, 2].reduce((n, i) => n + [...cluster.calls[i]!].filter(([k]) => k.startsWith('not-leader')).reduce((a, [, v]) => a + v, 0), 0);
    expect(notLeader).toBeGreaterThan(0);
    expect((await writer.readStream(`${prefix}a`)).map((e) => e.type)).toEqual(['One', 'Two']);
  });

  it('loses the leader mid-stream: a follower is elected, the clients rediscover, appends and subscriptions go on — none lost, none doubled', async () => {
    const prefix = `fail-${randomUUID().slice(0, 8)}-`;
    const streams = 5;
    const total = 300;
    const killAt = 120;
    const writer = open(cluster.url);
    const start = (await writer.headPosition()) ?? 'start';
    // One subscriber on the writer's connection (the leader, which dies), one reading from a follower.
    const onLeader = collector(writer.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [prefix] } }));
    const follower = open(withQuery(cluster.url, 'nodePreference=follower'));
    const onFollower = collector(follower.subscribeToAll({ fromPosition: start, filter: { streamPrefixes: [prefix] } }));

    const appended: string[] = [];
    const revisions = new Map<string, number>();
    let failover: Promise<{ killed: number; elected: number }> | undefined;
    for (let i = 0; i < total; i++) {
      const streamId = `${prefix}${i % streams}`;
      const event = ev('Counted', { i });
      // Exact expected revisions: a retry of an append whose answer was lost with the leader writes nothing.
      const result = await writer.append(streamId, [event], revisions.get(streamId) ?? 'no_stream');
      revisions.set(streamId, result.nextExpectedRevision);
      appended.push(event.id);
      if (i === killAt) failover = cluster.killLeader();
    }
    const { killed, elected } = await failover!;
    expect(killed).toBe(0);
    expect(elected).not.toBe(0);
    expect(cluster.leaderIndex()).toBe(elected);
    // The appends after the election went over BatchAppend to the new leader.
    expect(count(cluster.calls[elected]!, 'served /event_store.client.streams.Streams/BatchAppend')).toBeGreaterThan(0);

    await onLeader.until(total);
    await onFollower.until(total);
    const stored = await collect(writer.readAll({ filter: { streamPrefixes: [prefix] } }));
    // Settle: anything more than `total` would show up now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await onLeader.close();
    await onFollower.close();

    const figures = {
      appended: appended.length,
      stored: stored.length,
      deliveredOnLeaderConnection: onLeader.events.length,
      deliveredOnFollower: onFollower.events.length,
      duplicates: onLeader.events.length - new Set(onLeader.events.map((e) => e.id)).size + (onFollower.events.length - new Set(onFollower.events.map((e) => e.id)).size),
    };
    expect(figures).toEqual({ appended: 300, stored: 300, deliveredOnLeaderConnection: 300, deliveredOnFollower: 300, duplicates: 0 });
    expect(stored.map((e) => e.id)).toEqual(appended);
    expect(onLeader.events.map((e) => e.id)).toEqual(appended);
    expect(onFollower.events.map((e) => e.id)).toEqual(appended);
    for (let s = 0; s < streams; s++) {
      const own = await writer.readStream(`${prefix}${s}`);
      expect(own.map((e) => e.revision)).toEqual(own.map((_, i) => i));
    }
  });
});
