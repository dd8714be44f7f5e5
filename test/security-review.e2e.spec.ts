import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '@pfw/auth';
import { CLOCK, type SimulatedClock } from '@pfw/clock';
import { DocumentStore, UnattachedUploadsRetention } from '@pfw/documents';
import { DEFAULT_QUERY_LIMITS, measureOperation } from '@pfw/graphql';
import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { ProjectionRegistry } from '@pfw/read-models';
import {
  dataOf,
  expectNoLeak,
  mutate,
  onlyError,
  startApi,
  submit,
  uploadRequired,
  type ApiHarness,
} from './support/api';

/**
 * The security review's findings, each as the attacker tried it, against the api as `npm start` wires it.
 */
describe('security review', () => {
  let api: ApiHarness;
  let kinds: string[];

  beforeAll(async () => {
    api = await startApi();
    kinds = dataOf(await api.gql(Role.SCREENER, '{ documentRequirements(organizationType: CORPORATION) }'), 'documentRequirements');
  }, 60_000);
  afterAll(() => api?.close());

  describe('finding 1: a document belongs to the one application it was first attached to (Art. 4)', () => {
    it('submitting B with A’s document ids is refused on documentIds and writes nothing', async () => {
      const a = await submit(api, kinds);
      const aDocs = (a.contract.documents as Array<{ id: string }>).map((d) => d.id);
      const before = await api.head();
      const b = await submit(api, kinds, { documentIds: aDocs }).catch((err: Error) => err);
      expect(b).toBeInstanceOf(Error);
      expect((b as Error).message).toContain('BAD_USER_INPUT');
      expect((b as Error).message).toContain('"field":"input.documentIds"');
      expect((b as Error).message).toContain('belongs to another application');
      expect(await api.head()).toBe(before);
    });

    it('attaching A’s document to B is refused; B’s own upload is accepted', async () => {
      const a = await submit(api, kinds);
      const b = await submit(api, kinds);
      const aDoc = (a.contract.documents as Array<{ id: string }>)[0]!.id;
      const before = await api.head();
      const refused = await mutate(api, Role.SCREENER, 'attachDocuments', { contractId: b.id, documentIds: [aDoc] }, 'contract { id }');
      const error = onlyError(refused);
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.documentIds' });
      expectNoLeak(refused.text);
      expect(await api.head()).toBe(before);
      const own = await api.upload('SEAL_CERTIFICATE');
      const accepted = await mutate(api, Role.SCREENER, 'attachDocuments', { contractId: b.id, documentIds: [own.id] }, 'contract { documents { id } }');
      expect(dataOf(accepted, 'attachDocuments').contract.documents.map((d: { id: string }) => d.id)).toContain(own.id);
    });

    it('a refused submission leaves its uploads free for the corrected one', async () => {
      const documentIds = await uploadRequired(api, kinds);
      const refused = await submit(api, kinds, { documentIds, planMonths: 7 }).catch((err: Error) => err);
      expect(refused).toBeInstanceOf(Error);
      const accepted = await submit(api, kinds, { documentIds });
      expect(accepted.contract.documents).toHaveLength(documentIds.length);
    });

    it('destroying B’s documents (the rejection saga’s call) never touches A’s', async () => {
      const a = await submit(api, kinds);
      const b = await submit(api, kinds);
      const aDocs = (a.contract.documents as Array<{ id: string }>).map((d) => d.id);
      const bDocs = (b.contract.documents as Array<{ id: string }>).map((d) => d.id);
      await api.app.get(DocumentStore).destroy([...bDocs, ...aDocs], { owner: b.id });
      for (const id of aDocs) expect((await api.http().get(`/documents/${id}`).set('Authorization', `Bearer ${api.token(Role.SCREENER)}`)).status).toBe(200);
      for (const id of bDocs) expect((await api.http().get(`/documents/${id}`).set('Authorization', `Bearer ${api.token(Role.SCREENER)}`)).status).toBe(404);
    });
  });

  describe('finding 6: uploads never attached are destroyed after DOCUMENT_ATTACH_HOURS, and each destruction is audited (Art. 4)', () => {
    let clocked: ApiHarness;
    let clock: SimulatedClock;
    beforeAll(async () => {
      clocked = await startApi({ env: { CLOCK: 'simulated', DOCUMENT_ATTACH_HOURS: '24' } });
      clock = clocked.app.get<SimulatedClock>(CLOCK);
    });
    afterAll(() => clocked?.close());

    const destructions = async () =>
      dataOf(
        await clocked.gql(Role.AUDITOR, '{ auditLog(filter: { eventTypes: ["UnattachedUploadDestroyed"] }, first: 100) { edges { node { streamId type actor { id role } data } } } }'),
        'auditLog',
      ).edges.map((e: { node: unknown }) => e.node);

    it('the destruction is an event of the log, once: the upload’s id, kind and digest, by the retention; the file is gone', async () => {
      const loose = await clocked.upload('COVER_LETTER');
      const kept = await clocked.upload('SEAL_CERTIFICATE');
      await clock.set(new Date(clock.now().getTime() + 25 * 3_600_000));
      const fresh = await clocked.upload('OTHER');
      const retention = clocked.app.get(UnattachedUploadsRetention);
      // `kept` was uploaded at the same instant as `loose`: both go; the one uploaded now stays.
      expect(await retention.run()).toBe(2);
      const recorded = await destructions();
      expect(recorded.map((e: { streamId: string }) => e.streamId).sort()).toEqual([`upload-${loose.id}`, `upload-${kept.id}`].sort());
      expect(recorded.find((e: { streamId: string }) => e.streamId === `upload-${loose.id}`)).toEqual({
        streamId: `upload-${loose.id}`,
        type: 'UnattachedUploadDestroyed',
        actor: { id: 'documents:retention', role: 'SYSTEM' },
        data: expect.objectContaining({ document: { id: loose.id, kind: 'COVER_LETTER', sha256: loose.sha256 }, attachWithinHours: 24 }),
      });
      const auth = { Authorization: `Bearer ${clocked.token(Role.AUDITOR)}` };
      expect((await clocked.http().get(`/documents/${loose.id}`).set(auth)).status).toBe(404);
      expect((await clocked.http().get(`/documents/${fresh.id}`).set(auth)).status).toBe(200);
      // Run again: nothing more is destroyed, and nothing is recorded twice.
      const head = await clocked.head();
      expect(await retention.run()).toBe(0);
      expect(await clocked.head()).toBe(head);
    });

    it('a destruction a stopped process left unrecorded is recorded by the next run', async () => {
      const loose = await clocked.upload('COVER_LETTER');
      await clock.set(new Date(clock.now().getTime() + 25 * 3_600_000));
      // The store destroyed it, and the process stopped before the record was written.
      const store = clocked.app.get(DocumentStore);
      expect((await store.destroyUnattached(new Date(clock.now().getTime() - 24 * 3_600_000))).map((d) => d.id)).toContain(loose.id);
      expect((await destructions()).map((e: { streamId: string }) => e.streamId)).not.toContain(`upload-${loose.id}`);
      await clocked.app.get(UnattachedUploadsRetention).run();
      expect((await destructions()).map((e: { streamId: string }) => e.streamId)).toContain(`upload-${loose.id}`);
    });
  });

  describe('finding 3: DATA_DIR is the service user’s alone', () => {
    it('after a start and a submission, every directory under DATA_DIR is 0700 and every file 0600', async () => {
      const walk = (dir: string): string[] => [dir, ...readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]))];
      const dataDir = join(api.dataDir, 'nested', 'data');
      const other = await startApi({ env: { DATA_DIR: dataDir } });
      try {
        await submit(other, kinds);
        const entries = walk(dataDir);
        expect(entries.length).toBeGreaterThan(5);
        const open = entries.filter((path) => (statSync(path).mode & 0o077) !== 0).map((path) => `${path.slice(dataDir.length)} ${(statSync(path).mode & 0o777).toString(8)}`);
        expect(open).toEqual([]);
        expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      } finally {
        await other.close();
      }
    });
  });

  describe('finding 5: the public /health shows states, never a failure’s message', () => {
    const failed = {
      name: 'contracts', version: 1, state: 'failed' as const, position: 7n, lag: 3n,
      failure: { message: 'PersonalDataUnavailableError: contract 0f0e… key missing (event 1234)', event: null, attempts: 2, retryInMs: 2000, at: '2026-01-01T00:00:00Z' },
    };

    it('without a token: up/down, position and lag only; an admin’s token adds the message; a screener’s does not', async () => {
      const spy = jest.spyOn(api.app.get(ProjectionRegistry), 'status').mockResolvedValue([failed]);
      try {
        const anonymous = await api.http().get('/health');
        expect(anonymous.status).toBe(503);
        expect(anonymous.text).not.toContain('PersonalDataUnavailableError');
        expect(anonymous.body.details.readModels).toEqual({ status: 'down', projections: { contracts: { state: 'failed', position: '7', lag: '3' } } });
        const screener = await api.http().get('/health').set('Authorization', `Bearer ${api.token(Role.SCREENER)}`);
        expect(screener.text).not.toContain('PersonalDataUnavailableError');
        const forged = await api.http().get('/health').set('Authorization', 'Bearer not-a-token');
        expect(forged.text).not.toContain('PersonalDataUnavailableError');
        const admin = await api.http().get('/health').set('Authorization', `Bearer ${api.token(Role.ADMIN)}`);
        expect(admin.body.details.readModels.projections.contracts.error).toContain('PersonalDataUnavailableError');
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('finding 2: query cost from each field’s real maximum, and a rate limit', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));
    const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
    const refusedAsTooComplex = async (query: string) => {
      const res = await api.gql(Role.AUDITOR, query);
      expect(res.status).toBe(400);
      expect(res.body.data ?? null).toBeNull();
      expect(res.body.errors?.map((e) => e.extensions?.code)).toEqual(['TOO_COMPLEX']);
      expectNoLeak(res.text);
      return res;
    };

    it('the 80 KB query of 3,000 aliases of screeningQueue is refused with TOO_COMPLEX', async () => {
      const query = aliases(3000, 'screeningQueue { id }');
      expect(query.length).toBeGreaterThan(60_000);
      await refusedAsTooComplex(query);
    });

    it('a few aliases too many, too many root fields, and auditLog scans over the budget: TOO_COMPLEX before anything runs', async () => {
      await refusedAsTooComplex(aliases(40, 'serviceStatus { suspended }'));
      await refusedAsTooComplex(`{ ${Array.from({ length: 25 }, () => 'serviceStatus { suspended }').join(' ')} }`);
      await refusedAsTooComplex(aliases(5, 'auditLog(first: 1) { totalCount }'));
    });

    it('/health keeps answering while a client sends a stream of the most expensive allowed queries', async () => {
      const page = (alias: string) => `${alias}: auditLog(first: 100) { edges { node { id type data } } }`;
      const expensive = `{ ${page('a')} ${page('b')} ${page('c')} screeningQueue { id status webServerFqdn applicant { organizationName } documents { id kind sha256 } } }`;
      // Among the most expensive the limits let through: within the cost limit, and one more page of the log is over it.
      const cost = (query: string) => {
        const document = parse(query);
        return measureOperation(schema, document, document.definitions[0] as OperationDefinitionNode, {}, DEFAULT_QUERY_LIMITS).cost;
      };
      expect(cost(expensive)).toBeLessThanOrEqual(DEFAULT_QUERY_LIMITS.maxCost);
      expect(cost(expensive)).toBeGreaterThan(0.8 * DEFAULT_QUERY_LIMITS.maxCost);
      expect(cost(expensive.replace('screeningQueue', `${page('d')} screeningQueue`))).toBeGreaterThan(DEFAULT_QUERY_LIMITS.maxCost);
      const allowed = await api.gql(Role.AUDITOR, expensive);
      expect(allowed.body.errors).toBeUndefined();
      let streaming = true;
      let sent = 0;
      const stream = async () => {
        while (streaming) {
          const res = await api.gql(Role.AUDITOR, expensive);
          expect(res.status).toBe(200);
          sent++;
        }
      };
      const clients = [stream(), stream(), stream()];
      const answers: number[] = [];
      try {
        for (let i = 0; i < 5; i++) answers.push((await api.http().get('/health')).status);
      } finally {
        streaming = false;
        await Promise.all(clients);
      }
      expect(answers).toEqual([200, 200, 200, 200, 200]);
      expect(sent).toBeGreaterThan(0);
    });

    it('over RATE_LIMIT_PER_MINUTE a principal gets HTTP 429 with Retry-After before GraphQL runs; others are not affected', async () => {
      const limited = await startApi({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
      try {
        for (let i = 0; i < 5; i++) expect((await limited.gql(Role.SCREENER, '{ serviceStatus { suspended } }')).status).toBe(200);
        const before = await limited.head();
        const refused = await limited.gql(Role.SCREENER, 'mutation { suspendService(input: { reason: "x" }) { serviceStatus { suspended } } }');
        expect(refused.status).toBe(429);
        expect(refused.body).toEqual({ statusCode: 429, error: 'Too Many Requests', message: 'too many requests: at most 5 a minute' });
        const retry = await limited.http().post('/graphql').set('Authorization', `Bearer ${limited.token(Role.SCREENER)}`).send({ query: '{ serviceStatus { suspended } }' });
        expect(Number(retry.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(await limited.head()).toBe(before);
        expect((await limited.gql(Role.AUDITOR, '{ serviceStatus { suspended } }')).status).toBe(200);
        // Unauthenticated requests count per client address, apart from the principals.
        for (let i = 0; i < 5; i++) expect((await limited.http().get('/health')).status).toBe(200);
        expect((await limited.http().get('/health')).status).toBe(429);
        expect((await limited.http().post('/graphql').send({ query: '{ serviceStatus { suspended } }' })).status).toBe(429);
      } finally {
        await limited.close();
      }
    });
  });
});
