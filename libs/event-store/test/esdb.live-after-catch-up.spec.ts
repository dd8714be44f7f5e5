/**
 * The EventStoreDB adapter's subscription over the double: a live append right after a catch-up is delivered,
 * whatever the catch-up's length. One length fills the server's send buffer exactly, so the server is still
 * waiting to send its caught-up message when the append lands; the append must wake it all the same.
 */
import { randomUUID } from 'node:crypto';
import { EsdbEventStore, type SubscriptionMessage } from '@pfw/event-store';
import { EsdbDoubleLog, startEsdbDouble } from '@pfw/esdb-double';

const json = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));

describe('EventStoreDB adapter subscription: a live append after a catch-up of any length', () => {
  it('delivers the live event after catch-ups of 1 to 40 events', async () => {
    for (let n = 1; n <= 40; n++) {
      const data = new EsdbDoubleLog({ systemEvents: false });
      for (let i = 0; i < n; i++) {
        data.append('order-1', [{ id: randomUUID(), type: 'Old', contentType: 'application/json', data: json({ i }), customMetadata: json({}) }], { kind: 'any' });
      }
      const double = await startEsdbDouble({ data });
      const store = new EsdbEventStore({ connectionString: double.url });
      const sub = store.subscribeToAll();
      try {
        const iterator = sub[Symbol.asyncIterator]();
        const before: SubscriptionMessage[] = [];
        for (;;) {
          const next = await iterator.next();
          if (next.done) throw new Error('subscription ended');
          before.push(next.value);
          if (next.value.kind === 'caughtUp') break;
        }
        expect(before.filter((m) => m.kind === 'event')).toHaveLength(n);
        await store.append('order-1', [{ id: randomUUID(), type: 'Live', data: {}, metadata: {} }], n - 1);
        const live = await iterator.next();
        expect(live.value).toMatchObject({ kind: 'event', event: { type: 'Live', revision: n } });
      } finally {
        await sub.close();
        await store.close();
        await double.stop();
      }
    }
  });
});
