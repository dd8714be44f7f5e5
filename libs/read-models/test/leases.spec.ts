import { setMaxListeners } from 'node:events';
import { ConsumerLeases, type ConsumerAdmission, type LeaseStore } from '@pfw/consumers';
import { migrateReadModels, ProjectionRunner, readCheckpoint, SqlLeaseStore, type ReadModelDb, READ_MODELS_MIGRATIONS } from '@pfw/read-models';
import { backends, type TestDatabase } from './support/backends';
import { openTestEventStore, type TestEventStore } from './support/event-store';
import { exampleProjection, ITEM_ADDED, readItems } from './support/example-projection';
import { capturingLogger } from './support/logger';
import { untilState } from './support/runner';

const TTL = 10_000;

/** Polls `check` until it holds (real time), failing after `timeoutMs`. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not hold within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A store whose every operation fails from `cut()` on: the process lost the database (or froze). */
function severable(store: LeaseStore): LeaseStore & { cut(): void } {
  let cut = false;
  const guard = <T>(run: () => Promise<T>): Promise<T> => (cut ? Promise.reject(new Error('connection lost')) : run());
  return {
    cut: () => void (cut = true),
    acquire: (input) => guard(() => store.acquire(input)),
    renew: (...a) => guard(() => store.renew(...a)),
    release: (...a) => guard(() => store.release(...a)),
    heartbeat: (m) => guard(() => store.heartbeat(m)),
    members: (now) => guard(() => store.members(now)),
    leave: (o) => guard(() => store.leave(o)),
    leases: () => guard(() => store.leases()),
  };
}

describe.each(backends())('leases on %s', (_name, backend) => {
  let t: TestDatabase;
  let store: SqlLeaseStore;
  const gates: ConsumerLeases[] = [];

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    t = await backend.open();
    await migrateReadModels(t.db, READ_MODELS_MIGRATIONS);
    store = new SqlLeaseStore(t.db);
  });
  afterEach(async () => {
    for (const gate of gates.splice(0)) await gate.close();
    await t.dispose();
  });

  describe('the store', () => {
    it('given a free lease, when A takes it, then A holds it and B cannot take it (no double holder)', async () => {
      expect(await store.acquire({ name: 'saga:non-payment', owner: 'A', now: 1000, until: 1000 + TTL, freeBefore: 1000 })).toBe(true);
      expect(await store.acquire({ name: 'saga:non-payment', owner: 'B', now: 1001, until: 1001 + TTL, freeBefore: 1001 })).toBe(false);
      expect(await store.leases()).toEqual([{ name: 'saga:non-payment', owner: 'A', expiresAt: 1000 + TTL, acquiredAt: 1000, renewedAt: 1000, takeovers: 0 }]);
    });

    it('given A holds it, when A renews, then it lasts longer; B renewing changes nothing', async () => {
      await store.acquire({ name: 'audit', owner: 'A', now: 0, until: TTL, freeBefore: 0 });
      expect(await store.renew('audit', 'A', 5000, 5000 + TTL)).toBe(true);
      expect(await store.renew('audit', 'B', 5000, 99_999)).toBe(false);
      expect(await store.leases()).toMatchObject([{ owner: 'A', expiresAt: 5000 + TTL, renewedAt: 5000, acquiredAt: 0 }]);
      expect(await store.acquire({ name: 'audit', owner: 'B', now: 5000 + TTL - 1, until: 99_999, freeBefore: 5000 + TTL - 1 })).toBe(false);
    });

    it('given A stopped renewing, when its lease ran out, then B takes it over (one takeover) and A can no longer renew', async () => {
      await store.acquire({ name: 'projection:contracts', owner: 'A', now: 0, until: TTL, freeBefore: 0 });
      expect(await store.acquire({ name: 'projection:contracts', owner: 'B', now: TTL, until: 2 * TTL, freeBefore: TTL })).toBe(true);
      expect(await store.renew('projection:contracts', 'A', TTL + 1, 3 * TTL)).toBe(false);
      expect(await store.leases()).toMatchObject([{ owner: 'B', acquiredAt: TTL, expiresAt: 2 * TTL, takeovers: 1 }]);
    });

    it('given a lease that ran out just now, then a member it does not belong to waits another ttl (freeBefore) before taking it', async () => {
      await store.acquire({ name: 'saga:issuance', owner: 'A', now: 0, until: TTL, freeBefore: 0 });
      expect(await store.acquire({ name: 'saga:issuance', owner: 'C', now: TTL + 1, until: 2 * TTL, freeBefore: TTL + 1 - TTL })).toBe(false);
      expect(await store.acquire({ name: 'saga:issuance', owner: 'C', now: 2 * TTL, until: 3 * TTL, freeBefore: TTL })).toBe(true);
    });

    it('given A releases, then B takes it at once, and a late release by A changes nothing', async () => {
      await store.acquire({ name: 'rebuild:contracts', owner: 'A', now: 0, until: TTL, freeBefore: 0 });
      await store.release('rebuild:contracts', 'A', 10);
      expect(await store.acquire({ name: 'rebuild:contracts', owner: 'B', now: 11, until: 11 + TTL, freeBefore: 11 })).toBe(true);
      await store.release('rebuild:contracts', 'A', 12);
      expect(await store.leases()).toMatchObject([{ owner: 'B', expiresAt: 11 + TTL }]);
    });

    it('given 12 processes taking the same free lease at once, then exactly one holds it', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => store.acquire({ name: 'saga:revocation', owner: `P${i}`, now: 100, until: 100 + TTL, freeBefore: 100 })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const [row] = await store.leases();
      expect(row!.owner).toBe(`P${results.indexOf(true)}`);
      expect(row!.takeovers).toBe(0);
    });

    it('heartbeats: live members with what they want; a member that left or ran out is not listed', async () => {
      await store.heartbeat({ owner: 'A', expiresAt: 100, wants: { 'saga:x': 0 } });
      await store.heartbeat({ owner: 'B', expiresAt: 50, wants: { 'projection:contracts': 2 } });
      await store.heartbeat({ owner: 'C', expiresAt: 100, wants: {} });
      await store.leave('C');
      expect(await store.members(60)).toEqual([{ owner: 'A', expiresAt: 100, wants: { 'saga:x': 0 } }]);
    });
  });

  describe('ConsumerLeases (the gate)', () => {
    const fast = { ttlMs: 1000, renewEveryMs: 100 };
    const gate = (owner: string, leaseStore: LeaseStore = store, timing = fast) => {
      const g = new ConsumerLeases({ store: leaseStore, owner, ...timing });
      gates.push(g);
      return g;
    };

    it('given two processes wanting one consumer, then exactly one is admitted; when the holder dies, the other takes over within about a ttl', async () => {
      const lostDb = severable(store);
      const a = gate('A', lostDb);
      const b = gate('B');
      const stopA = new AbortController();
      const admittedA = await a.admit('saga:non-payment', stopA.signal);
      let admittedB: ConsumerAdmission | null = null;
      const waitingB = b.admit('saga:non-payment', new AbortController().signal).then((adm) => (admittedB = adm));
      await new Promise((r) => setTimeout(r, 3 * fast.renewEveryMs));
      expect(admittedB).toBeNull();
      expect(a.holds('saga:non-payment')).toBe(true);

      lostDb.cut();
      await waitingB;
      expect(admittedB).not.toBeNull();
      expect(b.holds('saga:non-payment')).toBe(true);
      // A gives up once it could not renew before its lease ran out: never two holders at once.
      await until(() => admittedA.revoked.aborted, 5_000, 'A revoked');
      expect(a.holds('saga:non-payment')).toBe(false);
      expect((await store.leases()).find((l) => l.name === 'saga:non-payment')).toMatchObject({ owner: 'B', takeovers: 1 });
      stopA.abort();
    });

    it("the leases' time: PostgreSQL's clock where processes on several hosts share it, the host's own on SQLite", async () => {
      if (_name === 'postgres') expect(Math.abs((await store.time!()) - Date.now())).toBeLessThan(5_000);
      else expect(store.time).toBeUndefined();
    });

    if (_name === 'postgres') {
      it('given two hosts whose clocks differ by a minute, then leases run out in the database\'s time: the host with the fast clock never takes over a lease the other renews', async () => {
        // A longer lease than the other cases: on a loaded machine PGlite's one connection may hold a renewal
        // back for a second.
        const calm = { ttlMs: 3000, renewEveryMs: 300 };
        const fastHost = new ConsumerLeases({ store, owner: 'A', ...calm, wallClock: () => Date.now() + 60_000 });
        gates.push(fastHost);
        const b = gate('B', store, calm);
        await b.admit('saga:skewed', new AbortController().signal, 1);
        void fastHost.admit('saga:skewed', new AbortController().signal, 0).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 3 * calm.ttlMs));
        expect(b.holds('saga:skewed')).toBe(true);
        expect(fastHost.holds('saga:skewed')).toBe(false);
        expect((await store.leases()).find((l) => l.name === 'saga:skewed')).toMatchObject({ owner: 'B', takeovers: 0 });
        // Both read the same time, within the round trips of their reads of the database's clock.
        expect(Math.abs(fastHost.now() - b.now())).toBeLessThan(1_000);
      });
    }

    it('given a clean stop, then the lease is given back and the other process takes it without waiting out the ttl', async () => {
      const a = gate('A');
      const b = gate('B');
      await a.admit('audit', new AbortController().signal);
      const waitingB = b.admit('audit', new AbortController().signal);
      await a.close();
      await waitingB;
      expect(b.holds('audit')).toBe(true);
    });

    it('given two processes and eight consumers, then each consumer has one holder and both processes hold some (rendezvous hashing)', async () => {
      // Sixteen leases on one connection (PGlite): a longer lease, so renewals keep up with the queue.
      const calm = { ttlMs: 2000, renewEveryMs: 200 };
      const a = gate('owner-a', store, calm);
      const b = gate('owner-b', store, calm);
      const names = ['coverage', 'end-of-contract', 'issuance', 'non-payment', 're-contract', 'rejection', 'revocation', 'termination'].map((n) => `saga:${n}`);
      const stop = new AbortController();
      // Both join first, so each knows the other before it asks (as workers do after their first heartbeat).
      await Promise.all([a.join(), b.join()]);
      await until(async () => (await store.members(Date.now())).length === 2, 5_000, 'both members');
      await new Promise((r) => setTimeout(r, 2 * calm.renewEveryMs));
      // Sixteen consumers share this one stop signal (in a process each consumer has its own); a waiting
      // admission listens twice (give back on abort, and its wait for the next turn).
      setMaxListeners(4 * names.length, stop.signal);
      for (const g of [a, b]) for (const n of names) void g.admit(n, stop.signal).catch(() => undefined);
      // Settled: every consumer held, by the member it belongs to (a first taker that is not hands it over).
      await until(async () => {
        const live = (await store.leases()).filter((l) => names.includes(l.name) && l.expiresAt > Date.now());
        return live.length === 8 && live.every((l) => l.owner === a.preferredOwner(l.name) && l.owner === b.preferredOwner(l.name)) && names.every((n) => a.holds(n) !== b.holds(n));
      }, 30_000, 'eight leases held by their preferred members');
      const byA = names.filter((n) => a.holds(n));
      const byB = names.filter((n) => b.holds(n));
      expect(byA.length + byB.length).toBe(8);
      expect(byA.length).toBeGreaterThan(0);
      expect(byB.length).toBeGreaterThan(0);
      for (const n of byA) expect(b.preferredOwner(n)).toBe('owner-a');
      for (const n of byB) expect(a.preferredOwner(n)).toBe('owner-b');
      stop.abort();
    }, 60_000);

    it('given a holder of a lower rank, when a process of a higher rank wants it, then the lease is handed over (a newer build takes its projection)', async () => {
      const old = gate('old');
      const admission = await old.admit('projection:example', new AbortController().signal, 1);
      const fresh = gate('new');
      const waiting = fresh.admit('projection:example', new AbortController().signal, 2);
      await until(() => admission.revoked.aborted, 10_000, 'the old holder revoked');
      await admission.release();
      await waiting;
      expect(fresh.holds('projection:example')).toBe(true);
      expect(old.holds('projection:example')).toBe(false);
    });

    it('given a busy lease (a saga step running), then it is not handed over, and it is renewed while the step runs', async () => {
      const a = gate('A');
      await a.admit('saga:issuance', new AbortController().signal);
      const idle = a.busy('saga:issuance');
      const b = gate('B');
      // B would be preferred for it or not; either way it must not get it while A is busy.
      void b.admit('saga:issuance', new AbortController().signal).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 3 * fast.ttlMs));
      expect(a.holds('saga:issuance')).toBe(true);
      expect(b.holds('saga:issuance')).toBe(false);
      const [row] = (await store.leases()).filter((l) => l.name === 'saga:issuance');
      expect(row!.expiresAt).toBeGreaterThan(Date.now());
      idle();
    });
  });

  describe('rolling upgrades', () => {
    let es: TestEventStore;
    const runners: ProjectionRunner[] = [];
    beforeEach(() => {
      es = openTestEventStore();
    });
    afterEach(async () => {
      for (const r of runners.splice(0)) await r.stop();
      await es.dispose();
    });

    const runner = (version: number, owner: string, db: ReadModelDb = t.db) => {
      const logger = capturingLogger();
      const gate = new ConsumerLeases({ store: new SqlLeaseStore(db), owner, ttlMs: 1000, renewEveryMs: 100 });
      gates.push(gate);
      const r = new ProjectionRunner({ db, store: es.store, projection: exampleProjection(version), logger, gate, retry: { initialDelayMs: 20, maxDelayMs: 80 } });
      runners.push(r);
      return { runner: r, logger };
    };

    it('given live tables of version 2, when a version 1 process starts, then it never rebuilds them down: read-only, and it says so', async () => {
      await es.append('item-1', ITEM_ADDED, { label: 'a' });
      const v2 = runner(2, 'new');
      v2.runner.start();
      await untilState(v2.runner, 'live');
      await v2.runner.stop();
      const v1 = runner(1, 'old');
      v1.runner.start();
      await untilState(v1.runner, 'read-only');
      expect(v1.runner.status().readOnly).toMatch(/version 2, newer than this build's 1/);
      expect(await readCheckpoint(t.db, 'example')).toMatchObject({ version: 2, generation: 1 });
      expect(await readItems(t.db)).toHaveLength(1);
    });

    it('given a version 1 process running, when a version 2 process joins the same database, then one rebuild to version 2 and no ping-pong', async () => {
      await es.append('item-1', ITEM_ADDED, { label: 'a' });
      const v1 = runner(1, 'old');
      v1.runner.start();
      await untilState(v1.runner, 'live');
      expect(await readCheckpoint(t.db, 'example')).toMatchObject({ version: 1, generation: 1 });

      const v2 = runner(2, 'new');
      v2.runner.start();
      await untilState(v2.runner, 'live', 15_000);
      await untilState(v1.runner, 'read-only', 15_000);
      await es.append('item-2', ITEM_ADDED, { label: 'b' });
      await until(async () => (await readItems(t.db)).length === 2, 10_000, 'the new event applied');
      // Several lease periods later: still version 2, still the one rebuild.
      await new Promise((r) => setTimeout(r, 1500));
      expect(await readCheckpoint(t.db, 'example')).toMatchObject({ version: 2, generation: 2 });
      expect(v2.logger.lines.filter((l) => /^rebuilt projection example/.test(l.message))).toHaveLength(1);
      expect(v1.logger.lines.filter((l) => /^rebuilt projection example/.test(l.message))).toHaveLength(0);
      expect(v1.runner.status().state).toBe('read-only');
    });
  });
});
