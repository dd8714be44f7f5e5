import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '@pfw/auth';
import { DEFAULT_POLICY } from '@pfw/domain';
import { accept, ApiHarness, CONTRACT_FIELDS, dataOf, japanDate, mutate, startApi, submit, until } from './support/api';

/**
 * Art. 13 through GraphQL with the sagas running (ROLE=all, CLOCK=simulated): `reviseTerms` announces a
 * revision to each running contract once (CustomerNotified TERMS_CHANGED), and every running contract is
 * governed by the new version from its effective date — on the simulated clock, whatever was notified.
 */
const TERMS_URL = 'https://pfw.example.jp/terms';

/** The e-mails the file transport wrote (DATA_DIR/outbox-sent), as text, of one notification kind. */
function sentMails(dataDir: string, kind: string): string[] {
  const dir = join(dataDir, 'outbox-sent');
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .filter((m) => new RegExp(`^X-PFW-Notification-Kind: ${kind}\\r?$`, 'im').test(m));
}

describe('Art. 13 — a terms revision end to end (simulated clock)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ env: { ROLE: 'all', CLOCK: 'simulated', TERMS_URL: TERMS_URL } });
  }, 60_000);
  afterAll(async () => {
    await api.close();
  });

  const kinds = DEFAULT_POLICY.requiredDocuments.CORPORATION;
  const contract = async (id: string) =>
    (await api.gql(Role.AUDITOR, `query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} notifications { kind termsVersion } } }`, { id })).body.data!.contract;
  const advance = async (days: number): Promise<Date> => {
    const res = await api.gql(Role.ADMIN, 'mutation($i: AdvanceClockInput!) { advanceClock(input: $i) { now } }', { i: { days } });
    expect(res.body.errors).toBeUndefined();
    return new Date(res.body.data!.advanceClock.now);
  };
  const termsNotices = async (id: string): Promise<{ kind: string; data: { kind?: string; termsVersion?: string } }[]> => {
    const trail = (await api.gql(Role.AUDITOR, 'query($id: ID!) { auditTrail(contractId: $id) { type data } }', { id })).body.data!.auditTrail as {
      type: string;
      data: { kind?: string; termsVersion?: string };
    }[];
    return trail.filter((e) => e.type === 'CustomerNotified' && e.data.kind === 'TERMS_CHANGED').map((e) => ({ kind: e.type, data: e.data }));
  };
  const told = (c: { notifications: { kind: string }[] }) => c.notifications.filter((n) => n.kind === 'TERMS_CHANGED').length;

  it('given two active contracts, a rejected and a pending application, when version 2 is announced for 10 days later, then each running contract is told once and governed by version 2 from that day (Art. 13)', async () => {
    // Two running contracts (the sagas issue and deliver), one application rejected, one still in screening.
    const a = await submit(api, kinds);
    const b = await submit(api, kinds);
    await accept(api, a.id);
    await accept(api, b.id);
    await until('A and B active', async () => [await contract(a.id), await contract(b.id)], (cs) => cs.every((c) => c.status === 'ACTIVE'), 60_000);
    const rejected = await submit(api, kinds);
    dataOf(await mutate(api, Role.SCREENER, 'failScreening', { contractId: rejected.id, reasons: ['NO_JAPAN_BASE'], note: 'no office' }, 'position'), 'failScreening');
    const pending = await submit(api, kinds);

    const now = await advance(1);
    const effectiveFrom = japanDate(10, now);
    const revised = dataOf(
      await mutate(api, Role.ADMIN, 'reviseTerms', { version: '2', effectiveFrom, summary: 'Art. 5: the fee schedule changes' }, 'serviceStatus { termsVersion }'),
      'reviseTerms',
    );
    expect(revised).toEqual({ serviceStatus: { termsVersion: '1' } });

    // The saga tells each running contract once, through the outbox; CustomerNotified records the delivery.
    const [ca, cb] = await until('A and B told', async () => [await contract(a.id), await contract(b.id)], (cs) => cs.every((c) => told(c) === 1));
    for (const c of [ca, cb]) {
      expect(c.notifications.filter((n: { kind: string }) => n.kind === 'TERMS_CHANGED')).toEqual([expect.objectContaining({ termsVersion: '2' })]);
      expect(c).toMatchObject({ termsVersion: '1', governingTermsVersion: '1' });
    }

    // An application accepted between the announcement and the effective date recorded version 1: it is told at acceptance.
    await accept(api, pending.id);
    await until('the pending application told once accepted', () => contract(pending.id), (c) => told(c) === 1);

    // The day before the effective date version 1 still governs; on it, version 2 — no further notice needed.
    await advance(9);
    expect(await contract(a.id)).toMatchObject({ governingTermsVersion: '1' });
    await advance(1);
    for (const id of [a.id, b.id, pending.id]) expect(await contract(id)).toMatchObject({ termsVersion: '1', governingTermsVersion: '2' });
    expect(dataOf(await api.gql(Role.AUDITOR, '{ serviceStatus { termsVersion } }'), 'serviceStatus')).toEqual({ termsVersion: '2' });

    // An application submitted after the effective date records version 2 and is never told of it.
    const later = await submit(api, kinds);
    expect(later.contract).toMatchObject({ termsVersion: '2', governingTermsVersion: '2' });
    await accept(api, later.id);
    await advance(1);

    // Exactly once per contract and revision in the log; nothing for the rejected application or the later one.
    await until('the later contract active', () => contract(later.id), (c) => c.status === 'ACTIVE', 60_000);
    for (const id of [a.id, b.id, pending.id]) expect(await termsNotices(id)).toEqual([{ kind: 'CustomerNotified', data: expect.objectContaining({ termsVersion: '2' }) }]);
    expect(await termsNotices(rejected.id)).toEqual([]);
    expect(await termsNotices(later.id)).toEqual([]);
    expect(await contract(rejected.id)).toMatchObject({ status: 'REJECTED' });
    // Three e-mails went out, each naming the version, its effective date and where to read the terms.
    const mails = sentMails(api.dataDir, 'TERMS_CHANGED');
    expect(mails).toHaveLength(3);
    for (const m of mails) expect(m).toContain(TERMS_URL);
  }, 180_000);
});
