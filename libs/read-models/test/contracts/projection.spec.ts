import { EventSerializer } from '@pfw/event-serialization';
import {
  ContractQueries, contractsProjection, createReadModelDb, foldView, governingTermsVersionOf, InvalidCursorError, migrateReadModels, ProjectionRunner, readCheckpoint, rebuildProjection, serviceStatusProjection, type ContractReadTables, type ContractView, type Projection, READ_MODELS_MIGRATIONS,
} from '@pfw/read-models';
import { bigintText, fromDbBigint } from '@pfw/sql';
import { after, days, hours, T0 } from '../../../domain/test/support/fixtures';
import { backends, type TestDatabase } from '../support/backends';
import { openTestEventStore, type TestEventStore } from '../support/event-store';
import { indexDefinitions } from '../support/indexes';
import { capturingLogger } from '../support/logger';
import { untilState } from '../support/runner';
import { EventLog } from './support/event-log';
import { C, id, NOW, serviceCommands, submit, writeScenario } from './support/scenario';

const ids = (views: readonly { id: string }[]) => views.map((v) => v.id);

describe.each(backends())('contract read model on %s', (_name, backend) => {
  let t: TestDatabase;
  let es: TestEventStore;
  let log: EventLog;
  let runners: ProjectionRunner[];
  let queries: ContractQueries;
  const serializer = new EventSerializer();

  const start = (projection: Projection, rebuildBatchSize = 1000) => {
    const runner = new ProjectionRunner({
      db: t.db, store: es.store, projection, logger: capturingLogger(), rebuildBatchSize, retry: { initialDelayMs: 20, maxDelayMs: 80 },
    });
    runners.push(runner);
    runner.start();
    return runner;
  };

  const setUp = async () => {
    t = await backend.open();
    await migrateReadModels(t.db, READ_MODELS_MIGRATIONS);
    es = openTestEventStore();
    log = new EventLog(es.store, serializer);
    runners = [];
    queries = new ContractQueries(t.db);
  };
  const tearDown = async () => {
    for (const runner of runners) await runner.stop();
    await t.dispose();
    await es.dispose();
  };
  const caughtUp = async (position: bigint) => {
    for (const runner of runners) expect(await runner.waitForPosition(position, 20_000)).toBe(true);
  };

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());

  describe('over a scenario of seventeen contracts and the service stream', () => {
    let contracts: ProjectionRunner;

    beforeAll(async () => {
      await setUp();
      await writeScenario(log);
      const head = await log.serviceCommands(serviceCommands());
      // Small rebuild batches, so one contract's events span several transactions of a rebuild.
      contracts = start(contractsProjection({ serializer }), 7);
      start(serviceStatusProjection({ serializer }));
      await caughtUp(head);
    });
    afterAll(tearDown);

    it('byId answers the view the reducer folds from the stored events; byIds answers in the order asked, null where unknown', async () => {
      for (const contractId of Object.values(C)) {
        const view = await queries.byId(contractId);
        expect(view).toEqual(foldView(await log.decodedContract(contractId)));
        const stream = await es.store.readStream(`contract-${contractId}`);
        expect(view).toMatchObject({ id: contractId, version: stream.length - 1, position: stream[stream.length - 1]!.position.toString() });
      }
      expect(await queries.byId(id(999))).toBeNull();
      const answers = await queries.byIds([C.lapsed, id(999), C.submittedOld, C.lapsed]);
      expect(answers.map((v) => v?.id ?? null)).toEqual([C.lapsed, null, C.submittedOld, C.lapsed]);
      expect(await queries.byIds([])).toEqual([]);
    });

    it('stores the facts of each contract in its view (statuses, invoice, certificate, sticker, revocation)', async () => {
      const overdue = (await queries.byId(C.overdue))!;
      expect(overdue).toMatchObject({ status: 'ACTIVE', currentCertificate: '06', invoice: { status: 'OVERDUE', amountJpy: 66_000, dueOn: '2026-05-01' } });
      const stickerOut = (await queries.byId(C.revokedStickerOut))!;
      expect(stickerOut).toMatchObject({
        status: 'REVOKED', currentCertificate: null, sticker: { status: 'RETURN_REQUESTED', serial: 'STK-14' },
        revocation: { reason: 'KEY_COMPROMISE', status: 'REVOKED', crlReason: 'KEY_COMPROMISE' },
      });
      expect(stickerOut.certificates.map((c) => c.status)).toEqual(['REVOKED']);
      expect((await queries.byId(C.pendingReissue))!.pendingOrder).toMatchObject({ caOrderId: 'ORDER-9R', kind: 'REISSUE', reissueReason: 'COVERAGE_CONTINUES' });
      expect((await queries.byId(C.rejected))!.status).toBe('REJECTED');
    });

    it('screeningQueue: the applications being screened, oldest first', async () => {
      expect(ids(await queries.screeningQueue())).toEqual([C.submittedOld, C.apex, C.submittedNew]);
      expect(ids(await queries.screeningQueue(1))).toEqual([C.submittedOld]);
    });

    it('overdueInvoices: invoices recorded overdue and not settled', async () => {
      expect(ids(await queries.overdueInvoices())).toEqual([C.overdue]);
    });

    it('expiringCertificates: current certificates of ISSUED/ACTIVE contracts expiring within the days asked, soonest first', async () => {
      expect(ids(await queries.expiringCertificates(30, NOW))).toEqual([C.pendingReissue, C.expiringSoon]);
      expect(ids(await queries.expiringCertificates(7, NOW))).toEqual([C.pendingReissue]);
      // 90 days: also the far one and every other ACTIVE contract's 90-day certificate; never the lapsed one,
      // nor contracts under revocation or ended.
      const ninety = ids(await queries.expiringCertificates(90, NOW));
      expect(ninety.slice(0, 2)).toEqual([C.pendingReissue, C.expiringSoon]);
      expect(ninety).toEqual(expect.arrayContaining([C.farExpiry, C.overdue]));
      expect(ninety).not.toContain(C.lapsed);
      expect(ninety).not.toContain(C.revocationCalm);
      expect(ninety).not.toContain(C.revokedStickerOut);
      expect(ninety).toHaveLength(4);
      await expect(queries.expiringCertificates(-1, NOW)).rejects.toThrow(RangeError);
    });

    it('reissuesDue: ACTIVE, coverage remains, certificate lapsed or within the reissue window, no order pending', async () => {
      expect(ids(await queries.reissuesDue(NOW))).toEqual([C.lapsed, C.expiringSoon]);
      // 29 days later the 90-day certificates enter the window too; the far one a month after that.
      const later = ids(await queries.reissuesDue(after(NOW, days(29))));
      expect(later.slice(0, 2)).toEqual([C.lapsed, C.expiringSoon]);
      expect(later).toContain(C.overdue);
      expect(later).not.toContain(C.farExpiry);
      expect(later).not.toContain(C.pendingReissue);
      // After coverage ends (2027-04-01 for these plans) nothing is due: a renewal is a new contract.
      expect(await queries.reissuesDue(new Date('2027-04-01T15:00:00Z'))).toEqual([]);
    });

    it('stickersToShip: requested and not lent, on valid contracts only', async () => {
      expect(ids(await queries.stickersToShip())).toEqual([C.acceptedStickerToShip]);
    });

    it('outstandingStickers: stickers due back and not received', async () => {
      expect(ids(await queries.outstandingStickers())).toEqual([C.revokedStickerOut]);
    });

    it('pendingRevocations: initiated or requested, nearest deadline first, urgent within 25 % of the window or 6 h', async () => {
      const pending = await queries.pendingRevocations(NOW);
      expect(pending.map((p) => [p.contract.id, p.contract.revocation!.status, p.remainingMs, p.windowMs, p.urgent, p.overdue])).toEqual([
        [C.revocationUrgent, 'REQUESTED', hours(4), hours(24), true, false],
        [C.revocationLate, 'INITIATED', hours(12), hours(120), true, false],
        [C.revocationCalm, 'INITIATED', hours(96), hours(120), false, false],
      ]);
      expect(pending[0]!.deadline).toBe(after(NOW, hours(4)).toISOString());
      const missed = await queries.pendingRevocations(after(NOW, hours(5)));
      expect(missed[0]).toMatchObject({ overdue: true, urgent: true, remainingMs: -hours(1) });
    });

    it('serviceStatus: suspended now with its reason; terms version 2 only from 2026-06-01 (Japan time)', async () => {
      const now = await queries.serviceStatus(NOW);
      expect(now).toMatchObject({ suspended: true, reason: 'CA outage', suspendedSince: after(NOW, -hours(1)).toISOString(), termsVersion: '1' });
      expect(now.upcomingTermsVersions.map((v) => [v.version, v.effectiveFrom])).toEqual([['2', '2026-06-01']]);
      expect(now.termsVersions.map((v) => v.version)).toEqual(['1', '2']);
      expect((await queries.serviceStatus(new Date('2026-05-31T14:59:59.999Z'))).termsVersion).toBe('1');
      const june = await queries.serviceStatus(new Date('2026-05-31T15:00:00.000Z'));
      expect(june).toMatchObject({ termsVersion: '2', upcomingTermsVersions: [] });
      expect(june.position).toBe((await es.store.headPosition())!.toString());
    });

    it('Art. 13 governingTermsVersionOf: a running contract follows the version in force on the day asked, a closed one stays with its last day’s', async () => {
      const { termsVersions } = await queries.serviceStatus(NOW);
      const june = new Date('2026-05-31T15:00:00.000Z');
      const running = (await queries.byId(C.apex))!;
      expect(running.closedAt).toBeNull();
      expect(governingTermsVersionOf(running, termsVersions, new Date('2026-05-31T14:59:59.999Z'))).toBe('1');
      expect(governingTermsVersionOf(running, termsVersions, june)).toBe('2');
      const rejected = (await queries.byId(C.rejected))!;
      expect(rejected.closedAt).not.toBeNull();
      expect(governingTermsVersionOf(rejected, termsVersions, june)).toBe('1');
      // As of an instant before a revision was announced (contractAsOf), that revision does not count, even on its own effective day.
      const sameDay = [termsVersions[0]!, { ...termsVersions[1]!, effectiveFrom: '2026-06-01', revisedAt: '2026-06-01T06:00:00.000Z' }];
      expect(governingTermsVersionOf(running, sameDay, new Date('2026-06-01T01:00:00.000Z'))).toBe('1');
      expect(governingTermsVersionOf(running, sameDay, new Date('2026-06-01T07:00:00.000Z'))).toBe('2');
    });

    it('list: filters by status, organization name (case-insensitive substring), FQDN (exact or domain suffix) and submission time', async () => {
      const all = async (filter: Parameters<ContractQueries['list']>[0]) => {
        const page = await queries.list(filter, 100);
        expect(page.totalCount).toBe(page.edges.length);
        return page.edges.map((e) => e.node.id);
      };
      expect(await all({})).toHaveLength(17);
      expect(await all({ status: 'SUBMITTED' })).toEqual([C.submittedNew, C.apex, C.submittedOld]);
      expect(await all({ status: ['REJECTED', 'WITHDRAWN'] })).toEqual([C.withdrawn, C.rejected]);
      expect(await all({ status: [] })).toEqual([]);
      expect(await all({ organizationName: 'ALPHA' })).toEqual([C.submittedOld]);
      expect(await all({ organizationName: 'abc' })).toEqual([C.submittedNew]); // full-width ＡＢＣ, NFKC
      expect(await all({ organizationName: '100%' })).toEqual([C.rejected]);
      expect(await all({ organizationName: '%' })).toEqual([C.rejected]); // LIKE wildcards are literal
      expect(await all({ organizationName: '_' })).toEqual([C.rejected]);
      expect(await all({ organizationName: 'beta 株式' })).toEqual([C.acceptedStickerToShip]);
      expect(await all({ organizationName: 'サンプル' })).toHaveLength(12);
      expect(await all({ organizationName: '株式会社' })).toHaveLength(14);
      const underExample = await all({ fqdn: 'example.co.jp' });
      expect(underExample).toHaveLength(14);
      expect(underExample).toEqual(expect.arrayContaining([C.withdrawn, C.apex, C.acceptedStickerToShip, C.overdue]));
      expect(underExample).not.toContain(C.rejected); // badexample.co.jp is not under example.co.jp
      expect(await all({ fqdn: 'EXAMPLE.co.jp.' })).toEqual(underExample);
      expect(await all({ fqdn: 'shop.example.co.jp' })).toEqual([C.acceptedStickerToShip]);
      expect(await all({ fqdn: 'xample.co.jp' })).toEqual([]);
      expect(await all({ fqdn: 'co.jp' })).toHaveLength(16);
      expect(await all({ fqdn: 'alpha.example.jp' })).toEqual([C.submittedOld]);
      expect(await all({ submittedFrom: after(T0, days(1)) })).toEqual([C.submittedNew, C.acceptedStickerToShip]);
      expect(await all({ submittedTo: new Date('2026-03-31T01:00:00.000Z') })).toEqual([C.submittedOld]);
      expect(await all({ submittedFrom: after(T0, hours(3)), submittedTo: after(T0, hours(5)) })).toEqual([C.lapsed, C.expiringSoon, C.overdue]);
      expect(await all({ status: 'ACTIVE', fqdn: 'www.example.co.jp', organizationName: 'サンプル' })).toEqual([
        C.farExpiry, C.pendingReissue, C.lapsed, C.expiringSoon, C.overdue,
      ]);
      const page = await queries.list({ fqdn: 'example.co.jp' }, 5);
      expect(page).toMatchObject({ totalCount: 14, hasNextPage: true });
      expect(page.edges.map((e) => e.node.id)).toEqual(underExample.slice(0, 5));
    });

    it('rebuild replays the log into fresh tables and gives the same answers as the incremental projection', async () => {
      const answers = async () => ({
        rows: await t.db
          .withTables<ContractReadTables>()
          .selectFrom('contracts')
          .selectAll()
          .select(bigintText('contracts.position').as('position'))
          .orderBy('id')
          .execute(),
        page: await queries.list({}, 100, null, 'OLDEST_FIRST'),
        screening: await queries.screeningQueue(),
        overdue: await queries.overdueInvoices(),
        expiring: await queries.expiringCertificates(90, NOW),
        stickers: [await queries.stickersToShip(), await queries.outstandingStickers()],
        revocations: await queries.pendingRevocations(NOW),
        reissues: await queries.reissuesDue(NOW),
        service: await queries.serviceStatus(NOW),
      });
      const before = await answers();
      // The live tables as the first start created them (createTables, then createIndexes, in one transaction).
      const indexes = await indexDefinitions(t.db, 'contracts');
      expect(indexes).toHaveLength(10);
      expect(indexes.filter((d) => d.startsWith('contracts_by_'))).toHaveLength(9);
      const checkpoint = await readCheckpoint(t.db, 'contracts');
      const result = await contracts.rebuild();
      expect(result).toMatchObject({ projection: 'contracts', position: checkpoint!.position, generation: 2 });
      expect(await answers()).toEqual(before);
      expect(before.rows).toHaveLength(17);
      // The rebuild filled its tables without the secondary indexes and created them before the swap: the same.
      expect(await indexDefinitions(t.db, 'contracts')).toEqual(indexes);

      // Keeping one view across the fill's transactions (each other contract's view written out as it falls
      // out, read back when needed again), in batches of three: the same answers.
      const again = await rebuildProjection({
        db: t.db, store: es.store, projection: contractsProjection({ serializer, rebuildViewCache: 1 }), batchSize: 3, logger: capturingLogger(),
      });
      expect(again).toMatchObject({ projection: 'contracts', position: checkpoint!.position, generation: 3 });
      expect(await answers()).toEqual(before);
      expect(await indexDefinitions(t.db, 'contracts')).toEqual(indexes);
    });
  });

  describe('paging, and keeping up with new events', () => {
    beforeEach(setUp);
    afterEach(tearDown);

    it('Art. 13: a reader keeps the terms versions only while the shared database shows the same service position — a revision another process applies is seen by its next read', async () => {
      await log.contract([submit(id(300), { at: T0, fqdn: 'terms.example.co.jp' })]);
      const [suspend, resume, revise] = serviceCommands();
      let head = await log.serviceCommands([revise!]);
      start(contractsProjection({ serializer }));
      start(serviceStatusProjection({ serializer }));
      await caughtUp(head);
      // The reader: another api process's queries on a connection of its own (PGlite serves one connection at a
      // time, so there it shares the projections' connection; its ContractQueries and what it keeps are its own).
      const own = t.config.poolMax === 1 ? null : createReadModelDb(t.config);
      const reader = new ContractQueries(own ?? t.db);
      const versions = async (read: Promise<readonly { version: string }[] | undefined>) => (await read)?.map((v) => v.version);
      try {
        const first = (await reader.contractWithTerms(id(300)))!;
        expect(first.view.id).toBe(id(300));
        expect(first.termsVersions.map((v) => v.version)).toEqual(['1', '2']);
        // Kept: the service position is where it was, so the same list answers, from either read.
        expect((await reader.contractWithTerms(id(300)))!.termsVersions).toBe(first.termsVersions);
        expect(await reader.termsVersions()).toBe(first.termsVersions);
        expect(await reader.contractWithTerms(id(999))).toBeNull();

        // Another process revises the terms: its projection writes the version and moves the service row.
        head = await log.serviceCommands([
          { type: 'ReviseTerms', actor: revise!.actor, at: after(revise!.at, hours(1)), version: '3', effectiveFrom: '2026-09-01', summary: 'Art. 5 fees', documentSha256: null },
        ]);
        await caughtUp(head);
        expect(await versions(reader.contractWithTerms(id(300)).then((c) => c?.termsVersions))).toEqual(['1', '2', '3']);
        expect(await versions(new ContractQueries(own ?? t.db).termsVersions())).toEqual(['1', '2', '3']);

        // A suspension moves the position too: read again, the same versions; and termsVersions() alone sees a change.
        const kept = await reader.termsVersions();
        head = await log.serviceCommands([{ ...suspend!, at: after(revise!.at, hours(2)) }, { ...resume!, at: after(revise!.at, hours(3)) }]);
        await caughtUp(head);
        const reread = await reader.termsVersions();
        expect(reread).not.toBe(kept);
        expect(reread).toEqual(kept);
        head = await log.serviceCommands([
          { type: 'ReviseTerms', actor: revise!.actor, at: after(revise!.at, hours(4)), version: '4', effectiveFrom: '2026-12-01', summary: 'Art. 6', documentSha256: null },
        ]);
        await caughtUp(head);
        expect(await versions(reader.termsVersions())).toEqual(['1', '2', '3', '4']);
        expect(await versions(reader.contractWithTerms(id(300)).then((c) => c?.termsVersions))).toEqual(['1', '2', '3', '4']);
      } finally {
        await own?.destroy();
      }
    });

    it('pages through 25 contracts 10 at a time with no duplicate and no gap, ties on submittedAt broken by id, either order', async () => {
      // Three contracts per submission instant, ids not in submission order.
      const written: Array<{ id: string; at: Date }> = [];
      for (let i = 0; i < 25; i++) {
        const contractId = id(100 + ((i * 7) % 25));
        const at = after(T0, hours(Math.floor(i / 3)));
        written.push({ id: contractId, at });
        await log.contract([submit(contractId, { at, fqdn: `site${i}.example.co.jp`, organizationName: `Tenant ${i}` })]);
      }
      const head = (await es.store.headPosition())!;
      start(contractsProjection({ serializer }));
      await caughtUp(head);

      const key = (w: { id: string; at: Date }) => `${w.at.toISOString()} ${w.id}`;
      const newestFirst = [...written].sort((a, b) => (key(a) < key(b) ? 1 : -1)).map((w) => w.id);
      for (const [order, expected] of [['NEWEST_FIRST', newestFirst], ['OLDEST_FIRST', [...newestFirst].reverse()]] as const) {
        const seen: string[] = [];
        const pages: Array<[number, boolean, number]> = [];
        let after: string | null = null;
        for (;;) {
          const page = await queries.list({}, 10, after, order);
          pages.push([page.edges.length, page.hasNextPage, page.totalCount]);
          seen.push(...page.edges.map((e) => e.node.id));
          expect(page.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
          if (!page.hasNextPage) break;
          after = page.endCursor;
        }
        expect(pages).toEqual([[10, true, 25], [10, true, 25], [5, false, 25]]);
        expect(seen).toEqual(expected);
        expect(new Set(seen).size).toBe(25);
      }

      // Contracts written while a client pages: one newer than the cursor never shows up behind it, one older does, once.
      const first = await queries.list({}, 10);
      await log.contract([submit(id(200), { at: after(T0, days(10)), fqdn: 'late.example.co.jp' })]);
      const late = await log.contract([submit(id(201), { at: after(T0, -days(1)), fqdn: 'early.example.co.jp' })]);
      await caughtUp(late);
      const rest: string[] = [];
      let cursor = first.endCursor;
      for (;;) {
        const page = await queries.list({}, 10, cursor);
        rest.push(...page.edges.map((e) => e.node.id));
        if (!page.hasNextPage) break;
        cursor = page.endCursor;
      }
      expect([...first.edges.map((e) => e.node.id), ...rest]).toEqual([...newestFirst, id(201)]);

      await expect(queries.list({}, 10, 'not-a-cursor')).rejects.toThrow(InvalidCursorError);
      await expect(queries.list({}, 10, Buffer.from('["yesterday","x"]').toString('base64url'))).rejects.toThrow(InvalidCursorError);
      await expect(queries.list({}, 0)).rejects.toThrow(RangeError);
      await expect(queries.list({}, 501)).rejects.toThrow(RangeError);
    });

    it('each new event updates the contract’s row: the work lists follow, version and position are the last event’s', async () => {
      const contracts = start(contractsProjection({ serializer }));
      let position = await log.contract([submit(C.submittedOld, { at: T0, stickerRequested: true })]);
      await caughtUp(position);
      expect(ids(await queries.screeningQueue())).toEqual([C.submittedOld]);
      expect(await queries.stickersToShip()).toEqual([]);

      position = await log.contract([
        { type: 'PassScreening', contractId: C.submittedOld, actor: { id: 'staff-screener-1', role: 'SCREENER' }, at: after(T0, hours(1)), checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true } },
      ]);
      await caughtUp(position);
      expect(await queries.screeningQueue()).toEqual([]);
      const view = (await queries.byId(C.submittedOld)) as ContractView;
      expect(view).toMatchObject({ status: 'ACCEPTED', version: 1, position: position.toString(), coverageStartsOn: '2026-04-01', coverageEndsOn: '2027-04-01' });
      expect(ids(await queries.stickersToShip())).toEqual([C.submittedOld]);
      const row = await t.db
        .withTables<ContractReadTables>()
        .selectFrom('contracts')
        .select(['status', 'version', bigintText('contracts.position').as('position')])
        .where('id', '=', C.submittedOld)
        .executeTakeFirstOrThrow();
      expect({ ...row, position: fromDbBigint(row.position!) }).toEqual({ status: 'ACCEPTED', version: 1, position });
      expect(contracts.status().failure).toBeNull();
    });

    it('serviceStatus before any service event: running, the installation’s initial terms version', async () => {
      await untilState(start(serviceStatusProjection({ serializer })), 'live');
      const custom = new ContractQueries(t.db, { initialTermsVersion: '2026-01' });
      expect(await custom.serviceStatus(NOW)).toEqual({
        suspended: false, reason: null, suspendedSince: null, termsVersion: '2026-01', upcomingTermsVersions: [],
        termsVersions: [{ version: '2026-01', effectiveFrom: '1970-01-01', summary: 'initial terms', documentSha256: null, revisedAt: null }],
        position: null,
      });
    });

    it('a projection failure names the event it could not fold, and the contract’s row stays as it was', async () => {
      const runner = start(contractsProjection({ serializer }));
      const ok = await log.contract([submit(C.apex, { at: T0 })]);
      await caughtUp(ok);
      // An event no decider would write: a payment for an invoice that was never issued.
      const bad = await es.store.append(`contract-${C.apex}`, [{
        id: '11111111-1111-4111-8111-111111111111',
        ...(await serializer.encode(
          { type: 'FeePaid', data: { invoiceId: 'INV-X', amountJpy: 1, paidOn: '2026-04-02', bankReference: 'B', paidTotalJpy: 1, outstandingJpy: 0, settled: true } },
          { eventId: '11111111-1111-4111-8111-111111111111', actor: { id: 'x', role: 'BILLING' }, correlationId: 'c', causationId: null, commandName: 'RecordPayment', occurredAt: T0, termsVersion: '1' },
        )),
      }], 0);
      await new Promise<void>((resolve) => {
        if (runner.status().failure) return resolve();
        runner.events.once('failure', () => resolve());
      });
      expect(runner.status().failure).toMatchObject({ event: { type: 'FeePaid', position: bad.position.toString() } });
      expect(runner.status().failure!.message).toMatch(/INV-X/);
      expect((await queries.byId(C.apex))!.version).toBe(0);
    });
  });
});
