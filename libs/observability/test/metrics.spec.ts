import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadRequestException, Controller, Get, Global, INestApplication, Module, Param, Post } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { GraphQLModule, Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { GraphQLError } from 'graphql';
import { Registry } from 'prom-client';
import request from 'supertest';
import { AuthModule, mintToken, Role, STAFF_ROLES, type AuthKeyConfig, type StaffRole } from '@pfw/auth';
import {
  CommandMetrics,
  METRICS_REGISTRY,
  MetricsModule,
  outcomeOf,
  ProjectionLagMetrics,
  RoutePatterns,
  UNMATCHED_ROUTE,
  type ProjectionLagSource,
} from '@pfw/observability';

const SECRET_TEXT = 'metrics-spec-secret-0123456789-abcdefghijklm';
const SECRET = new TextEncoder().encode(SECRET_TEXT);
const bearer = async (roles: StaffRole[]) => `Bearer ${await mintToken(SECRET, { sub: 'staff-1', roles, ttlSeconds: 600 })}`;

@Controller('things')
class ThingsController {
  @Get(':id')
  get(@Param('id') id: string) {
    return { id };
  }

  @Post()
  create() {
    throw new BadRequestException('no');
  }
}

@Resolver()
class TestResolver {
  /** Named like an API.md query so the auth guard lets every role run it. */
  @Query(() => String)
  serviceStatus(): string {
    return 'ok';
  }
}

/** A projection lag source as ReadModelsModule's ProjectionRegistry would be. */
const LAG_SOURCE = Symbol('lag source');
class FakeLagSource implements ProjectionLagSource {
  statuses: Array<{ name: string; lag: bigint | null }> = [];
  failing = false;

  async status() {
    if (this.failing) throw new Error('event store unreachable');
    return this.statuses;
  }
}
const lagSource = new FakeLagSource();

@Global()
@Module({ providers: [{ provide: LAG_SOURCE, useValue: lagSource }], exports: [LAG_SOURCE] })
class FakeReadModelsModule {}

@Module({
  imports: [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, includeStacktraceInErrorResponses: false })],
  controllers: [ThingsController],
  providers: [TestResolver],
})
class TestApiModule {}

describe('MetricsModule over HTTP', () => {
  let dataDir: string;
  let app: INestApplication;
  let registry: Registry;
  let admin: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pfw-metrics-'));
    const auth: AuthKeyConfig = { nodeEnv: 'test', dataDir, auth: { jwtSecret: SECRET_TEXT, jwksUrl: null, issuer: null, audience: null } };
    const moduleRef = await Test.createTestingModule({
      // AuthModule first, as in the api: the metrics middleware must still run before it (MetricsModule is global).
      imports: [AuthModule.forRoot(auth), FakeReadModelsModule, MetricsModule.forRoot({ projectionLagSource: LAG_SOURCE }), TestApiModule],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    registry = app.get(METRICS_REGISTRY);
    admin = await bearer([Role.ADMIN]);
  });

  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const server = () => app.getHttpServer();
  /** The value of one series, by exact labels (0 when absent). */
  const value = async (name: string, labels: Record<string, string>) => {
    const metric = registry.getSingleMetric(name);
    if (!metric) throw new Error(`no metric ${name}`);
    const { values } = await metric.get();
    const hit = values.find((v) => Object.keys(labels).every((k) => String(v.labels[k]) === labels[k]) && Object.keys(v.labels).length >= Object.keys(labels).length);
    return hit?.value ?? 0;
  };
  const requests = (method: string, route: string, status: string) => value('pfw_http_requests_total', { method, route, status });
  const latencyCount = (method: string, route: string, status: string) =>
    value('pfw_http_request_duration_seconds', { method, route, status, le: '+Inf' });

  it('GET /metrics needs a token (401 without) and serves Prometheus text to every staff role', async () => {
    await request(server()).get('/metrics').expect(401);
    for (const role of STAFF_ROLES) {
      const res = await request(server()).get('/metrics').set('Authorization', await bearer([role])).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain;/);
      expect(res.headers['content-type']).toContain('version=0.0.4');
      expect(res.text).toContain('# TYPE pfw_http_requests_total counter');
      expect(res.text).toContain('# TYPE pfw_http_request_duration_seconds histogram');
      expect(res.text).toContain('# TYPE pfw_command_outcomes_total counter');
      expect(res.text).toContain('# TYPE pfw_projection_lag_events gauge');
      // prom-client's default process metrics.
      expect(res.text).toContain('process_cpu_user_seconds_total');
      expect(res.text).toContain('nodejs_eventloop_lag_seconds');
    }
  });

  it('counts requests and records latency by method, route pattern and status, never the raw path', async () => {
    const before = await requests('GET', '/things/:id', '200');
    await request(server()).get('/things/12345').set('Authorization', admin).expect(200);
    await request(server()).get('/things/67890?x=1').set('Authorization', admin).expect(200);
    expect((await requests('GET', '/things/:id', '200')) - before).toBe(2);
    expect(await latencyCount('GET', '/things/:id', '200')).toBeGreaterThanOrEqual(2);
    const text = await registry.metrics();
    expect(text).not.toContain('12345');
    expect(text).not.toContain('67890');
  });

  it('labels the status a handler answered with', async () => {
    await request(server()).post('/things').set('Authorization', admin).expect(400);
    expect(await requests('POST', '/things', '400')).toBe(1);
  });

  it('counts what the auth middleware refused (401) under the route pattern the path belongs to', async () => {
    await request(server()).get('/things/abc').expect(401);
    await request(server()).get('/things/def').set('Authorization', 'Bearer nope').expect(401);
    expect(await requests('GET', '/things/:id', '401')).toBe(2);
  });

  it('labels unknown paths "unmatched"', async () => {
    await request(server()).get('/no/such/place/42').set('Authorization', admin).expect(404);
    expect(await requests('GET', UNMATCHED_ROUTE, '404')).toBe(1);
    expect(await registry.metrics()).not.toContain('/no/such/place');
  });

  it('labels GraphQL (served by an app.use mount, no req.route) with /graphql', async () => {
    const res = await request(server()).post('/graphql').set('Authorization', admin).send({ query: '{ serviceStatus }' }).expect(200);
    expect(res.body).toEqual({ data: { serviceStatus: 'ok' } });
    expect(await requests('POST', '/graphql', '200')).toBe(1);
  });

  it('CommandMetrics counts outcomes by command', async () => {
    const commands = app.get(CommandMetrics);
    commands.commandOutcome('submitApplication', 'ok');
    commands.commandOutcome('submitApplication', 'ok');
    commands.commandOutcome('passScreening', 'refused');
    await commands.measure('recordPayment', async () => 'done');
    await expect(
      commands.measure('recordPayment', async () => {
        throw new GraphQLError('stale', { extensions: { code: 'CONCURRENCY_CONFLICT' } });
      }),
    ).rejects.toThrow('stale');
    await expect(commands.measure('recordPayment', async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    commands.commandOutcome('not a name {}"', 'error');

    expect(await value('pfw_command_outcomes_total', { command: 'submitApplication', outcome: 'ok' })).toBe(2);
    expect(await value('pfw_command_outcomes_total', { command: 'passScreening', outcome: 'refused' })).toBe(1);
    expect(await value('pfw_command_outcomes_total', { command: 'recordPayment', outcome: 'ok' })).toBe(1);
    expect(await value('pfw_command_outcomes_total', { command: 'recordPayment', outcome: 'conflict' })).toBe(1);
    expect(await value('pfw_command_outcomes_total', { command: 'recordPayment', outcome: 'error' })).toBe(1);
    expect(await value('pfw_command_outcomes_total', { command: 'other', outcome: 'error' })).toBe(1);
  });

  it('pfw_projection_lag_events: set by read-model code, or read from the registered source at scrape time', async () => {
    const lag = app.get(ProjectionLagMetrics);
    lag.setProjectionLag('audit_follower', 7n);
    lagSource.statuses = [
      { name: 'contracts', lag: 3n },
      { name: 'work_lists', lag: 0n },
      { name: 'unknown_yet', lag: null },
    ];
    const res = await request(server()).get('/metrics').set('Authorization', admin).expect(200);
    expect(res.text).toContain('pfw_projection_lag_events{projection="contracts"} 3');
    expect(res.text).toContain('pfw_projection_lag_events{projection="work_lists"} 0');
    expect(res.text).toContain('pfw_projection_lag_events{projection="audit_follower"} 7');
    expect(res.text).not.toContain('unknown_yet');

    lagSource.failing = true;
    lag.setProjectionLag('audit_follower', 2);
    const degraded = await request(server()).get('/metrics').set('Authorization', admin).expect(200);
    expect(degraded.text).toContain('pfw_projection_lag_events{projection="audit_follower"} 2');
    expect(degraded.text).not.toContain('projection="contracts"');
    lagSource.failing = false;

    lag.setProjectionLag('audit_follower', null);
    lagSource.statuses = [];
    expect(await registry.metrics()).not.toContain('audit_follower');
  });
});

describe('outcomeOf', () => {
  it.each([
    [{ code: 'RULE_VIOLATION' }, 'refused'],
    [{ code: 'BAD_USER_INPUT' }, 'refused'],
    [{ code: 'NOT_FOUND' }, 'refused'],
    [new GraphQLError('x', { extensions: { code: 'FORBIDDEN' } }), 'refused'],
    [{ code: 'CONCURRENCY_CONFLICT' }, 'conflict'],
    [new GraphQLError('x', { extensions: { code: 'IDEMPOTENCY_CONFLICT' } }), 'conflict'],
    [new Error('boom'), 'error'],
    [{ code: 'ECONNREFUSED' }, 'error'],
    ['a string', 'error'],
  ])('%p → %s', (err, outcome) => {
    expect(outcomeOf(err)).toBe(outcome);
  });
});

describe('RoutePatterns', () => {
  const routes = new RoutePatterns();
  for (const pattern of ['/graphql', 'documents/:id', '/documents', '/documents/latest', '/files/{*rest}', '/']) routes.add(pattern);

  it.each([
    ['/graphql', '/graphql'],
    ['/graphql/', '/graphql'],
    ['/documents', '/documents'],
    ['/documents/3f1c', '/documents/:id'],
    ['/documents/latest', '/documents/latest'],
    ['/documents/3f1c/extra', UNMATCHED_ROUTE],
    ['/files/a/b/c', '/files/{*rest}'],
    ['/', '/'],
    ['/graphqlx', UNMATCHED_ROUTE],
  ])('%s → %s', (path, pattern) => {
    expect(routes.match(path)).toBe(pattern);
  });
});
