import { Role } from '@pfw/auth';
import { DocumentStore } from '@pfw/documents';
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
});
