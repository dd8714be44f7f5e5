import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import dayjs from 'dayjs';
import { GraphQLError } from 'graphql';
import { CombinedError, Provider, type Client } from 'urql';
import { ActionForm } from '../ActionForm';
import { saveSession, sessionOf, type Session } from '../auth';
import type { ContractViewFragment } from '../gql/graphql';
import '../i18n';
import { clientAnswering } from '../test-client';
import { actionsFor, CONTRACT_ACTIONS } from './actions';

const session = (...roles: string[]): Session => ({ token: 't', sub: 'staff-1', roles, exp: null });
const contract = (over: Partial<ContractViewFragment>): ContractViewFragment =>
  ({ id: 'c-1', status: 'ACCEPTED', certificates: [], invoice: null, revocation: null, sticker: { status: 'NOT_REQUESTED' }, acceptedAt: '2026-01-01T00:00:00Z', ...over }) as ContractViewFragment;
const requested = contract({
  status: 'REVOCATION_REQUESTED',
  certificates: [{ serialNumber: '0A', status: 'ISSUED' }] as ContractViewFragment['certificates'],
  revocation: { status: 'REQUESTED', reason: 'CUSTOMER_REQUEST', deadline: '2026-01-02T00:00:00Z' } as ContractViewFragment['revocation'],
});
const ids = (roles: string[], c: ContractViewFragment) => actionsFor(session(...roles), c).map((a) => a.id);
const action = (id: string) => CONTRACT_ACTIONS.find((a) => a.id === id)!;

function renderAction(client: Client, id: string, initial?: Record<string, unknown>) {
  const a = action(id);
  return render(
    <Provider value={client}>
      <ActionForm id={a.id} title={a.title} mutation={a.mutation} fields={a.fields} fixed={{ contractId: 'c-1' }} initial={initial} />
    </Provider>,
  );
}
const send = (title: string) => fireEvent.click(screen.getByRole('button', { name: title }));
const marked = (id: string) => document.querySelector(`#${id}`)!.closest('.ant-form-item')!.classList.contains('ant-form-item-has-error');
const refusal = (message: string, extensions: Record<string, unknown>) => ({ error: new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] }) });

describe('contract actions, gated by role and state as API.md "Mutations" says', () => {
  it('cancelContract: an operator or an admin, on a contract with no certificate delivered; not a screener, billing or an auditor', () => {
    expect(ids(['OPERATOR'], contract({ status: 'ACCEPTED' }))).toContain('cancelContract');
    expect(ids(['ADMIN'], contract({ status: 'CERTIFICATE_REQUESTED' }))).toContain('cancelContract');
    for (const role of ['SCREENER', 'BILLING', 'AUDITOR']) expect(ids([role], contract({ status: 'ACCEPTED' }))).not.toContain('cancelContract');
    // Issued but not delivered yet (a certificate sent by post): still cancelled, the certificate then revoked.
    const issued = (deliveredAt: string | null) => contract({ status: 'ISSUED', certificates: [{ serialNumber: '0A', status: 'ISSUED', deliveredAt }] as ContractViewFragment['certificates'] });
    expect(ids(['OPERATOR'], issued(null))).toContain('cancelContract');
    expect(ids(['OPERATOR'], issued('2026-01-02T00:00:00Z'))).not.toContain('cancelContract');
    expect(ids(['OPERATOR'], contract({ status: 'ACTIVE' }))).not.toContain('cancelContract');
  });

  it('recordRevocationOutcome: an operator, while a revocation request is open at the CA', () => {
    expect(ids(['OPERATOR'], requested)).toContain('recordRevocationOutcome');
    for (const role of ['ADMIN', 'BILLING', 'SCREENER', 'AUDITOR']) expect(ids([role], requested)).not.toContain('recordRevocationOutcome');
    expect(ids(['OPERATOR'], contract({ status: 'ACTIVE', certificates: requested.certificates }))).not.toContain('recordRevocationOutcome');
  });

  it('an auditor takes no action at all', () => {
    expect(ids(['AUDITOR'], contract({ status: 'SUBMITTED' }))).toEqual([]);
    expect(ids(['AUDITOR'], requested)).toEqual([]);
  });
});

describe('the dates a form starts with', () => {
  const japanToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const inDays = (days: number) => new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
  const invoiced = (issuedOn: string) =>
    contract({ status: 'ACTIVE', invoice: { id: 'i-1', amountJpy: 66_000, paidJpy: 0, issuedOn, dueOn: issuedOn, status: 'OPEN' } as ContractViewFragment['invoice'] });
  const initial = (roles: string[], c: ContractViewFragment, id: string) => actionsFor(session(...roles), c).find((a) => a.id === id)!.initial!;
  const day = (value: unknown) => (value as dayjs.Dayjs).format('YYYY-MM-DD');

  it('recordPayment (Art. 5): paid today; but given the simulated clock ran ahead of the browser, on the day the invoice was issued, which the service accepts', async () => {
    expect(day(initial(['BILLING'], invoiced(inDays(-3)), 'recordPayment').paidOn)).toBe(japanToday());
    const ahead = inDays(459);
    const paidOn = initial(['BILLING'], invoiced(ahead), 'recordPayment').paidOn;
    expect(day(paidOn)).toBe(ahead);

    const { client, calls } = clientAnswering(() => ({ data: { recordPayment: { position: '9' } } }));
    renderAction(client, 'recordPayment', { paidOn, amountJpy: 66_000, bankReference: 'MIZUHO-0001' });
    send('recordPayment');
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({ paidOn: ahead, amountJpy: 66_000 });
  });

  it('the sticker (Art. 4(5), Art. 12): shipped no earlier than the contract was accepted, received back no earlier than it was shipped', () => {
    const ahead = inDays(459);
    const toShip = contract({ status: 'ACTIVE', acceptedAt: `${ahead}T03:00:00.000Z`, sticker: { status: 'REQUESTED' } as ContractViewFragment['sticker'] });
    expect(day(initial(['OPERATOR'], toShip, 'recordStickerShipped').shippedOn)).toBe(ahead);
    const lent = contract({ status: 'ACTIVE', sticker: { status: 'LENT', shippedOn: ahead } as ContractViewFragment['sticker'] });
    expect(day(initial(['OPERATOR'], lent, 'recordStickerReturned').receivedOn)).toBe(ahead);
    const lentLongAgo = contract({ status: 'ACTIVE', sticker: { status: 'LENT', shippedOn: '2020-01-06' } as ContractViewFragment['sticker'] });
    expect(day(initial(['OPERATOR'], lentLongAgo, 'recordStickerReturned').receivedOn)).toBe(japanToday());
  });
});

describe('the cancelContract form', () => {
  it('given PROHIBITED_ACT without a note, then nothing is sent and the note is marked (the terms ask which act)', async () => {
    const { client, calls } = clientAnswering(() => ({ data: { cancelContract: { position: '9' } } }));
    renderAction(client, 'cancelContract', { reason: 'PROHIBITED_ACT' });
    send('cancelContract');
    await waitFor(() => expect(marked('cancelContract_note')).toBe(true));
    expect(calls).toHaveLength(0);
  });

  it('given a reason, then contractId, reason and a clientMutationId are sent; a rule of the terms refused shows what it means, its code and article', async () => {
    const { client, calls } = clientAnswering(() => refusal('a certificate was issued: revoke it instead of cancelling', { code: 'RULE_VIOLATION', article: 'Art. 7' }));
    renderAction(client, 'cancelContract', { reason: 'CUSTOMER_REQUEST' });
    send('cancelContract');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('利用規約によりこの操作はできません。 RULE_VIOLATION: a certificate was issued: revoke it instead of cancelling (Art. 7)');
    expect(calls).toEqual([{ contractId: 'c-1', reason: 'CUSTOMER_REQUEST', clientMutationId: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
  });
});

describe('the recordRevocationOutcome form', () => {
  it('given REVOKED without the instant, then nothing is sent and revokedAt is marked; REJECTED needs none', async () => {
    const { client, calls } = clientAnswering(() => ({ data: { recordRevocationOutcome: { position: '9' } } }));
    const { unmount } = renderAction(client, 'recordRevocationOutcome', { outcome: 'REVOKED' });
    send('recordRevocationOutcome');
    await waitFor(() => expect(marked('recordRevocationOutcome_revokedAt')).toBe(true));
    expect(calls).toHaveLength(0);
    unmount();

    renderAction(client, 'recordRevocationOutcome', { outcome: 'REJECTED', note: 'CA portal, ticket 42' });
    send('recordRevocationOutcome');
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({ contractId: 'c-1', outcome: 'REJECTED', note: 'CA portal, ticket 42', clientMutationId: expect.any(String) });
  });

  it('given REVOKED with its instant, then it is sent as an ISO instant, and the server’s refusal of it shows beside the field', async () => {
    const revokedAt = dayjs('2026-02-01T10:00:00Z');
    const { client, calls } = clientAnswering(() => refusal('is before the request went to the CA', { code: 'BAD_USER_INPUT', field: 'input.revokedAt' }));
    renderAction(client, 'recordRevocationOutcome', { outcome: 'REVOKED', revokedAt });
    send('recordRevocationOutcome');
    await screen.findByText('is before the request went to the CA');
    expect(screen.getByText('is before the request went to the CA').closest('.ant-form-item')!.querySelector('#recordRevocationOutcome_revokedAt')).not.toBeNull();
    expect(calls[0]).toMatchObject({ outcome: 'REVOKED', revokedAt: '2026-02-01T10:00:00.000Z' });
  });
});

describe('the attachDocuments form', () => {
  const token = ['{"alg":"HS256"}', '{"sub":"screener-1","roles":["screener"]}'].map((part) => btoa(part).replace(/=+$/, '')).join('.') + '.sig';
  beforeEach(() => saveSession(sessionOf(token)));
  afterEach(() => {
    vi.unstubAllGlobals();
    saveSession(null);
  });

  it('given a file and its kind, then the file is uploaded first and only its id is attached', async () => {
    const uploads: { kind: FormDataEntryValue | null; auth: string | null }[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      uploads.push({ kind: (init.body as FormData).get('kind'), auth: new Headers(init.headers).get('authorization') });
      return new Response(JSON.stringify({ id: 'doc-7', sha256: 'x', size: 4, kind: 'SEAL_CERTIFICATE', contentType: 'application/pdf' }), { status: 200 });
    });
    const { client, calls } = clientAnswering(() => ({ data: { attachDocuments: { position: '9' } } }));
    renderAction(client, 'attachDocuments', { documentKind: 'SEAL_CERTIFICATE' });
    const input = document.querySelector('form#attachDocuments input[type=file]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['%PDF'], 'seal.pdf', { type: 'application/pdf' })] } });
    await screen.findByText('seal.pdf');
    send('attachDocuments');
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(uploads).toEqual([{ kind: 'SEAL_CERTIFICATE', auth: `Bearer ${token}` }]);
    expect(calls[0]).toEqual({ contractId: 'c-1', documentIds: ['doc-7'], clientMutationId: expect.any(String) });
  });

  it('given the upload is refused (415), then its message shows beside the files and no mutation is sent', async () => {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ message: 'only PDF, PNG or JPEG files are accepted' }), { status: 415 }));
    const { client, calls } = clientAnswering(() => ({ data: { attachDocuments: { position: '9' } } }));
    renderAction(client, 'attachDocuments', { documentKind: 'OTHER' });
    fireEvent.change(document.querySelector('form#attachDocuments input[type=file]') as HTMLInputElement, { target: { files: [new File(['GIF8'], 'x.gif')] } });
    await screen.findByText('x.gif');
    send('attachDocuments');
    await screen.findByText('only PDF, PNG or JPEG files are accepted');
    expect(calls).toHaveLength(0);
  });
});
