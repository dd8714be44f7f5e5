/**
 * The whole service over EventStoreDB as production runs it: the wire-level double answering as a 24.10 node
 * (byte-offset positions with system records between events, reads from inside a record refused, appends over
 * BatchAppend), then a three-node cluster whose leader dies in the middle of a contract's life.
 */
import { Role } from '@pfw/auth';
import { DEFAULT_POLICY } from '@pfw/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@pfw/event-store';
import { startEsdbCluster, startEsdbDouble, type EsdbCluster, type EsdbDouble } from '@pfw/esdb-double';
import { CONTRACTS_PROJECTION_NAME, ProjectionRegistry } from '@pfw/read-models';
import { accept, ApiHarness, CONTRACT_FIELDS, startApi, submit, until } from './support/api';

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

const lifecycle = (api: () => ApiHarness) => ({
  contract: async (id: string) => (await api().gql(Role.AUDITOR, `query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`, { id })).body.data!.contract,
  advance: async (days: number) => {
    const res = await api().gql(Role.ADMIN, 'mutation($i: AdvanceClockInput!) { advanceClock(input: $i) { now } }', { i: { days } });
    expect(res.body.errors).toBeUndefined();
  },
  /** Every page of `auditLog`, `first` at a time, following `endCursor` until `hasNextPage` is false. */
  auditLogPages: async (first: number) => {
    const positions: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const res = await api().gql(
        Role.AUDITOR,
        'query($first: Int, $after: String) { auditLog(first: $first, after: $after) { edges { node { position } } pageInfo { hasNextPage endCursor } } }',
        { first, after },
      );
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data!.auditLog as { edges: { node: { position: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
      pages += 1;
      positions.push(...page.edges.map((e) => e.node.position));
      if (!page.pageInfo.hasNextPage) return { positions, pages };
      after = page.pageInfo.endCursor;
    }
  },
});

describe('the service over the EventStoreDB double (24.10 node: byte offsets, BatchAppend)', () => {
  let double: EsdbDouble;
  let api: ApiHarness;
  const { contract, advance, auditLogPages } = lifecycle(() => api);

  beforeAll(async () => {
    double = await startEsdbDouble();
    api = await startApi({ env: { EVENT_STORE: double.url, ROLE: 'all', CLOCK: 'simulated' } });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await double?.stop();
  });

  it('runs a contract from application to revocation, pages auditLog to the end, and rebuilds a projection with its swap', async () => {
    const { id } = await submit(api, DEFAULT_POLICY.requiredDocuments.CORPORATION);
    await accept(api, id);
    await until('issued', () => contract(id), (c) => c.status === 'ACTIVE', 60_000);
    await advance(31);
    await advance(15);
    const revoked = await until('revoked', () => contract(id), (c) => c.status === 'REVOKED', 60_000);
    expect(revoked.revocation).toMatchObject({ reason: 'NON_PAYMENT', status: 'REVOKED' });

    // Every append of the service went over BatchAppend, the path a 21.10+ server offers.
    expect(double.stats.batchAppends).toBeGreaterThan(0);
    expect(double.stats.appends).toBe(0);

    // auditLog, 3 at a time to the end: the whole user log, each event once, in order — with byte-offset
    // positions, which a `position + 1` cursor would have sent into the middle of a record.
    const store = api.app.get<EventStore>(EVENT_STORE);
    const log = await collect(store.readAll());
    const { positions, pages } = await auditLogPages(3);
    expect(positions).toEqual(log.map((e) => e.position.toString()));
    expect(pages).toBe(Math.ceil(log.length / 3));
    const gaps = log.slice(1).map((e, i) => e.position - log[i]!.position);
    expect(gaps.every((g) => g > 1n)).toBe(true);

    // A rebuild of the contracts projection: fill from the log, then the swap reads the rest `after` the fill.
    const registry = api.app.get(ProjectionRegistry);
    const before = await contract(id);
    const rebuilt = await registry.rebuild(CONTRACTS_PROJECTION_NAME);
    // Its checkpoint is an event's own position (the last contract event), never one computed from it.
    expect(log.filter((e) => e.streamId.startsWith('contract-')).at(-1)!.position).toBe(rebuilt.position);
    expect(rebuilt.generation).toBeGreaterThan(1);
    expect(rebuilt.events).toBeGreaterThan(0);
    expect(await contract(id)).toEqual(before);
    const status = (await registry.status()).find((s) => s.name === CONTRACTS_PROJECTION_NAME)!;
    expect(status.lag).toBe(0n);
  }, 240_000);
});

describe('the service over a three-node EventStoreDB cluster whose leader dies mid-lifecycle', () => {
  let cluster: EsdbCluster;
  let api: ApiHarness;
  const { contract, advance } = lifecycle(() => api);

  beforeAll(async () => {
    cluster = await startEsdbCluster({ size: 3 });
    api = await startApi({ env: { EVENT_STORE: cluster.url, ROLE: 'all', CLOCK: 'simulated' } });
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await cluster?.stop();
  });

  it('goes on after the election: commands, sagas and projections continue; no event lost or written twice', async () => {
    const { id } = await submit(api, DEFAULT_POLICY.requiredDocuments.CORPORATION);
    await accept(api, id);
    await until('issued', () => contract(id), (c) => c.status === 'ACTIVE', 60_000);

    const { killed, elected } = await cluster.killLeader();
    expect(killed).toBe(0);
    expect(cluster.leaderIndex()).toBe(elected);

    // The rest of the life runs against the new leader: the clock moves, the sagas remind, give notice, revoke.
    await advance(31);
    await advance(15);
    const revoked = await until('revoked after the failover', () => contract(id), (c) => c.status === 'REVOKED', 90_000);
    expect(revoked.revocation).toMatchObject({ reason: 'NON_PAYMENT', status: 'REVOKED' });

    const store = api.app.get<EventStore>(EVENT_STORE);
    const log = await collect(store.readAll());
    expect(new Set(log.map((e) => e.id)).size).toBe(log.length);
    const trail = log.filter((e) => e.streamId === `contract-${id}`);
    expect(trail.map((e) => e.revision)).toEqual(trail.map((_, i) => i));
    expect(trail.filter((e) => e.type === 'RevocationRequested')).toHaveLength(1);
    expect(count(cluster.calls[elected]!, 'served /event_store.client.streams.Streams/BatchAppend')).toBeGreaterThan(0);
  }, 300_000);
});

const count = (calls: ReadonlyMap<string, number>, key: string) => calls.get(key) ?? 0;
