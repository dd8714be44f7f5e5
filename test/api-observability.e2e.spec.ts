import { randomUUID } from 'node:crypto';
import { Role } from '@pfw/auth';
import { bearer, dataOf, mutate, startApi, submit, type ApiHarness } from './support/api';

/** The value of one sample line of Prometheus text (`name{labels} value`), or 0 when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.lastIndexOf('}'));
    const found = Object.fromEntries([...body.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('GET /metrics (Prometheus text) and GET /health (projection lag)', () => {
  let api: ApiHarness;
  const scrape = async () => {
    const res = await api.http().get('/metrics').set(bearer(api.token(Role.AUDITOR)));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return res.text;
  };

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('counts requests by method, route pattern and status, with latencies', async () => {
    const before = await scrape();
    const graphql = { method: 'POST', route: '/graphql', status: '200' };
    for (let i = 0; i < 3; i++) dataOf(await api.gql(Role.SCREENER, '{ feeSchedule { planMonths } }'), 'feeSchedule');
    expect((await api.http().post('/graphql').send({ query: '{ feeSchedule { planMonths } }' })).status).toBe(401);
    const documentId = randomUUID();
    expect((await api.http().get(`/documents/${documentId}`).set(bearer(api.token(Role.AUDITOR)))).status).toBe(404);
    const after = await scrape();

    expect(after).toContain('# TYPE pfw_http_requests_total counter');
    expect(after).toContain('# TYPE pfw_http_request_duration_seconds histogram');
    expect(sample(after, 'pfw_http_requests_total', graphql) - sample(before, 'pfw_http_requests_total', graphql)).toBe(3);
    const unauthorized = { method: 'POST', route: '/graphql', status: '401' };
    expect(sample(after, 'pfw_http_requests_total', unauthorized) - sample(before, 'pfw_http_requests_total', unauthorized)).toBe(1);
    // The route pattern, never the raw path: no id becomes a label.
    expect(sample(after, 'pfw_http_requests_total', { method: 'GET', route: '/documents/:id', status: '404' })).toBe(1);
    expect(after).not.toContain(documentId);
    expect(sample(after, 'pfw_http_request_duration_seconds_count', graphql)).toBeGreaterThanOrEqual(3);
    expect(sample(after, 'pfw_http_request_duration_seconds_bucket', { ...graphql, le: '+Inf' })).toBe(sample(after, 'pfw_http_request_duration_seconds_count', graphql));
    // prom-client's process metrics are there too.
    expect(after).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it('counts command outcomes: ok and refused', async () => {
    const kinds: string[] = dataOf(await api.gql(Role.SCREENER, '{ documentRequirements(organizationType: CORPORATION) }'), 'documentRequirements');
    const s = await submit(api, kinds);
    const refused = await mutate(api, Role.ADMIN, 'noticeTermination', { contractId: s.id, noticedOn: '2026-01-05', effectiveOn: '2026-02-01', channel: 'EMAIL', reason: 'too short' });
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('RULE_VIOLATION');
    const text = await scrape();
    expect(text).toContain('# TYPE pfw_command_outcomes_total counter');
    expect(sample(text, 'pfw_command_outcomes_total', { command: 'submitApplication', outcome: 'ok' })).toBe(1);
    expect(sample(text, 'pfw_command_outcomes_total', { command: 'noticeTermination', outcome: 'refused' })).toBe(1);
  });

  it('shows the projections and their lag, in /health (public) and in /metrics', async () => {
    const kinds: string[] = dataOf(await api.gql(Role.SCREENER, '{ documentRequirements(organizationType: CORPORATION) }'), 'documentRequirements');
    await submit(api, kinds); // answers once the read model has it (read-your-writes)
    const head = (await api.head())!.toString();

    const res = await api.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' }, readModels: { status: 'up' } } });
    const projections = res.body.info.readModels.projections;
    expect(Object.keys(projections)).toEqual(expect.arrayContaining(['contracts']));
    expect(projections.contracts).toEqual({ state: 'live', position: head, lag: '0' });

    const text = await scrape();
    expect(text).toContain('# TYPE pfw_projection_lag_events gauge');
    expect(text).toMatch(/^pfw_projection_lag_events\{projection="contracts"\} 0$/m);
  });
});
