import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  FileNotificationTransport, NoticeModelError, NoticeRejectedError, NotificationOutbox, OutboxDispatcher, SmtpNotificationTransport,
  SqliteOutboxStore, backoffDelay, noticeId, retryPolicy,
  type AcceptedNotice, type DeliveryReceipt, type NoticeModel, type NotificationTransport, type OutgoingMessage, type PayloadProtector, type SendResult,
} from '@pfw/notifications';
import { CONTRACT, CONTRACT_ID, MODELS, REFERENCE, ManualClock, removeDir, tempDir } from './fixtures';
import { header, readMessage } from './mime';
import { startLocalSmtp, type LocalSmtp } from './smtp-helper';

const RECIPIENT = 'taro.yamada@example-shoji.co.jp';
const POLICY = { initialDelayMs: 1000, factor: 2, maxDelayMs: 5000, maxAttempts: 5 };

type Outcome = 'ok' | 'fail' | 'throw';

/** A transport whose answers the test scripts; it keeps every message it accepted. */
class ScriptedTransport implements NotificationTransport {
  readonly name = 'scripted';
  readonly accepted: OutgoingMessage[] = [];
  attempts = 0;
  constructor(
    public fallback: Outcome = 'ok',
    readonly script: Outcome[] = [],
  ) {}
  describe(): string {
    return 'scripted';
  }
  async send(message: OutgoingMessage): Promise<SendResult> {
    this.attempts += 1;
    await new Promise((r) => setImmediate(r));
    const outcome = this.script.shift() ?? this.fallback;
    if (outcome === 'throw') throw new Error(`socket hang up while talking to ${message.to[0].address}`);
    if (outcome === 'fail') {
      return {
        accepted: false, messageId: message.messageId, acceptedRecipients: [], rejectedRecipients: [], response: null,
        error: { code: 'ECONNECTION', message: 'Connection refused', responseCode: null, permanent: false, command: 'CONN' },
      };
    }
    this.accepted.push(message);
    return { accepted: true, messageId: message.messageId, acceptedRecipients: message.to.map((a) => a.address), rejectedRecipients: [], response: '250 queued', error: null };
  }
  async close(): Promise<void> {}
}

interface Rig {
  dir: string;
  file: string;
  clock: ManualClock;
  store: SqliteOutboxStore;
  outbox: NotificationOutbox;
  recorded: Array<{ notice: AcceptedNotice; receipt: DeliveryReceipt }>;
  dispatcher(transport: NotificationTransport, extra?: Partial<ConstructorParameters<typeof OutboxDispatcher>[0]>): OutboxDispatcher;
  reopen(): void;
}

const rigs: Rig[] = [];

function rig(protector?: PayloadProtector): Rig {
  const dir = tempDir();
  const file = path.join(dir, 'notifications.sqlite');
  const clock = new ManualClock('2026-04-01T00:00:00Z');
  const recorded: Rig['recorded'] = [];
  const r: Rig = {
    dir,
    file,
    clock,
    store: new SqliteOutboxStore({ file }),
    outbox: undefined as unknown as NotificationOutbox,
    recorded,
    dispatcher: (transport, extra = {}) =>
      new OutboxDispatcher({
        store: r.store,
        transport,
        clock,
        retry: POLICY,
        protectors: protector ? [protector] : undefined,
        onAccepted: (notice, receipt) => {
          recorded.push({ notice, receipt });
        },
        ...extra,
      }),
    reopen() {
      r.store.close();
      r.store = new SqliteOutboxStore({ file });
      r.outbox = new NotificationOutbox({ store: r.store, clock, protector });
    },
  };
  r.outbox = new NotificationOutbox({ store: r.store, clock, protector });
  rigs.push(r);
  return r;
}

afterEach(() => {
  for (const r of rigs.splice(0)) {
    r.store.close();
    removeDir(r.dir);
  }
});

const request = (causationId = 'evt-invoice-issued-1', notice: NoticeModel = MODELS.INVOICE) => ({ notice, causationId, recipient: { email: RECIPIENT } });

describe('outbox: enqueue', () => {
  it('the notice id is deterministic (contract + kind + causation) and enqueueing it twice is a no-op', async () => {
    const r = rig();
    const first = await r.outbox.enqueue(request());
    const again = await r.outbox.enqueue(request());
    expect(first).toEqual({ id: noticeId({ contractId: CONTRACT_ID, kind: 'INVOICE', causationId: 'evt-invoice-issued-1' }), enqueued: true });
    expect(again).toEqual({ id: first.id, enqueued: false });
    expect(r.store.listByContract(CONTRACT_ID)).toHaveLength(1);

    const other = await r.outbox.enqueue(request('evt-invoice-issued-2'));
    expect(other.id).not.toBe(first.id);
    expect(noticeId({ contractId: CONTRACT_ID, kind: 'PAYMENT_REMINDER', causationId: 'evt-invoice-issued-1' })).not.toBe(first.id);

    const transport = new ScriptedTransport();
    await r.dispatcher(transport).dispatchDue();
    expect(transport.accepted.map((m) => m.headers?.['X-PFW-Notice-Id']).sort()).toEqual([first.id, other.id].sort());
    await r.outbox.enqueue(request());
    expect(await r.dispatcher(transport).dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 0, stuck: 0 });
    expect(transport.attempts).toBe(2);
  });

  it('refuses what cannot go out before storing anything: paper channel, bad address, invalid model', async () => {
    const r = rig();
    await expect(r.outbox.enqueue({ ...request(), channel: 'DOCUMENT' })).rejects.toBeInstanceOf(NoticeRejectedError);
    await expect(r.outbox.enqueue({ ...request(), recipient: { email: 'not an address' } })).rejects.toThrow(/recipient\.email/);
    await expect(r.outbox.enqueue({ ...request(), recipient: { email: 'a@b.jp\r\nBcc: c@d.jp' } })).rejects.toThrow(/recipient\.email/);
    await expect(r.outbox.enqueue(request('evt', { ...MODELS.INVOICE, totalJpy: 1 }))).rejects.toBeInstanceOf(NoticeModelError);
    await expect(r.outbox.enqueue({ ...request(), causationId: ' ' })).rejects.toThrow(/causationId/);
    expect(r.store.listByContract(CONTRACT_ID)).toEqual([]);
  });
});

describe('outbox: in the saga runtime\'s transaction', () => {
  it('on a shared better-sqlite3 connection, insert joins the caller\'s transaction (rolled back with it)', async () => {
    const dir = tempDir();
    const shared = new SqliteOutboxStore({ file: path.join(dir, 'saga.sqlite') }).db; // any better-sqlite3 connection
    try {
      shared.exec('CREATE TABLE saga_state (id TEXT PRIMARY KEY, step TEXT NOT NULL)');
      const store = new SqliteOutboxStore({ database: shared });
      const outbox = new NotificationOutbox({ store, clock: new ManualClock() });
      const now = new Date('2026-04-01T00:00:00Z');
      const rolledBack = await outbox.prepare(request('evt-rolled-back'));
      expect(() =>
        shared.transaction(() => {
          shared.prepare('INSERT INTO saga_state VALUES (?, ?)').run('s1', 'invoice-noticed');
          store.insert(rolledBack, now);
          throw new Error('saga step failed');
        })(),
      ).toThrow('saga step failed');
      expect(store.get(rolledBack.id)).toBeNull();

      const committed = await outbox.prepare(request('evt-committed'));
      shared.transaction(() => {
        shared.prepare('INSERT INTO saga_state VALUES (?, ?)').run('s1', 'invoice-noticed');
        expect(store.insert(committed, now)).toBe(true);
      })();
      expect(store.get(committed.id)?.status).toBe('PENDING');
      store.close(); // not the owner: the connection stays open
      expect(shared.open).toBe(true);
    } finally {
      shared.close();
      removeDir(dir);
    }
  });
});

describe('outbox: dispatch', () => {
  it('sends a pending notice once, then reports it through onAccepted with the message id and time', async () => {
    const r = rig();
    const { id } = await r.outbox.enqueue(request('evt-terms', MODELS.TERMS_CHANGED));
    r.clock.advance(5000);
    const transport = new ScriptedTransport();
    const d = r.dispatcher(transport);
    expect(await d.dispatchDue()).toEqual({ sent: 1, recorded: 1, failed: 0, stuck: 0 });
    expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 0, stuck: 0 });
    expect(transport.attempts).toBe(1);
    const msg = transport.accepted[0];
    expect(msg.to).toEqual([{ name: CONTRACT.contactName, address: RECIPIENT }]);
    expect(msg.messageId).toBe(`<${id}@localhost>`);
    expect(msg.subject).toContain(REFERENCE);
    expect(msg.date).toEqual(r.clock.now());
    expect(msg.contractId).toBe(CONTRACT_ID);
    expect(r.recorded).toEqual([
      {
        notice: {
          id, contractId: CONTRACT_ID, kind: 'TERMS_CHANGED', channel: 'EMAIL', causationId: 'evt-terms', recipient: RECIPIENT,
          termsVersion: '2', enqueuedAt: new Date('2026-04-01T00:00:00Z'),
        },
        receipt: { messageId: `<${id}@localhost>`, sentAt: r.clock.now(), transport: 'scripted', response: '250 queued' },
      },
    ]);
    expect(await r.outbox.status(id)).toMatchObject({
      status: 'RECORDED', attempts: 0, sentAt: r.clock.now(), recordedAt: r.clock.now(), messageId: `<${id}@localhost>`, transport: 'scripted', lastError: null,
    });
  });

  it('through the file transport: one .eml per notice under <DATA_DIR>/outbox-sent', async () => {
    const r = rig();
    const a = await r.outbox.enqueue(request('evt-1', MODELS.SCREENING_RESULT));
    const b = await r.outbox.enqueue(request('evt-2', MODELS.INVOICE));
    const transport = new FileNotificationTransport({ directory: path.join(r.dir, 'outbox-sent') });
    expect(await r.dispatcher(transport).dispatchDue()).toMatchObject({ sent: 2, recorded: 2 });
    const files = fs.readdirSync(path.join(r.dir, 'outbox-sent', CONTRACT_ID)).sort();
    expect(files).toEqual([`${a.id}@localhost.eml`, `${b.id}@localhost.eml`].sort());
    const invoice = readMessage(fs.readFileSync(path.join(r.dir, 'outbox-sent', CONTRACT_ID, `${b.id}@localhost.eml`)));
    expect(header(invoice.root, 'x-pfw-notice-id')).toBe(b.id);
    expect(invoice.text).toContain('2026年5月1日');
    expect(r.recorded.map((x) => x.notice.kind).sort()).toEqual(['INVOICE', 'SCREENING_RESULT']);
  });

  it('retries failures with capped exponential backoff, then marks the notice STUCK with the last error', async () => {
    const r = rig();
    const { id } = await r.outbox.enqueue(request());
    const transport = new ScriptedTransport('fail');
    const d = r.dispatcher(transport);
    const expectedDelays = [1000, 2000, 4000, 5000];
    for (const [i, delay] of expectedDelays.entries()) {
      expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 1, stuck: 0 });
      const s = await r.outbox.status(id);
      expect(s).toMatchObject({ status: 'PENDING', attempts: i + 1, lastError: 'ECONNECTION (CONN): Connection refused', lastErrorAt: r.clock.now() });
      expect(s?.nextAttemptAt).toEqual(new Date(r.clock.now().getTime() + delay));
      expect(await d.nextDueAt()).toEqual(s?.nextAttemptAt);
      // Not due yet: nothing is tried.
      r.clock.advance(delay - 1);
      expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 0, stuck: 0 });
      r.clock.advance(1);
    }
    expect(transport.attempts).toBe(4);
    expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 0, stuck: 1 });
    expect(transport.attempts).toBe(5);
    const stuck = await d.stuck();
    expect(stuck).toHaveLength(1);
    expect(stuck[0]).toMatchObject({ id, status: 'STUCK', stuckStage: 'send', attempts: 5, lastError: 'ECONNECTION (CONN): Connection refused', stuckAt: r.clock.now(), nextAttemptAt: null });
    expect(await d.nextDueAt()).toBeNull();
    r.clock.advance(365 * 24 * 3600 * 1000);
    expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 0, stuck: 0 });
    expect(transport.attempts).toBe(5);
    expect(r.recorded).toEqual([]);

    // retry(id) sends it again, now successfully.
    transport.fallback = 'ok';
    expect(await d.retry(id)).toBe(true);
    expect(await d.retry(id)).toBe(false);
    expect(await d.dispatchDue()).toEqual({ sent: 1, recorded: 1, failed: 0, stuck: 0 });
    expect(transport.accepted).toHaveLength(1);
    expect(await d.stuck()).toEqual([]);
    expect(await r.outbox.status(id)).toMatchObject({ status: 'RECORDED', attempts: 0, lastError: 'ECONNECTION (CONN): Connection refused' });
    expect(r.recorded.map((x) => x.notice.id)).toEqual([id]);
  });

  it('a transport that throws counts as a failure; the recipient is masked out of the stored error', async () => {
    const r = rig();
    const { id } = await r.outbox.enqueue(request());
    const d = r.dispatcher(new ScriptedTransport('throw'));
    expect(await d.dispatchDue()).toMatchObject({ failed: 1 });
    const s = await r.outbox.status(id);
    expect(s?.lastError).toBe('ESEND: socket hang up while talking to <recipient>');
    expect(JSON.stringify(s)).not.toContain(RECIPIENT);
  });

  it('backoff schedule: doubling, capped', () => {
    const p = retryPolicy({ initialDelayMs: 30_000, maxDelayMs: 3_600_000 });
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => backoffDelay(p, n))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000,
    ]);
    expect(() => retryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
  });

  it('onAccepted failing never re-sends: only the recording is retried (exactly-once recording)', async () => {
    const r = rig();
    const { id } = await r.outbox.enqueue(request());
    const transport = new ScriptedTransport();
    let failures = 2;
    const calls: string[] = [];
    const d = r.dispatcher(transport, {
      onAccepted: (notice) => {
        calls.push(notice.id);
        if (failures-- > 0) throw new Error('event store unavailable');
      },
    });
    expect(await d.dispatchDue()).toEqual({ sent: 1, recorded: 0, failed: 1, stuck: 0 });
    expect(await r.outbox.status(id)).toMatchObject({ status: 'ACCEPTED', recordAttempts: 1, lastError: 'Error: event store unavailable' });
    r.clock.advance(1000);
    expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 1, stuck: 0 });
    r.clock.advance(2000);
    expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 1, failed: 0, stuck: 0 });
    expect(transport.attempts).toBe(1);
    expect(calls).toEqual([id, id, id]);
    expect(await r.outbox.status(id)).toMatchObject({ status: 'RECORDED', attempts: 0, recordAttempts: 2 });
  });

  it('a recording that keeps failing gets STUCK at stage record; retry(id) records without sending again', async () => {
    const r = rig();
    const { id } = await r.outbox.enqueue(request());
    const transport = new ScriptedTransport();
    let down = true;
    const d = r.dispatcher(transport, {
      onAccepted: () => {
        if (down) throw new Error('event store unavailable');
      },
    });
    for (let i = 0; i < POLICY.maxAttempts; i++) {
      await d.dispatchDue();
      r.clock.advance(POLICY.maxDelayMs);
    }
    expect(await d.stuck()).toMatchObject([{ id, stuckStage: 'record', recordAttempts: 5, lastError: 'Error: event store unavailable' }]);
    down = false;
    expect(await d.retry(id)).toBe(true);
    expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 1, failed: 0, stuck: 0 });
    expect(transport.attempts).toBe(1);
  });
});

describe('outbox: SMTP refusing', () => {
  let server: LocalSmtp | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('a 550 on RCPT TO is recorded as a failure (not dropped), retried, stuck, and sent after retry(id)', async () => {
    let refuse = true;
    server = await startLocalSmtp({ rejectRecipients: () => refuse });
    const r = rig();
    const { id } = await r.outbox.enqueue(request());
    const transport = new SmtpNotificationTransport({ url: server.url });
    const d = r.dispatcher(transport, { retry: { ...POLICY, maxAttempts: 2 } });

    expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 1, stuck: 0 });
    const after1 = await r.outbox.status(id);
    expect(after1).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(after1?.lastError).toMatch(/^EENVELOPE 550 \(RCPT TO\): .*mailbox unavailable/);
    expect(after1?.lastError).toContain('<recipient>');
    expect(after1?.lastError).not.toContain(RECIPIENT);

    r.clock.advance(1000);
    expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 0, stuck: 1 });
    expect(await d.stuck()).toMatchObject([{ id, stuckStage: 'send', attempts: 2 }]);
    expect(server.rcptAttempts).toEqual([RECIPIENT, RECIPIENT]);
    expect(server.received).toHaveLength(0);
    expect(r.recorded).toEqual([]);

    refuse = false;
    await d.retry(id);
    expect(await d.dispatchDue()).toEqual({ sent: 1, recorded: 1, failed: 0, stuck: 0 });
    expect(server.received).toHaveLength(1);
    expect(server.received[0].rcptTo).toEqual([RECIPIENT]);
    expect(readMessage(server.received[0].raw).text).toContain(REFERENCE);
    expect(r.recorded.map((x) => [x.notice.id, x.notice.recipient])).toEqual([[id, RECIPIENT]]);
    await transport.close();
  });
});

describe('outbox: restarts', () => {
  it('a new dispatcher on the same file sends what was pending and never re-sends what was sent', async () => {
    const r = rig();
    const ids = [];
    for (const evt of ['evt-a', 'evt-b', 'evt-c']) ids.push((await r.outbox.enqueue(request(evt))).id);
    const sentByFirst = new ScriptedTransport();
    expect(await r.dispatcher(sentByFirst, { batchSize: 1 }).dispatchDue()).toMatchObject({ sent: 1 });

    r.reopen(); // the process stops; another starts on the same DATA_DIR
    const sentBySecond = new ScriptedTransport();
    const second = r.dispatcher(sentBySecond);
    expect(await second.dispatchDue()).toMatchObject({ sent: 2, recorded: 2 });

    r.reopen();
    const sentByThird = new ScriptedTransport();
    expect(await r.dispatcher(sentByThird).dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 0, stuck: 0 });

    const all = [...sentByFirst.accepted, ...sentBySecond.accepted, ...sentByThird.accepted].map((m) => m.headers?.['X-PFW-Notice-Id']);
    expect(all.sort()).toEqual([...ids].sort());
    expect(r.recorded.map((x) => x.notice.id).sort()).toEqual([...ids].sort());
  });

  it('a dispatcher that died holding a claim: the row waits for the lease, then is sent (at least once)', async () => {
    const r = rig();
    const { id } = await r.outbox.enqueue(request());
    // A dispatcher claimed the row and died before it could say what happened.
    const leaseUntil = new Date(r.clock.now().getTime() + 60_000);
    expect(r.store.claimDue(r.clock.now(), 10, leaseUntil, 'dead-dispatcher').map((x) => x.id)).toEqual([id]);
    r.reopen();
    const transport = new ScriptedTransport();
    const d = r.dispatcher(transport, { leaseMs: 60_000 });
    expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 0, stuck: 0 });
    expect(await d.nextDueAt()).toEqual(leaseUntil);
    r.clock.set(leaseUntil);
    expect(await d.dispatchDue()).toEqual({ sent: 1, recorded: 1, failed: 0, stuck: 0 });
    // The dead dispatcher's late update changes nothing.
    expect(r.store.markRecorded(id, 'dead-dispatcher', r.clock.now())).toBe(false);
  });

  it('an accepted-but-unrecorded notice found after a restart is recorded, not re-sent', async () => {
    const r = rig();
    const { id } = await r.outbox.enqueue(request());
    const transport = new ScriptedTransport();
    await r.dispatcher(transport, { onAccepted: () => Promise.reject(new Error('crash')) }).dispatchDue();
    r.reopen();
    r.clock.advance(1000);
    const after = new ScriptedTransport();
    expect(await r.dispatcher(after).dispatchDue()).toEqual({ sent: 0, recorded: 1, failed: 0, stuck: 0 });
    expect(after.attempts).toBe(0);
    expect(r.recorded.map((x) => [x.notice.id, x.receipt.transport])).toEqual([[id, 'scripted']]);
  });

  it('two dispatchers on the same file at once send each notice once', async () => {
    const r = rig();
    for (let i = 0; i < 12; i++) await r.outbox.enqueue(request(`evt-${i}`));
    const otherStore = new SqliteOutboxStore({ file: r.file });
    try {
      const t1 = new ScriptedTransport();
      const t2 = new ScriptedTransport();
      const d1 = r.dispatcher(t1, { batchSize: 3 });
      const d2 = new OutboxDispatcher({ store: otherStore, transport: t2, clock: r.clock, batchSize: 3, onAccepted: (n, rc) => void r.recorded.push({ notice: n, receipt: rc }) });
      await Promise.all([d1.drain(), d2.drain()]);
      const ids = [...t1.accepted, ...t2.accepted].map((m) => m.headers?.['X-PFW-Notice-Id']);
      expect(ids).toHaveLength(12);
      expect(new Set(ids).size).toBe(12);
      expect(r.recorded).toHaveLength(12);
    } finally {
      otherStore.close();
    }
  });

  it('start() polls until stop()', async () => {
    const r = rig();
    await r.outbox.enqueue(request());
    const transport = new ScriptedTransport();
    const d = r.dispatcher(transport);
    d.start(5);
    for (let i = 0; i < 200 && r.recorded.length === 0; i++) await new Promise((res) => setTimeout(res, 5));
    await d.stop();
    expect(transport.accepted).toHaveLength(1);
    expect(r.recorded).toHaveLength(1);
  });
});

/** A stand-in for issue 8's per-contract key: AES-256-GCM with a key per contract, which can be destroyed. */
class TestKeyProtector implements PayloadProtector {
  readonly id = 'test-aes-gcm';
  readonly keys = new Map<string, Buffer>();
  seal(contractId: string, plaintext: Uint8Array): Uint8Array {
    let key = this.keys.get(contractId);
    if (!key) this.keys.set(contractId, (key = randomBytes(32)));
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([c.update(plaintext), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  }
  open(contractId: string, sealed: Uint8Array): Uint8Array {
    const key = this.keys.get(contractId);
    if (!key) throw new Error(`no data key for contract ${contractId}`);
    const b = Buffer.from(sealed);
    const d = createDecipheriv('aes-256-gcm', key, b.subarray(0, 12));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]);
  }
}

function rawBytes(dir: string): string {
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith('notifications.sqlite'))
    .map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1'))
    .join('');
}

describe('outbox: personal data at rest (ready for issue 8)', () => {
  const needles = [RECIPIENT, CONTRACT.contactName, CONTRACT.organizationName].map((s) => Buffer.from(s, 'utf8').toString('latin1'));

  it('with a sealing protector the SQLite files never hold the recipient, name or organization in clear', async () => {
    const protector = new TestKeyProtector();
    const r = rig(protector);
    const { id } = await r.outbox.enqueue(request());
    for (const n of needles) expect(rawBytes(r.dir)).not.toContain(n);
    const transport = new ScriptedTransport();
    expect(await r.dispatcher(transport).dispatchDue()).toMatchObject({ sent: 1, recorded: 1 });
    expect(transport.accepted[0].to[0].address).toBe(RECIPIENT);
    expect(r.recorded[0].notice).toMatchObject({ id, recipient: RECIPIENT });
    r.store.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const n of needles) expect(rawBytes(r.dir)).not.toContain(n);
  });

  it('the identity default stores it in clear (which is what issue 8 replaces)', async () => {
    const r = rig();
    await r.outbox.enqueue(request());
    expect(rawBytes(r.dir)).toContain(RECIPIENT);
  });

  it('a destroyed key is a recorded failure with a typed error, never a crash', async () => {
    const protector = new TestKeyProtector();
    const r = rig(protector);
    const { id } = await r.outbox.enqueue(request());
    protector.keys.clear();
    const d = r.dispatcher(new ScriptedTransport());
    expect(await d.dispatchDue()).toEqual({ sent: 0, recorded: 0, failed: 1, stuck: 0 });
    expect((await r.outbox.status(id))?.lastError).toMatch(/^PayloadUnreadableError: notice .* could not open it \(Error: no data key for contract/);
  });

  it('after purgeContract the identity-stored data is gone from the SQLite files too (secure_delete, WAL truncated)', async () => {
    const r = rig();
    await r.outbox.enqueue(request('evt-1'));
    await r.dispatcher(new ScriptedTransport()).dispatchDue();
    await r.outbox.enqueue(request('evt-2', MODELS.PAYMENT_REMINDER));
    expect(rawBytes(r.dir)).toContain(needles[0]);
    await r.outbox.purgeContract(CONTRACT_ID);
    for (const n of needles) expect(rawBytes(r.dir)).not.toContain(n);
  });

  it('purgeContract erases payloads and errors; unsent notices become PURGED and are never sent', async () => {
    const r = rig();
    const sent = await r.outbox.enqueue(request('evt-1'));
    await r.dispatcher(new ScriptedTransport()).dispatchDue();
    const pending = await r.outbox.enqueue(request('evt-2'));
    const failing = await r.outbox.enqueue(request('evt-3', MODELS.PAYMENT_REMINDER));
    await r.dispatcher(new ScriptedTransport('throw')).dispatchDue(); // evt-2 and evt-3 fail once; errors stored
    const otherContract = await r.outbox.enqueue(request('evt-1', { ...MODELS.INVOICE, contract: { ...CONTRACT, contractId: 'another-contract' } }));

    const report = await r.outbox.purgeContract(CONTRACT_ID);
    expect(report.purged).toBe(3);
    expect([...report.unfinished].sort()).toEqual([pending.id, failing.id].sort());
    expect((await r.outbox.status(sent.id))?.status).toBe('RECORDED');
    for (const id of [pending.id, failing.id]) expect(await r.outbox.status(id)).toMatchObject({ status: 'PURGED', lastError: null, nextAttemptAt: null });
    for (const id of [sent.id, pending.id, failing.id]) expect(r.store.get(id)?.payload).toBeNull();
    expect(r.store.get(otherContract.id)?.payload).not.toBeNull();
    expect(rawBytes(r.dir).split(Buffer.from(RECIPIENT).toString('latin1')).length - 1).toBeGreaterThanOrEqual(1); // the other contract's row

    r.clock.advance(10 * 60 * 1000);
    const transport = new ScriptedTransport();
    await r.dispatcher(transport).drain();
    expect(transport.accepted.map((m) => m.headers?.['X-PFW-Notice-Id'])).toEqual([otherContract.id]);
    // Enqueueing a purged notice again does not bring it back.
    expect(await r.outbox.enqueue(request('evt-2'))).toEqual({ id: pending.id, enqueued: false });
  });
});
