import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, INestApplication, Logger, Module, Param, Post } from '@nestjs/common';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Args, Field, GraphQLModule, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Test } from '@nestjs/testing';
import { SignJWT } from 'jose';
import request from 'supertest';
import {
  AuthModule,
  CurrentActor,
  CurrentPrincipal,
  DEV_TOKEN_SUBJECT,
  mintToken,
  Role,
  Roles,
  type AuthKeyConfig,
  type Principal,
  type StaffActor,
  type StaffRole,
} from '@pfw/auth';

const SECRET_TEXT = 'http-spec-secret-0123456789-abcdefghijklmnop';
const SECRET = new TextEncoder().encode(SECRET_TEXT);

/** How often each handler ran: a refused request must leave these untouched. */
const calls = { health: 0, crl: 0, certificate: 0, metrics: 0, upload: 0, download: 0, graphql: 0 };
const resetCalls = () => {
  for (const key of Object.keys(calls) as (keyof typeof calls)[]) calls[key] = 0;
};

@Controller()
class PublicAndStaffController {
  @Get('health')
  health() {
    calls.health += 1;
    return { status: 'ok' };
  }

  @Get('ca/crl')
  crl() {
    calls.crl += 1;
    return 'crl';
  }

  @Get('ca/certificate')
  certificate() {
    calls.certificate += 1;
    return 'pem';
  }

  @Get('metrics')
  metrics(@CurrentPrincipal() principal: Principal) {
    calls.metrics += 1;
    return { principal };
  }

  @Post('documents')
  @Roles(Role.SCREENER, Role.ADMIN)
  upload(@CurrentActor() actor: StaffActor) {
    calls.upload += 1;
    return { actor };
  }

  @Get('documents/:id')
  download(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: StaffActor) {
    calls.download += 1;
    return { id, principal, actor };
  }
}

@ObjectType()
class Who {
  @Field(() => ID) id!: string;
  @Field(() => [String]) roles!: string[];
  @Field() actingRole!: string;
}

@Resolver()
class TestResolver {
  @Query(() => Who, { nullable: true })
  contract(@Args('id', { type: () => ID }) id: string, @CurrentPrincipal() principal: Principal, @CurrentActor() actor: StaffActor): Who {
    calls.graphql += 1;
    return { id: `${id}:${principal.id}`, roles: [...principal.roles], actingRole: actor.role };
  }

  @Query(() => [String])
  auditLog(): string[] {
    calls.graphql += 1;
    return ['entry'];
  }

  @Mutation(() => Who)
  submitApplication(@CurrentActor() actor: StaffActor): Who {
    calls.graphql += 1;
    return { id: actor.id, roles: [], actingRole: actor.role };
  }

  @Mutation(() => Boolean)
  suspendService(): boolean {
    calls.graphql += 1;
    return true;
  }

  /** Not in OPERATION_ROLES and no @Roles: refused by default. */
  @Mutation(() => Boolean)
  unlistedMutation(): boolean {
    calls.graphql += 1;
    return true;
  }

  /** Not in OPERATION_ROLES, but declares its roles; AUDITOR is dropped because it is a mutation. */
  @Mutation(() => Boolean)
  @Roles(Role.OPERATOR, Role.AUDITOR)
  extraOperatorMutation(): boolean {
    calls.graphql += 1;
    return true;
  }
}

@Module({
  imports: [GraphQLModule.forRoot<ApolloDriverConfig>({ driver: ApolloDriver, autoSchemaFile: true, includeStacktraceInErrorResponses: false })],
  controllers: [PublicAndStaffController],
  providers: [TestResolver],
})
class TestApiModule {}

function authConfig(dataDir: string, auth: Partial<AuthKeyConfig['auth']> = {}, nodeEnv: AuthKeyConfig['nodeEnv'] = 'test'): AuthKeyConfig {
  return { nodeEnv, dataDir, auth: { jwtSecret: null, jwksUrl: null, issuer: null, audience: null, ...auth } };
}

async function startApp(config: AuthKeyConfig): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AuthModule.forRoot(config), TestApiModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

const token = (roles: StaffRole[], sub = 'staff-42') => mintToken(SECRET, { sub, roles, ttlSeconds: 600 });

describe('AuthModule over HTTP (middleware before routes and GraphQL, guard after)', () => {
  let app: INestApplication;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pfw-auth-http-'));
    app = await startApp(authConfig(dataDir, { jwtSecret: SECRET_TEXT, issuer: 'https://idp.example', audience: 'pfw-api' }));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(resetCalls);

  const signed = (roles: StaffRole[], sub = 'staff-42') =>
    mintToken(SECRET, { sub, roles, ttlSeconds: 600, issuer: 'https://idp.example', audience: 'pfw-api' });
  const gql = async (query: string, bearer?: string) => {
    const req = request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
    if (bearer) req.set('authorization', `Bearer ${bearer}`);
    return req.send({ query });
  };

  describe('public routes need no token', () => {
    it.each([['/health'], ['/health/'], ['/health?probe=1'], ['/ca/crl'], ['/ca/certificate']])('GET %s → 200', async (path) => {
      const res = await request(app.getHttpServer()).get(path);
      expect(res.status).toBe(200);
      expect(calls.health + calls.crl + calls.certificate).toBe(1);
    });

    it('a bad token on a public route is ignored, not refused', async () => {
      const res = await request(app.getHttpServer()).get('/health').set('authorization', 'Bearer nonsense');
      expect(res.status).toBe(200);
    });

    it('only GET/HEAD of those exact paths are public', async () => {
      for (const [method, path] of [['post', '/'], ['post', '/health'], ['get', '/healthz'], ['get', '/health/x'], ['get', '/ca/crl.pem'], ['get', '/HEALTH']] as const) {
        const res = await request(app.getHttpServer())[method](path);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
      }
      expect(calls.health).toBe(0);
    });
  });

  describe('everything else: 401 JSON before any handler or resolver runs', () => {
    const expired = () =>
      new SignJWT({ roles: ['admin'] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('s')
        .setIssuer('https://idp.example')
        .setAudience('pfw-api')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(SECRET);
    const cases: [string, () => Promise<string | undefined>, string, string][] = [
      ['no Authorization header', async () => undefined, 'missing bearer token', 'Bearer'],
      ['a Basic header', async () => 'Basic dXNlcjpwYXNz', 'authorization scheme must be Bearer', 'Bearer error="invalid_request"'],
      ['a malformed token', async () => 'Bearer not-a-jwt', 'malformed token', 'Bearer error="invalid_token"'],
      [
        'a bad signature',
        async () => `Bearer ${await mintToken(new TextEncoder().encode('x'.repeat(40)), { sub: 's', roles: [Role.ADMIN], ttlSeconds: 60, issuer: 'https://idp.example', audience: 'pfw-api' })}`,
        'invalid signature',
        'Bearer error="invalid_token"',
      ],
      ['an expired token', async () => `Bearer ${await expired()}`, 'token expired', 'Bearer error="invalid_token"'],
      ['a wrong issuer', async () => `Bearer ${await mintToken(SECRET, { sub: 's', roles: [Role.ADMIN], ttlSeconds: 60, issuer: 'https://evil.example', audience: 'pfw-api' })}`, 'unexpected issuer', 'Bearer error="invalid_token"'],
      ['a wrong audience', async () => `Bearer ${await mintToken(SECRET, { sub: 's', roles: [Role.ADMIN], ttlSeconds: 60, issuer: 'https://idp.example', audience: 'other' })}`, 'unexpected audience', 'Bearer error="invalid_token"'],
    ];

    it.each(cases.map(([what, header, message, challenge]) => [what, message, header, challenge] as const))('POST /graphql with %s → 401 "%s"; the resolver never runs', async (_what, message, header, challenge) => {
      const value = await header();
      const req = request(app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
      if (value) req.set('authorization', value);
      const res = await req.send({ query: '{ contract(id: "c1") { id } }' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message });
      expect(res.headers['www-authenticate']).toBe(challenge);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(calls.graphql).toBe(0);
    });

    it.each([
      ['get', '/metrics'],
      ['get', '/documents/d1'],
      ['post', '/documents'],
      ['get', '/graphql'],
      ['get', '/no-such-route'],
    ] as const)('%s %s without a token → 401', async (method, path) => {
      const res = await request(app.getHttpServer())[method](path);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'missing bearer token' });
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(calls.metrics + calls.download + calls.upload).toBe(0);
    });

    it('an unknown route with a valid token is a plain 404 (so 401 never reveals which routes exist)', async () => {
      const res = await request(app.getHttpServer()).get('/no-such-route').set('authorization', `Bearer ${await signed([Role.ADMIN])}`);
      expect(res.status).toBe(404);
    });
  });

  describe('a valid token: req.principal for handlers and resolvers', () => {
    it('GET /metrics with any staff role sees the principal', async () => {
      const res = await request(app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${await signed([Role.AUDITOR], 'aud-1')}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ principal: { id: 'aud-1', roles: [Role.AUDITOR] } });
    });

    it('GET /documents/:id gives principal and actor', async () => {
      const res = await request(app.getHttpServer()).get('/documents/d1').set('authorization', `Bearer ${await signed([Role.BILLING, Role.OPERATOR])}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: 'd1',
        principal: { id: 'staff-42', roles: [Role.BILLING, Role.OPERATOR] },
        actor: { id: 'staff-42', role: Role.BILLING },
      });
    });

    it('POST /documents (@Roles screener, admin): 403 for billing, allowed for admin acting as ADMIN', async () => {
      const refused = await request(app.getHttpServer()).post('/documents').set('authorization', `Bearer ${await signed([Role.BILLING])}`);
      expect(refused.status).toBe(403);
      expect(calls.upload).toBe(0);
      const allowed = await request(app.getHttpServer()).post('/documents').set('authorization', `Bearer ${await signed([Role.AUDITOR, Role.ADMIN])}`);
      expect(allowed.status).toBe(201);
      expect(allowed.body).toEqual({ actor: { id: 'staff-42', role: Role.ADMIN } });
    });

    it('a GraphQL query runs with the principal in its context', async () => {
      const res = await gql('{ contract(id: "c1") { id roles actingRole } }', await signed([Role.OPERATOR, Role.SCREENER], 'op-9'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { contract: { id: 'c1:op-9', roles: [Role.OPERATOR, Role.SCREENER], actingRole: Role.SCREENER } } });
    });
  });

  describe('authorization of GraphQL operations (OperationRolesGuard)', () => {
    const forbiddenCode = (res: request.Response) => res.body.errors?.map((e: { extensions?: { code?: string } }) => e.extensions?.code);

    it('a role the table does not allow gets FORBIDDEN and the resolver does not run', async () => {
      const res = await gql('mutation { submitApplication { id } }', await signed([Role.BILLING, Role.AUDITOR]));
      expect(res.status).toBe(200);
      expect(forbiddenCode(res)).toEqual(['FORBIDDEN']);
      expect(res.body.data).toBeNull();
      expect(calls.graphql).toBe(0);
      expect(JSON.stringify(res.body)).not.toMatch(/stack|at .*\.ts/);
    });

    it('the allowed role runs it, acting in that role', async () => {
      const res = await gql('mutation { submitApplication { id actingRole } }', await signed([Role.ADMIN, Role.SCREENER], 'scr-1'));
      expect(res.body).toEqual({ data: { submitApplication: { id: 'scr-1', actingRole: Role.SCREENER } } });
    });

    it('auditors may read audit queries but not run admin mutations', async () => {
      const auditor = await signed([Role.AUDITOR]);
      expect((await gql('{ auditLog }', auditor)).body).toEqual({ data: { auditLog: ['entry'] } });
      expect(forbiddenCode(await gql('mutation { suspendService }', auditor))).toEqual(['FORBIDDEN']);
      expect((await gql('mutation { suspendService }', await signed([Role.ADMIN]))).body).toEqual({ data: { suspendService: true } });
      expect(forbiddenCode(await gql('{ auditLog }', await signed([Role.SCREENER])))).toEqual(['FORBIDDEN']);
    });

    it('an operation missing from OPERATION_ROLES without @Roles is refused for everyone (deny by default)', async () => {
      const res = await gql('mutation { unlistedMutation }', await signed([Role.SCREENER, Role.BILLING, Role.OPERATOR, Role.ADMIN, Role.AUDITOR]));
      expect(forbiddenCode(res)).toEqual(['FORBIDDEN']);
      expect(calls.graphql).toBe(0);
    });

    it('@Roles on an unlisted mutation is honoured, except that AUDITOR never writes', async () => {
      expect((await gql('mutation { extraOperatorMutation }', await signed([Role.OPERATOR]))).body).toEqual({ data: { extraOperatorMutation: true } });
      expect(forbiddenCode(await gql('mutation { extraOperatorMutation }', await signed([Role.AUDITOR])))).toEqual(['FORBIDDEN']);
    });
  });
});

describe('AuthModule in development without a configured key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pfw-auth-dev-'));
  });
  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    jest.restoreAllMocks();
  });

  it('logs one clearly labelled admin token at start, which the api accepts; the CLI-side key is the same file', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const app = await startApp(authConfig(dataDir, {}, 'development'));
    try {
      const lines = log.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('token'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^DEVELOPMENT ONLY admin token .*: Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      const devToken = /Bearer (\S+)$/.exec(lines[0]!)![1]!;

      const res = await request(app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${devToken}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ principal: { id: DEV_TOKEN_SUBJECT, roles: [Role.ADMIN] } });

      // A token signed with the persisted file's text (what `cli token` does) is accepted too.
      const { loadOrCreateDevSecret } = await import('@pfw/auth');
      const fileKey = new TextEncoder().encode(loadOrCreateDevSecret(dataDir).secret);
      const cliToken = await mintToken(fileKey, { sub: 'cli', roles: [Role.SCREENER], ttlSeconds: 60 });
      expect((await request(app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${cliToken}`)).status).toBe(200);
      // And one signed with anything else is not.
      expect((await request(app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${await token([Role.ADMIN])}`)).status).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('prints nothing when a secret is configured', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const app = await startApp(authConfig(dataDir, { jwtSecret: SECRET_TEXT }, 'development'));
    await app.close();
    expect(log.mock.calls.map((call) => String(call[0])).filter((line) => line.includes('token'))).toEqual([]);
  });
});

describe('AuthModule with an unreachable JWKS', () => {
  it('answers 503 (not 401) when the key set cannot be fetched', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/jwks`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const dataDir = mkdtempSync(join(tmpdir(), 'pfw-auth-jwks-'));
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const app = await startApp(authConfig(dataDir, { jwksUrl: url }, 'production'));
    try {
      const { privateKey } = await (await import('jose')).generateKeyPair('RS256');
      const rs = await new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'RS256', kid: 'k' }).setSubject('s').setExpirationTime('1h').sign(privateKey);
      const res = await request(app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${rs}`);
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'cannot verify token right now' });
      expect(warn).toHaveBeenCalled();
      // An HS256 token is refused as a token problem, without asking the key set.
      const hs = await token([Role.ADMIN]);
      expect((await request(app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${hs}`)).body.message).toBe('algorithm not allowed');
    } finally {
      await app.close();
      warn.mockRestore();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('AuthModule next to a global request logger (nestjs-pino, as ObservabilityModule uses)', () => {
  it('the logger middleware runs first, so a refused request is logged and answered with its request id', async () => {
    const { LoggerModule } = await import('nestjs-pino');
    const logged: { url: string; status: number }[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'pfw-auth-log-'));
    // AuthModule is listed first on purpose: the order must not depend on the imports list.
    const moduleRef = await Test.createTestingModule({
      imports: [
        AuthModule.forRoot(authConfig(dataDir, { jwtSecret: SECRET_TEXT })),
        LoggerModule.forRoot({
          pinoHttp: {
            level: 'info',
            genReqId: (_req, res) => {
              res.setHeader('x-request-id', 'req-1');
              return 'req-1';
            },
            customSuccessObject: (req, res, value) => {
              logged.push({ url: String(req.url), status: res.statusCode });
              return value;
            },
            stream: { write: () => undefined },
          },
        }),
        TestApiModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const res = await request(app.getHttpServer()).get('/metrics');
      expect(res.status).toBe(401);
      expect(res.headers['x-request-id']).toBe('req-1');
      expect(logged).toEqual([{ url: '/metrics', status: 401 }]);
    } finally {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
