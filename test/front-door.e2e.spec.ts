import { loadConfig } from '@pfw/config';
import { AppModule } from '../apps/api/src/app.module';
import { GRAPHIQL_ASSETS, GraphiqlController } from '../apps/api/src/graphiql.controller';
import { startApi, type ApiHarness } from './support/api';

describe('GET / — the front door (public)', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('answers JSON naming where to go, without a token', async () => {
    const res = await api.http().get('/').set('accept', 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ console: '/admin', graphql: '/graphql', health: '/health', ca: { certificate: '/ca/certificate', crl: '/ca/crl' } });
    expect(res.body.signIn).toContain('Authorization: Bearer');
  });

  it('answers a small page with links to a browser', async () => {
    const res = await api.http().get('/').set('accept', 'text/html,application/xhtml+xml');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    for (const href of ['/admin', '/health', '/ca/certificate', '/ca/crl']) expect(res.text).toContain(`href="${href}"`);
  });

  it('stays the only public path besides /health and /ca/*: other methods and paths still need a token', async () => {
    expect((await api.http().post('/').send({})).status).toBe(401);
    expect((await api.http().get('/index.html')).status).toBe(401);
  });
});

describe('the development GraphQL IDE at /graphiql', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('serves GraphiQL and its files from the installed packages, without a token, with the Authorization header ready', async () => {
    const res = await api.http().get('/graphiql');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('GraphiQL.createFetcher');
    // This service verifies with AUTH_JWT_SECRET, so there is no development token to give away: a placeholder.
    expect(res.text).toContain('Bearer \\u003cpaste a token>');
    expect(res.text).not.toMatch(/https?:\/\/(?!localhost)[a-z]/i);
    for (const asset of GRAPHIQL_ASSETS) {
      const file = await api.http().get(`/graphiql/${asset}`);
      expect({ asset, status: file.status }).toEqual({ asset, status: 200 });
      expect(file.headers['content-type']).toMatch(asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
    }
    expect((await api.http().get('/graphiql/package.json')).status).toBe(401);
  });

  it('is not part of a production service', () => {
    const development = loadConfig({ NODE_ENV: 'development', AUTH_JWT_SECRET: 'x'.repeat(40), DATA_DIR: api.dataDir });
    expect(AppModule.forRoot(development).controllers).toContain(GraphiqlController);
    expect(AppModule.forRoot({ ...development, nodeEnv: 'production' }).controllers).not.toContain(GraphiqlController);
  });
});
