import { Role, type StaffRole } from '@pfw/auth';
import { CONTRACTS_PROJECTION_NAME, ProjectionRegistry } from '@pfw/read-models';
import {
  CONTRACT_FIELDS, dataOf, issueCertificate, japanDate, mutate, PASSING_CHECKLIST, startApi, submit, until, uploadRequired, type ApiHarness,
} from './support/api';

/**
 * API.md "Mutations": a contract mutation answers the contract as the read model shows it after this write. The
 * answer is folded from the command's own result (the one fold of a contract) without waiting for the
 * projection; reads sent after it wait until the read model shows it (read-your-writes).
 */
describe('contract mutations answer from the command’s fold, and reads after them see the write', () => {
  let api: ApiHarness;
  let kinds: string[];

  beforeAll(async () => {
    api = await startApi();
    kinds = dataOf(await api.gql(Role.SCREENER, '{ documentRequirements(organizationType: CORPORATION) }'), 'documentRequirements');
  });
  afterAll(() => api?.close());

  const read = async (id: string) => dataOf(await api.gql(Role.AUDITOR, `query($id: ID!) { contract(id: $id) { ${CONTRACT_FIELDS} } }`, { id }), 'contract');

  it('answers each mutation of a contract’s life with exactly the contract the read model then shows', async () => {
    const s = await submit(api, kinds, { stickerRequested: true });
    expect(await read(s.id)).toEqual(s.contract);
    const steps: Array<[StaffRole, string, Record<string, unknown>]> = [
      [Role.SCREENER, 'requestAdditionalDocuments', { contractId: s.id, kinds: ['REPRESENTATIVE_IDENTIFICATION'], note: 'the representative’s ID' }],
      [Role.SCREENER, 'attachDocuments', { contractId: s.id, documentIds: await uploadRequired(api, ['REPRESENTATIVE_IDENTIFICATION']) }],
      [Role.SCREENER, 'passScreening', { contractId: s.id, checklist: PASSING_CHECKLIST }],
      [Role.OPERATOR, 'recordStickerShipped', { contractId: s.id, stickerSerial: 'STK-FOLD-1', shippedOn: japanDate() }],
    ];
    for (const [role, name, input] of steps) {
      const answer = dataOf(await mutate(api, role, name, input), name);
      expect(answer.contract.position).toBe(answer.position);
      expect(await read(s.id)).toEqual(answer.contract);
    }
    await issueCertificate(api, s.id, s.fqdn);
    for (const amountJpy of [6_000, 60_000]) {
      const answer = dataOf(await mutate(api, Role.BILLING, 'recordPayment', { contractId: s.id, amountJpy, paidOn: japanDate(), bankReference: `B-${amountJpy}` }), 'recordPayment');
      expect(await read(s.id)).toEqual(answer.contract);
    }
    expect((await read(s.id)).invoice.status).toBe('SETTLED');
  });

  it('answers while the projection has not applied the write; a read sent after the answer waits for it', async () => {
    const s = await submit(api, kinds);
    const contracts = api.app.get(ProjectionRegistry).get(CONTRACTS_PROJECTION_NAME);
    const waits = jest.spyOn(contracts, 'waitForPosition');
    await contracts.stop();
    let started = false;
    try {
      // Given the contracts projection stopped, when a mutation runs, then it answers without waiting for it
      const answer = dataOf(await mutate(api, Role.SCREENER, 'passScreening', { contractId: s.id, checklist: PASSING_CHECKLIST }), 'passScreening');
      expect(answer.contract).toMatchObject({ status: 'ACCEPTED', version: 1 });
      expect(waits).not.toHaveBeenCalled();
      // and a read sent after the answer waits until the read model shows that write
      let answered = false;
      const after = read(s.id).finally(() => (answered = true));
      await until('the read waits for the projection', async () => contracts.pendingWaits, (n) => n === 1);
      expect(waits).toHaveBeenCalledWith(BigInt(answer.position), expect.any(Number), undefined);
      expect(answered).toBe(false);
      started = true;
      contracts.start();
      expect(await after).toEqual(answer.contract);
    } finally {
      waits.mockRestore();
      if (!started) contracts.start();
    }
  });
});
