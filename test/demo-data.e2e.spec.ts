import { DEMO_STATES, demoPlan, DemoSeedError, HttpDemoApi, seedDemoData, type SeedResult } from '@pfw/demo-data';
import { mintToken, Role } from '@pfw/auth';
import { SECRET_BYTES, startApi, type ApiHarness } from './support/api';

/** Keys whose values differ between two runs by nature: instants, generated ids, the CA's serials and references, key material and digests. */
const VOLATILE = /(At|On|Id|Ids|id|pem|Pem|serialNumber|serialNumbers|caReference|fingerprintSha256|sha256|Digest|digest|csr|notBefore|notAfter|deadline|position|ciphertext|hash)$/;

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !VOLATILE.test(k)).map(([k, v]) => [k, stable(v)]));
  }
  return value;
}

/** What the CLI's seed command signs: every staff role that writes. */
const seederToken = () => mintToken(SECRET_BYTES, { sub: 'demo-seeder', roles: [Role.SCREENER, Role.BILLING, Role.OPERATOR, Role.ADMIN], ttlSeconds: 3600 });

/** The service as `CLOCK=simulated npm start` runs it (sagas and the local CA included), listening on a free port. */
async function service(env: Record<string, string> = { CLOCK: 'simulated' }): Promise<{ api: ApiHarness; url: string }> {
  const api = await startApi({ env: { ROLE: 'all', ...env } });
  await api.app.listen(0, '127.0.0.1');
  return { api, url: await api.app.getUrl() };
}

describe('seed: demo data through the command side', () => {
  const plan = demoPlan(DEMO_STATES.length, 7);
  const runs: { api: ApiHarness; result: SeedResult }[] = [];
  afterAll(async () => {
    for (const run of runs) await run.api.close();
  });

  async function seedFresh(): Promise<{ api: ApiHarness; result: SeedResult }> {
    const { api, url } = await service();
    const run = { api, result: await seedDemoData(new HttpDemoApi(url, await seederToken()), plan) };
    runs.push(run);
    return run;
  }

  it('reaches every state of the plan, each checked on the read model', async () => {
    const { api, result } = await seedFresh();
    expect(result.contracts.map((c) => c.state)).toEqual([...DEMO_STATES]);
    const statuses = Object.fromEntries(result.contracts.map((c) => [c.state, c.status]));
    expect(statuses).toMatchObject({
      EXPIRED: 'EXPIRED',
      TERMINATED: 'TERMINATED',
      REVOKED_NON_PAYMENT: 'REVOKED',
      REVOKED_KEY_COMPROMISE: 'REVOKED',
      OVERDUE_IN_GRACE: 'ACTIVE',
      IN_SCREENING: 'SUBMITTED',
      REJECTED: 'REJECTED',
      WITHDRAWN: 'WITHDRAWN',
    });
    const lists = (await api.gql(Role.ADMIN, '{ overdueInvoices { id } stickersToShip { id } screeningQueue { id } stuckProcesses { id } }')).body.data!;
    const idOf = (state: string) => result.contracts.find((c) => c.state === state)!.contractId;
    expect(lists.overdueInvoices.map((c: { id: string }) => c.id)).toContain(idOf('OVERDUE_IN_GRACE'));
    expect(lists.stickersToShip.map((c: { id: string }) => c.id)).toContain(idOf('ACTIVE_STICKER_TO_SHIP'));
    expect(lists.screeningQueue.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([idOf('IN_SCREENING'), idOf('WAITING_FOR_DOCUMENTS')]));
    expect(lists.stuckProcesses).toEqual([]);
  }, 180_000);

  it('the same seed on a fresh service gives the same contracts and the same events, apart from instants and key material', async () => {
    // Per contract, as a multiset: the sagas work concurrently (a result notice and a sticker return request, say),
    // so their events may interleave differently from one run to the next; what happened does not.
    const events = (trail: { type: string; data: unknown }[]) => trail.map((e) => JSON.stringify([e.type, stable(e.data)])).sort();
    const first = runs[0]!;
    const second = await seedFresh();
    expect(second.result.contracts.map((c) => c.contractId)).toEqual(first.result.contracts.map((c) => c.contractId));
    const trail = async (api: ApiHarness, id: string) =>
      (await api.gql(Role.AUDITOR, 'query($id: ID!) { auditTrail(contractId: $id) { type data } }', { id })).body.data!.auditTrail as { type: string; data: unknown }[];
    for (const c of first.result.contracts) {
      const [a, b] = [await trail(first.api, c.contractId), await trail(second.api, c.contractId)];
      expect({ state: c.state, events: events(b) }).toEqual({ state: c.state, events: events(a) });
    }
  }, 180_000);

  it('refuses a service on the system clock before writing anything', async () => {
    const { api, url } = await service({ CLOCK: 'system' });
    runs.push({ api, result: { contracts: [], clockAt: '' } });
    const head = await api.head();
    await expect(seedDemoData(new HttpDemoApi(url, await seederToken()), demoPlan(3, 1))).rejects.toThrow(DemoSeedError);
    await expect(seedDemoData(new HttpDemoApi(url, await seederToken()), demoPlan(3, 1))).rejects.toThrow(/CLOCK=simulated/);
    expect(await api.head()).toBe(head);
  }, 60_000);
});
