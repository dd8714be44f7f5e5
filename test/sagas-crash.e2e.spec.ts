import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCertificateAuthority } from '@pfw/ca-gateway';
import { SIMULATED_CLOCK_FILE } from '@pfw/clock';
import { addDays, contractStreamId, startOfJapanDay } from '@pfw/domain';
import { SqliteEventStore } from '@pfw/event-store';
import { loadMasterKey, SqlDataKeyStore } from '@pfw/personal-data';
import { createReadModelDb } from '@pfw/read-models';
import { createHarness } from '../libs/sagas/test/support/harness';
import { header, readMessage } from '../libs/notifications/test/mime';
import { buildOnce, startNode, type Started } from './support/process';

/** What production runs for the sagas: the api shell with ROLE=worker. */
const WORKER = 'dist/apps/api/src/main.js';
const CONTRACTS = 8;
/** Per contract, what the end of the grace period writes: initiated, notice, request, revoked, result. */
const EVENTS_PER_CONTRACT = 5;

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, worker?: Started): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${what} not reached within ${timeoutMs} ms${worker ? `\nworker output:\n${worker.output()}` : ''}`);
}

function emlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return emlFiles(path);
    // A kill may leave the transport's temporary file (`.<name>.eml.<random>.tmp`) behind: not a sent message.
    return name.endsWith('.eml') && !name.startsWith('.') ? [path] : [];
  });
}

describe('sagas survive SIGKILL (the compiled api with ROLE=worker, killed while it works)', () => {
  let dir: string;
  beforeAll(() => buildOnce(), 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('after restarts each contract has exactly one RevocationRequested and one CustomerNotified per notice', async () => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-saga-crash-'));

    // 1. Unpaid active contracts, the clock one second before their grace period ends (run in this process).
    const h = await createHarness({ dir });
    const ids: string[] = [];
    for (let i = 0; i < CONTRACTS; i++) ids.push(await h.activeContract());
    const dueOn = (await h.contract(ids[0]!)).invoice!.dueOn!;
    const graceEnds = startOfJapanDay(addDays(dueOn, 15));
    await h.advance({ to: new Date(graceEnds.getTime() - 1000) });
    for (const id of ids) expect(await h.notices(id, 'PAYMENT_REMINDER')).toHaveLength(2);
    await h.close();
    // The clock moves on to the end of the grace period (as advanceClock would); the worker finds it all due.
    writeFileSync(join(dir, SIMULATED_CLOCK_FILE), `${JSON.stringify({ now: graceEnds.toISOString() })}\n`);

    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    const baseline = (await store.headPosition())!;
    const written = async () => Number(((await store.headPosition()) ?? 0n) - baseline);
    const total = CONTRACTS * EVENTS_PER_CONTRACT;
    // A restarted worker takes over the leases the killed one held once they run out (LEASE_SECONDS).
    const env = { DATA_DIR: dir, CLOCK: 'simulated', ROLE: 'worker', NODE_ENV: 'test', PORT: '0', PUBLIC_BASE_URL: 'https://pfw.example.jp', LEASE_SECONDS: '2' };

    try {
      // 2. Kill the worker (SIGKILL) three times while it works through the revocations.
      const kills: number[] = [];
      for (const threshold of [1, Math.floor(total / 3), Math.floor((2 * total) / 3)]) {
        const worker = startNode(WORKER, env);
        await until(`${threshold} new events`, async () => (await written()) >= threshold, 60_000, worker);
        worker.child.kill('SIGKILL');
        expect(await worker.exited).toBe('SIGKILL');
        kills.push(await written());
      }
      expect(kills[kills.length - 1]).toBeLessThan(total); // it really was killed mid-way

      // 3. A last start runs everything to the end.
      const worker = startNode(WORKER, env);
      const resultsRecorded = async () => {
        for (const id of ids) {
          const events = await store.readStream(contractStreamId(id));
          if (!events.some((e) => e.type === 'CustomerNotified' && (e.data as { kind?: string }).kind === 'REVOCATION_RESULT')) return false;
        }
        return true;
      };
      await until('every REVOCATION_RESULT recorded', resultsRecorded, 90_000, worker);
      const quiet = () => {
        // The outbox lives in the read-model database with the saga tables.
        const rm = new Database(join(dir, 'read-models.sqlite'), { readonly: true });
        const outbox = rm;
        try {
          const due = rm.prepare(`SELECT count(*) AS n FROM saga_deadlines WHERE status = 'pending' AND next_attempt_at <= ?`).get(graceEnds.toISOString()) as { n: number };
          const unsent = outbox.prepare(`SELECT count(*) AS n FROM notification_outbox WHERE status IN ('PENDING', 'ACCEPTED')`).get() as { n: number };
          const stuck = rm.prepare(`SELECT count(*) AS n FROM saga_deadlines WHERE status = 'stuck'`).get() as { n: number };
          const stuckNotices = outbox.prepare(`SELECT count(*) AS n FROM notification_outbox WHERE status = 'STUCK'`).get() as { n: number };
          expect(stuck.n).toBe(0);
          expect(stuckNotices.n).toBe(0);
          return due.n === 0 && unsent.n === 0;
        } finally {
          rm.close();
        }
      };
      await until('nothing left due', quiet, 30_000, worker);
      worker.child.kill('SIGTERM');
      await worker.exited;

      // 4. Exactly once, per contract, whatever the kills interrupted.
      for (const id of ids) {
        // Types and notice kinds are stored in the clear: counting them needs no data keys.
        const recorded = await store.readStream(contractStreamId(id));
        const count = (type: string) => recorded.filter((r) => r.type === type).length;
        const kindOf = (r: (typeof recorded)[number]) => String(r.data['kind']);
        expect(count('RevocationInitiated')).toBe(1);
        expect(count('RevocationRequested')).toBe(1);
        expect(count('CertificateRevoked')).toBe(1);
        const notices: Record<string, number> = {};
        for (const r of recorded) if (r.type === 'CustomerNotified') notices[kindOf(r)] = (notices[kindOf(r)] ?? 0) + 1;
        expect(notices).toEqual({ SCREENING_RESULT: 1, INVOICE: 1, CERTIFICATE_DELIVERY: 1, PAYMENT_REMINDER: 2, REVOCATION_NOTICE: 1, REVOCATION_RESULT: 1 });
        // The notice still came before the request (Art. 7(2)).
        const order = recorded.map((r) => (r.type === 'CustomerNotified' ? `notice:${kindOf(r)}` : r.type));
        expect(order.indexOf('notice:REVOCATION_NOTICE')).toBeLessThan(order.indexOf('RevocationRequested'));
      }
      expect(await written()).toBe(total);

      // The CA issued one certificate per contract and revoked each once.
      const db = createReadModelDb({ readModelUrl: null, dataDir: dir });
      const ca = await LocalCertificateAuthority.open({
        db,
        keys: new SqlDataKeyStore(db, () => loadMasterKey({ dataDir: dir })),
        publicBaseUrl: 'https://pfw.example.jp',
        processOrders: false,
      });
      try {
        const certificates = await ca.certificates();
        expect(certificates).toHaveLength(CONTRACTS);
        expect(certificates.every((c) => c.revokedAt !== null && c.crlReason === 9)).toBe(true);
      } finally {
        await ca.close();
        await db.destroy();
      }
      // The notices the worker sent are on disk, one file per notice (a re-send after a kill rewrites the same
      // Message-ID's file): a REVOCATION_NOTICE and a REVOCATION_RESULT per contract.
      const messages = emlFiles(join(dir, 'outbox-sent')).map((f) => readMessage(readFileSync(f)).root);
      for (const id of ids) {
        const kinds = messages.filter((m) => header(m, 'x-pfw-contract-id') === id).map((m) => header(m, 'x-pfw-notification-kind')).sort();
        expect(kinds).toEqual(['REVOCATION_NOTICE', 'REVOCATION_RESULT']);
      }
    } finally {
      await store.close();
    }
  }, 240_000);
});
