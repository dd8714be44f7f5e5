import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY, foldContract, japanDate, type Contract, type ContractEvent, type ServiceEvent } from '@pfw/domain';
import { renderNotice } from '@pfw/notifications';
import { buildNotice, termsSaga } from '@pfw/sagas';
import { activeHistory, admin, after, cmd, CONTRACT_ID, days, hours, run, saga as sagaActor, sha, T0 } from '../../domain/test/support/fixtures';
import { createHarness } from './support/harness';
import { given, on, type TimedEvent } from './support/saga-gwt';

/**
 * Art. 13: a revision binds every running contract from its effective date (the domain's governingTermsVersion),
 * and the terms saga tells each running contract's contact once per revision (TERMS_CHANGED).
 */

const saga = termsSaga();
const revised = (version: string, effectiveFrom: string, at: Date): ServiceEvent => ({
  type: 'TermsRevised',
  data: { version, effectiveFrom: japanDate(effectiveFrom), summary: `version ${version}: the fee schedule changes`, documentSha256: sha(`terms-${version}`), revisedAt: at, by: admin },
});
const payloadOf = (version: string, effectiveFrom: string) => ({
  kind: 'TERMS_CHANGED', termsVersion: version, effectiveFrom, summary: `version ${version}: the fee schedule changes`, documentSha256: sha(`terms-${version}`),
});

/** A contract's events (from the real decider) as the saga sees them, for contract `id`. */
const of = (id: string, events: readonly ContractEvent[], at = T0): TimedEvent[] => events.map((e) => on(at, e, id));
const submittedUnder = (id: string, version: string, at = T0) => of(id, run([cmd.submit({ termsVersionInForce: version, at })]), at);
const passed = (id: string, at: Date) => of(id, run([cmd.pass(at)], DEFAULT_POLICY, run([cmd.submit()])).slice(1), at);
const activeContract = (id: string) => of(id, activeHistory());

const ANNOUNCED = after(T0, days(10));

describe('terms saga (Art. 13)', () => {
  it('Art. 13: given two running contracts, an application in screening and a rejected one, when a revision is announced, then each running contract is told of it at once, and nobody else', () => {
    const history = [
      ...activeContract('A'),
      ...activeContract('B'),
      ...submittedUnder('C', '1'),
      ...of('D', run([cmd.submit(), cmd.fail()])),
    ];
    given(saga, history).when(on(ANNOUNCED, revised('2', '2026-05-01', ANNOUNCED))).then({
      schedule: [
        { key: 'terms-changed:2', kind: 'notice', dueAt: ANNOUNCED, contractId: 'A', payload: payloadOf('2', '2026-05-01') },
        { key: 'terms-changed:2', kind: 'notice', dueAt: ANNOUNCED, contractId: 'B', payload: payloadOf('2', '2026-05-01') },
      ],
    });
  });

  it('Art. 13: given a contract that ended (expired), when a revision is announced, then it is not told', () => {
    const expire = { type: 'ExpireContract' as const, contractId: CONTRACT_ID, actor: sagaActor('end-of-contract'), at: new Date('2027-04-02T00:00:00Z') };
    const ended = of('E', run([expire], DEFAULT_POLICY, activeHistory()));
    expect(ended.map((e) => e.event.type)).toContain('ContractExpired');
    given(saga, [...ended, ...activeContract('A')]).when(on(ANNOUNCED, revised('2', '2027-06-01', ANNOUNCED))).then({
      schedule: [{ key: 'terms-changed:2', kind: 'notice', dueAt: ANNOUNCED, contractId: 'A', payload: payloadOf('2', '2027-06-01') }],
    });
  });

  it('Art. 13: given version 2 announced but not yet in force, when an application submitted under version 1 is accepted, then it is told of version 2 at acceptance', () => {
    const acceptedAt = after(ANNOUNCED, days(3));
    given(saga, [...submittedUnder('F', '1', after(ANNOUNCED, days(1))), on(ANNOUNCED, revised('2', '2026-05-01', ANNOUNCED))])
      .when(passed('F', acceptedAt)[0]!)
      .then({ schedule: [{ key: 'terms-changed:2', kind: 'notice', dueAt: acceptedAt, contractId: 'F', payload: payloadOf('2', '2026-05-01') }] });
  });

  it('Art. 13: given an application submitted once version 2 was in force (it recorded 2), when it is accepted, then nothing is told; a later revision 3 is', () => {
    const inForce = new Date('2026-05-02T01:00:00Z');
    const h = given(saga, [on(ANNOUNCED, revised('2', '2026-05-01', ANNOUNCED)), ...submittedUnder('G', '2', inForce)]);
    h.when(passed('G', after(inForce, hours(1)))[0]!).thenNothing();
    const announced3 = after(inForce, days(30));
    h.when(on(announced3, revised('3', '2026-07-01', announced3))).then({
      schedule: [{ key: 'terms-changed:3', kind: 'notice', dueAt: announced3, contractId: 'G', payload: payloadOf('3', '2026-07-01') }],
    });
  });

  it('Art. 13: given a running contract told of version 2, when version 3 is announced, then it is told of 3 only (once per contract and revision)', () => {
    const h = given(saga, [...activeContract('A'), on(ANNOUNCED, revised('2', '2026-05-01', ANNOUNCED))]);
    const later = after(ANNOUNCED, days(40));
    h.when(on(later, revised('3', '2026-06-01', later))).thenSchedulesKeys(['terms-changed:3']);
    expect(h.pendingKeys()).toEqual(['terms-changed:2', 'terms-changed:3']);
  });
});

describe('the TERMS_CHANGED notice (Art. 13)', () => {
  const contract = () => foldContract(activeHistory()) as Contract;
  const payload = { kind: 'TERMS_CHANGED' as const, termsVersion: '2', effectiveFrom: '2026-05-01', summary: 'Art. 5: the fee schedule changes', documentSha256: sha('terms-2') };
  const services = { policy: DEFAULT_POLICY, stickerReturnAddress: null, termsUrl: 'https://pfw.example.jp/terms' };

  it('Art. 13: given a running contract, when its TERMS_CHANGED notice is built, then it names the version, the effective date, the summary and where to read the terms (ja, en)', () => {
    const built = buildNotice(contract(), payload, after(T0, days(10)), services);
    if (!('model' in built)) throw new Error(`skipped: ${built.skip}`);
    expect(built.model).toMatchObject({ kind: 'TERMS_CHANGED', version: '2', effectiveFrom: '2026-05-01', summary: payload.summary, documentUrl: 'https://pfw.example.jp/terms' });
    const ja = renderNotice(built.model, { languages: ['ja'] });
    expect(ja.subject).toContain('第2版');
    for (const s of ['改定後の版：2', '2026年5月1日', payload.summary, 'https://pfw.example.jp/terms', sha('terms-2')]) expect(ja.text).toContain(s);
    const en = renderNotice(built.model, { languages: ['en'] });
    expect(en.subject).toContain('version 2');
    for (const s of ['New version', '2026-05-01', payload.summary, 'https://pfw.example.jp/terms']) expect(en.text).toContain(s);
    // Without a configured address the notice says how to get the terms instead.
    const plain = buildNotice(contract(), payload, after(T0, days(10)), { ...services, termsUrl: null });
    if (!('model' in plain)) throw new Error('skipped');
    expect(renderNotice(plain.model, { languages: ['en'] }).text).toContain('full text of the revised terms on request');
  });

  it('Art. 13: given a contract already told of version 2, one submitted under it, or one that ended, then the notice is skipped', () => {
    const told = foldContract(run([cmd.notify('TERMS_CHANGED', after(T0, days(10)), { termsVersion: '2' })], DEFAULT_POLICY, activeHistory())) as Contract;
    expect(buildNotice(told, payload, after(T0, days(11)), services)).toEqual({ skip: 'the customer was already told of terms version 2' });
    const underTwo = foldContract(run([cmd.submit({ termsVersionInForce: '2' }), cmd.pass()])) as Contract;
    expect(buildNotice(underTwo, payload, after(T0, days(11)), services)).toEqual({ skip: 'the contract was submitted under terms version 2' });
    const rejected = foldContract(run([cmd.submit(), cmd.fail()])) as Contract;
    expect(buildNotice(rejected, payload, after(T0, days(11)), services)).toEqual({ skip: 'the contract is REJECTED' });
  });
});

describe('terms saga in the engine: outbox, restart, two workers (Art. 13)', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });

  it('Art. 13: given two active contracts and two workers on one database, when the terms are revised, then each contract is told once whichever worker runs; after a restart nothing more is sent', async () => {
    const h1 = await createHarness({ dir: mkdtempSync(join(tmpdir(), 'pfw-terms-')) });
    dir = h1.dir;
    const a = await h1.activeContract();
    const b = await h1.activeContract();
    const h2 = await createHarness({ dir });
    try {
      await h1.service({ type: 'ReviseTerms', version: '2', effectiveFrom: '2026-12-20', summary: 'Art. 5: the fee schedule changes' });
      // Each worker catches up on the log and runs what is due, in turn (the embedded SQLite serves one host; several
      // processes share PostgreSQL, test/multi-process.e2e.spec.ts): deterministic deadline ids let only the first act.
      await h2.advance({ days: 0 });
      await h1.advance({ days: 0 });
      await h2.advance({ days: 0 });
      for (const id of [a, b]) expect(await h1.notices(id, 'TERMS_CHANGED')).toHaveLength(1);
      const sent = () => [...h1.transport.kinds(), ...h2.transport.kinds()].filter((k) => k === 'TERMS_CHANGED');
      expect(sent()).toHaveLength(2);
      const rows = (await h1.sagaStore.listDeadlines({ saga: 'terms' })).map((d) => `${d.id} ${d.status}`).sort();
      expect(rows).toEqual([`terms/${a}/terms-changed:2 done`, `terms/${b}/terms-changed:2 done`].sort());
    } finally {
      await h2.close();
      await h1.close();
    }

    // A restart reads the log again from the saga's checkpoint: nothing is scheduled or sent twice.
    const h3 = await createHarness({ dir });
    try {
      await h3.advance({ days: 1 });
      for (const id of [a, b]) expect(await h3.notices(id, 'TERMS_CHANGED')).toHaveLength(1);
      expect(h3.transport.kinds()).not.toContain('TERMS_CHANGED');
      expect(await h3.sagaStore.listDeadlines({ saga: 'terms' })).toHaveLength(2);
    } finally {
      await h3.close();
    }
  }, 120_000);
});
