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
