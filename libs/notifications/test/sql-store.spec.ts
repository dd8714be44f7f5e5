import { existsSync } from 'node:fs';
import * as path from 'node:path';
import {
  NotificationOutbox, OutboxDispatcher, SqliteOutboxStore, SqlOutboxStore,
  type NotificationTransport, type OutgoingMessage, type SendResult, NOTIFICATIONS_MIGRATIONS,
} from '@pfw/notifications';
import { migrateReadModels } from '@pfw/read-models';
import { backends, type TestDatabase } from '../../read-models/test/support/backends';
import { CONTRACT_ID, MODELS, ManualClock, removeDir, tempDir } from './fixtures';

const RECIPIENT = 'taro.yamada@example-shoji.co.jp';
const request = (causationId: string) => ({ notice: MODELS.INVOICE, causationId, recipient: { email: RECIPIENT } });

/** Accepts every message (after a turn of the event loop, like a real server) and keeps it. */
class CountingTransport implements NotificationTransport {
  readonly name = 'counting';
  readonly accepted: OutgoingMessage[] = [];
  failing = false;
  describe(): string {
    return 'counting';
  }
  async send(message: OutgoingMessage): Promise<SendResult> {
    await new Promise((r) => setImmediate(r));
    if (this.failing) {
      return {
        accepted: false, messageId: message.messageId, acceptedRecipients: [], rejectedRecipients: [], response: null,
        error: { code: 'ECONNECTION', message: 'Connection refused', responseCode: null, permanent: false, command: 'CONN' },
      };
    }
    this.accepted.push(message);
    return { accepted: true, messageId: message.messageId, acceptedRecipients: [RECIPIENT], rejectedRecipients: [], response: '250 queued', error: null };
  }
  async close(): Promise<void> {}
}

describe.each(backends())('the outbox in the read-model database (SqlOutboxStore) on %s', (_name, backend) => {
  let t: TestDatabase;
  const clock = new ManualClock('2026-04-01T00:00:00Z');

  beforeAll(() => backend.start(), 60_000);
  afterAll(() => backend.stop());
  beforeEach(async () => {
    t = await backend.open();
    await migrateReadModels(t.db, NOTIFICATIONS_MIGRATIONS);
  });
  afterEach(() => t.dispose());

  it('two workers’ dispatchers on one outbox: every notice is sent once and recorded once', async () => {
    // Two processes: each its own store object and dispatcher, one database.
    const stores = [new SqlOutboxStore(t.db), new SqlOutboxStore(t.db)];
    const outbox = new NotificationOutbox({ store: stores[0]!, clock });
    for (let i = 0; i < 12; i++) await outbox.enqueue(request(`evt-${i}`));
    expect((await outbox.enqueue(request('evt-0'))).enqueued).toBe(false);

    const transports = [new CountingTransport(), new CountingTransport()];
    const recorded: string[] = [];
    const dispatchers = stores.map(
      (store, i) => new OutboxDispatcher({ store, transport: transports[i]!, clock, batchSize: 3, onAccepted: (n) => void recorded.push(n.id) }),
    );
    await Promise.all(dispatchers.map((d) => d.drain()));

    const sent = [...transports[0]!.accepted, ...transports[1]!.accepted].map((m) => m.messageId);
    expect(sent).toHaveLength(12);
    expect(new Set(sent).size).toBe(12);
    expect(recorded.sort()).toEqual([...new Set(recorded)].sort());
    expect(recorded).toHaveLength(12);
    expect((await stores[1]!.listByContract(CONTRACT_ID)).every((n) => n.status === 'RECORDED')).toBe(true);
    expect(await stores[0]!.nextDueAt()).toBeNull();
  });

  it('a row claimed by one dispatcher is not claimed by another until its lease ends', async () => {
    const a = new SqlOutboxStore(t.db);
    const b = new SqlOutboxStore(t.db);
    await new NotificationOutbox({ store: a, clock }).enqueue(request('evt-claim'));
    const now = clock.now();
    const until = new Date(now.getTime() + 60_000);
    expect(await a.claimDue(now, 10, until, 'token-a')).toHaveLength(1);
    expect(await b.claimDue(now, 10, until, 'token-b')).toEqual([]);
    expect(await b.nextDueAt()).toEqual(until);
    const later = new Date(until.getTime() + 1);
    const taken = await b.claimDue(later, 10, new Date(later.getTime() + 60_000), 'token-b');
    expect(taken.map((r) => r.id)).toHaveLength(1);
    // The first holder's lease ended: what it reports now changes nothing.
    expect(await a.markAccepted(taken[0]!.id, 'token-a', { messageId: 'm', transport: 't', response: null, sentAt: later })).toBe(false);
  });

  it("with a clock that stands still (CLOCK=simulated) two dispatchers claiming on real time send each notice once, and a dead one's claim runs out", async () => {
    const stores = [new SqlOutboxStore(t.db), new SqlOutboxStore(t.db)];
    const outbox = new NotificationOutbox({ store: stores[0]!, clock });
    for (let i = 0; i < 6; i++) await outbox.enqueue(request(`evt-still-${i}`));
    let real = new Date('2026-12-03T00:00:00Z');
    const realClock = { now: () => new Date(real.getTime()) };
    const transports = [new CountingTransport(), new CountingTransport()];
    const dispatchers = stores.map((store, i) => new OutboxDispatcher({ store, transport: transports[i]!, clock, leaseClock: realClock, leaseMs: 15_000, batchSize: 2 }));
    await Promise.all(dispatchers.map((d) => d.drain()));
    const sent = [...transports[0]!.accepted, ...transports[1]!.accepted].map((m) => m.messageId);
    expect(sent).toHaveLength(6);
    expect(new Set(sent).size).toBe(6);
    // The claims are not instants of the notices' clock: nothing is due later than now.
    expect(await dispatchers[0]!.nextDueAt()).toBeNull();

    // A dispatcher that claimed a notice and died: the other takes it over once the claim ran out in real time.
    await outbox.enqueue(request('evt-still-dead'));
    expect(await stores[0]!.claimDue(clock.now(), 10, new Date(real.getTime() + 15_000), 'dead-dispatcher', real)).toHaveLength(1);
    expect(await dispatchers[1]!.dispatchDue()).toMatchObject({ sent: 0 });
    real = new Date(real.getTime() + 15_001);
    expect(await dispatchers[1]!.dispatchDue()).toMatchObject({ sent: 1 });
  });

  it('a notice that keeps failing is stuck for every process to see; retry puts it back; a purge erases its payload', async () => {
    const store = new SqlOutboxStore(t.db);
    const outbox = new NotificationOutbox({ store, clock });
    const { id } = await outbox.enqueue(request('evt-stuck'));
    const transport = new CountingTransport();
    transport.failing = true;
    const dispatcher = new OutboxDispatcher({ store, transport, clock, retry: { initialDelayMs: 1, factor: 1, maxDelayMs: 1, maxAttempts: 2 }, onAccepted: () => undefined });
    for (let i = 0; i < 3; i++) {
      await dispatcher.drain();
      clock.advance(10);
    }
    const elsewhere = new SqlOutboxStore(t.db);
    expect((await elsewhere.listStuck()).map((n) => [n.id, n.stuckStage, n.attempts])).toEqual([[id, 'send', 2]]);
    expect(await elsewhere.retry(id, clock.now())).toBe(true);
    expect(await elsewhere.get(id)).toMatchObject({ status: 'PENDING', attempts: 0 });
    expect(await elsewhere.purgeContract(CONTRACT_ID, clock.now())).toEqual({ purged: 1, unfinished: [id] });
    expect(await elsewhere.get(id)).toMatchObject({ status: 'PURGED', payload: null, lastError: null });
  });

  it('moves the outbox a single host kept in its own file, notices as they stood, and deletes the file', async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'notifications.sqlite');
      const legacy = new SqliteOutboxStore({ file });
      const legacyOutbox = new NotificationOutbox({ store: legacy, clock });
      const pending = await legacyOutbox.enqueue(request('evt-legacy-pending'));
      const sent = await legacyOutbox.enqueue(request('evt-legacy-sent'));
      // The old process had claimed both and sent one when it stopped.
      expect(legacy.claimDue(clock.now(), 10, new Date(clock.now().getTime() + 60_000), 'old-worker')).toHaveLength(2);
      expect(legacy.markAccepted(sent.id, 'old-worker', { messageId: '<m@x>', transport: 'smtp', response: '250', sentAt: clock.now() })).toBe(true);
      legacy.close();

      const store = new SqlOutboxStore(t.db);
      expect(await store.importFrom(file)).toBe(2);
      expect(existsSync(file)).toBe(false);
      expect(await store.importFrom(file)).toBe(0);
      expect(await store.get(pending.id)).toMatchObject({ status: 'PENDING', contractId: CONTRACT_ID });
      expect((await store.get(pending.id))!.payload!.length).toBeGreaterThan(0);
      const moved = await store.get(sent.id);
      expect(moved).toMatchObject({ status: 'ACCEPTED', messageId: '<m@x>' });
      // Claims of the old process are not carried over: a worker here takes the notice at once.
      expect((await store.claimDue(clock.now(), 10, new Date(clock.now().getTime() + 1000), 'new')).map((r) => r.id).sort()).toEqual([pending.id, sent.id].sort());
    } finally {
      removeDir(dir);
    }
  });
});
