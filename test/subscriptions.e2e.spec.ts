import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { mintToken, Role } from '@pfw/auth';
import { accept, PASSING_CHECKLIST, SECRET_BYTES, startApi, submit, type ApiHarness } from './support/api';

/**
 * API.md "Live updates": graphql-ws on /graphql, the token in connectionParams, each subscription catching up
 * from `after` and then following the log, emitting what the read model shows after the projection committed.
 */
describe('GraphQL subscriptions over graphql-ws (API.md "Live updates")', () => {
  let api: ApiHarness;
  let url: string;
  let kinds: string[];
  const clients: Client[] = [];

  beforeAll(async () => {
    api = await startApi();
    await api.app.listen(0, '127.0.0.1');
    url = (await api.app.getUrl()).replace(/^http/, 'ws') + '/graphql';
    kinds = (await api.gql(Role.SCREENER, '{ documentRequirements(organizationType: CORPORATION) }')).body.data!.documentRequirements;
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
  });
  afterAll(() => api?.close());

  function client(token: string | null, onClose?: (event: { code: number; reason: string }) => void): Client {
    const c = createClient({
      url,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
      on: { closed: (event) => onClose?.(event as { code: number; reason: string }) },
      onNonLazyError: () => undefined,
    });
    clients.push(c);
    return c;
  }

  /** Collects the results of one subscription; `next(n)` waits until n have arrived. */
  function collect<T>(c: Client, query: string, variables: Record<string, unknown> = {}) {
    const results: T[] = [];
    const errors: unknown[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = c.subscribe<Record<string, T>>(
      { query, variables },
      {
        next: (r) => {
          if (r.errors) errors.push(r.errors);
          if (r.data) results.push(Object.values(r.data)[0]!);
          wake?.();
        },
        error: (e) => {
          errors.push(e);
          wake?.();
        },
        complete: () => wake?.(),
      },
    );
    return {
      results,
      errors,
      unsubscribe,
      async until(predicate: (all: T[]) => boolean): Promise<T[]> {
        while (!predicate(results) && errors.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        if (errors.length) throw new Error(`subscription failed: ${JSON.stringify(errors)}`);
        return results;
      },
    };
  }

  function closed(): { promise: Promise<{ code: number; reason: string }>; on: (e: { code: number; reason: string }) => void } {
    let on!: (e: { code: number; reason: string }) => void;
    const promise = new Promise<{ code: number; reason: string }>((resolve) => (on = resolve));
    return { promise, on };
  }

  it('closes a connection without a token, or with a bad one, with 4401', async () => {
    const none = closed();
    client(null, none.on);
    expect(await none.promise).toMatchObject({ code: 4401, reason: expect.stringContaining('Unauthorized') });

    const bad = closed();
    client('not.a.jwt', bad.on);
    expect((await bad.promise).code).toBe(4401);

    const wrongKey = closed();
    client(await mintToken(new TextEncoder().encode('another-secret-of-at-least-32-bytes!!'), { sub: 'x', roles: [Role.ADMIN], ttlSeconds: 60 }), wrongKey.on);
    expect((await wrongKey.promise).code).toBe(4401);
  });

  it('closes with 4403 when the role may not subscribe (a screener asking for auditAppended)', async () => {
    const event = closed();
    const c = client(api.token(Role.SCREENER), event.on);
    collect(c, 'subscription { auditAppended { id } }');
    expect(await event.promise).toMatchObject({ code: 4403, reason: expect.stringContaining('auditAppended') });
  });

  it('holds every operation over graphql-ws to the HTTP limits: too many tokens or aliases, or too costly, is TOO_COMPLEX and nothing runs', async () => {
    const c = client(api.token(Role.AUDITOR));
    const aliases = (n: number, field: string) => Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ');
    const refusal = async (query: string) => {
      const sub = collect(c, query);
      const error = await sub.until(() => false).catch((err: Error) => err.message);
      expect(error).toContain('"code":"TOO_COMPLEX"');
      expect(sub.results).toEqual([]);
      return error as string;
    };
    // 3,000 aliases: refused by the token bound before the document is even parsed in full.
    expect(await refusal(`subscription { ${aliases(3000, 'contractUpdated { id }')} }`)).toContain('tokens');
    expect(await refusal(`subscription { ${aliases(31, 'workListChanged(list: SCREENING_QUEUE) { contractId }')} }`)).toContain('aliases');
    // A query sent over the socket instead of HTTP: the same cost model (each aliased auditLog may scan 50,000 events).
    expect(await refusal(`{ ${aliases(5, 'auditLog(first: 1) { totalCount }')} }`)).toContain('cost');
    // Within the limits, the same connection still serves.
    const ok = collect<{ suspended: boolean }>(c, '{ serviceStatus { suspended } }');
    expect(await ok.until((r) => r.length === 1)).toEqual([{ suspended: false }]);
  });

  it('closes with 4401 when the token expires while connected', async () => {
    const event = closed();
    const token = await mintToken(SECRET_BYTES, { sub: 'short-lived', roles: [Role.SCREENER], ttlSeconds: 1 });
    const c = client(token, event.on);
    collect(c, 'subscription { workListChanged(list: SCREENING_QUEUE) { contractId } }');
    expect(await event.promise).toMatchObject({ code: 4401, reason: 'Unauthorized: token expired' });
  });

  it('contractUpdated: each change of a contract as the read model shows it, with its position, then the catch-up from `after`', async () => {
    const c = client(api.token(Role.BILLING));
    const all = collect<{ id: string; status: string; position: string }>(c, 'subscription { contractUpdated { id status position } }');
    // The subscription starts at the head of the log: give it a moment to be established by a first change.
    const first = await submit(api, kinds);
    await all.until((r) => r.some((x) => x.id === first.id));
    const one = collect<{ id: string; status: string; position: string }>(c, 'subscription($id: ID) { contractUpdated(id: $id) { id status position } }', { id: first.id });
    const accepted = await accept(api, first.id);
    const seen = await all.until((r) => r.some((x) => x.id === first.id && x.status === accepted.status));
    expect(seen.filter((x) => x.id === first.id).map((x) => x.status)).toEqual(['SUBMITTED', accepted.status]);
    // The read model's view after the projection committed: each update's position is its own event's.
    const positions = seen.map((x) => BigInt(x.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(new Set(positions).size).toBe(positions.length);
    expect((await one.until((r) => r.length >= 1))[0]).toMatchObject({ id: first.id, status: accepted.status });

    // Catch-up: from the position of its submission on, the same contract's current state, once.
    const replay = collect<{ id: string; status: string; position: string }>(c, 'subscription($id: ID, $after: String) { contractUpdated(id: $id, after: $after) { id status position } }', {
      id: first.id,
      after: first.contract.position,
    });
    expect(await replay.until((r) => r.length >= 1)).toEqual([{ id: first.id, status: accepted.status, position: accepted.position }]);
  });

  it('contractUpdated refuses an `after` that is not a position, as BAD_USER_INPUT', async () => {
    const c = client(api.token(Role.SCREENER));
    const bad = collect(c, 'subscription { contractUpdated(after: "yesterday") { id } }');
    await expect(bad.until(() => false)).rejects.toThrow(/BAD_USER_INPUT/);
  });

  it('workListChanged: a contract enters the screening queue on submission and leaves it when screening passes', async () => {
    const c = client(api.token(Role.SCREENER));
    const changes = collect<{ list: string; contractId: string; entered: boolean; position: string }>(
      c,
      'subscription { workListChanged(list: SCREENING_QUEUE) { list contractId entered position } }',
    );
    // Established once the server answers another operation on the same connection.
    await collect(c, 'subscription { contractUpdated { id } }');
    await new Promise((resolve) => setImmediate(resolve));
    const submitted = await submit(api, kinds);
    await changes.until((r) => r.some((x) => x.contractId === submitted.id));
    await api.gql(Role.SCREENER, 'mutation($i: PassScreeningInput!) { passScreening(input: $i) { position } }', {
      i: { contractId: submitted.id, checklist: PASSING_CHECKLIST },
    });
    const mine = (await changes.until((r) => r.filter((x) => x.contractId === submitted.id).length >= 2)).filter((x) => x.contractId === submitted.id);
    expect(mine.map((x) => [x.list, x.entered])).toEqual([
      ['SCREENING_QUEUE', true],
      ['SCREENING_QUEUE', false],
    ]);
    expect(mine[0]!.position).toBe(submitted.contract.position);
  });

  it('workListChanged: subscribers of one list with different selections and roles each get their own answer to the same change', async () => {
    const screener = client(api.token(Role.SCREENER));
    const billing = client(api.token(Role.BILLING));
    const query = 'subscription($l: WorkList!) { workListChanged(list: $l) { contractId entered } }';
    type Change = { contractId?: string; entered?: boolean; list?: string; position?: string };
    const subscriptions = [
      collect<Change>(screener, query, { l: 'SCREENING_QUEUE' }),
      collect<Change>(screener, query, { l: 'SCREENING_QUEUE' }),
      collect<Change>(billing, query, { l: 'SCREENING_QUEUE' }),
      collect<Change>(billing, 'subscription { workListChanged(list: SCREENING_QUEUE) { list position } }'),
    ];
    // Established once the server answered a later operation on each connection.
    for (const c of [screener, billing]) await collect(c, '{ serviceStatus { suspended } }').until((r) => r.length === 1);
    await new Promise((resolve) => setImmediate(resolve));
    const submitted = await submit(api, kinds);
    const byIdAndEntered = await Promise.all(subscriptions.slice(0, 3).map((s) => s.until((r) => r.some((x) => x.contractId === submitted.id))));
    for (const seen of byIdAndEntered) expect(seen.filter((x) => x.contractId === submitted.id)).toEqual([{ contractId: submitted.id, entered: true }]);
    const byPosition = await subscriptions[3]!.until((r) => r.some((x) => x.position === submitted.contract.position));
    expect(byPosition.find((x) => x.position === submitted.contract.position)).toEqual({ list: 'SCREENING_QUEUE', position: submitted.contract.position });
  });

  it('auditAppended: each event as appended, with its leaf hash, filtered by stream; catching up from `after`', async () => {
    const before = (await api.head())!.toString();
    const submitted = await submit(api, kinds);
    const c = client(api.token(Role.AUDITOR));
    const events = collect<{ streamId: string; type: string; position: string; leafHash: string }>(
      c,
      'subscription($f: AuditLogFilter, $after: String) { auditAppended(filter: $f, after: $after) { streamId type position leafHash } }',
      { f: { streamId: `contract-${submitted.id}` }, after: before },
    );
    const caughtUp = await events.until((r) => r.length >= 1);
    expect(caughtUp[0]).toMatchObject({ streamId: `contract-${submitted.id}`, type: 'ApplicationSubmitted', leafHash: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });
    await accept(api, submitted.id);
    const all = await events.until((r) => r.some((x) => x.type === 'ScreeningPassed'));
    expect(all.every((x) => x.streamId === `contract-${submitted.id}`)).toBe(true);
    const trail = (await api.gql(Role.AUDITOR, '{ auditTrail(contractId: "' + submitted.id + '") { position leafHash } }')).body.data!.auditTrail;
    expect(all.map((x) => [x.position, x.leafHash])).toEqual(trail.slice(0, all.length).map((x: { position: string; leafHash: string }) => [x.position, x.leafHash]));
  });
});
