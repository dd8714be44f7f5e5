import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import dayjs from 'dayjs';
import { Provider, CombinedError, type Client } from 'urql';
import { ActionForm } from './ActionForm';
import { graphql } from './gql';
import './i18n';
import { clientAnswering } from './test-client';

const RecordPayment = graphql(`mutation TestRecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { position } }`);

function renderForm(client: Client) {
  return render(
    <Provider value={client}>
      <ActionForm
        id="pay"
        title="recordPayment"
        mutation={RecordPayment}
        fixed={{ contractId: 'c-1' }}
        fields={[
          { name: 'amountJpy', label: 'amountJpy', kind: 'number', required: true },
          { name: 'bankReference', label: 'bankReference', kind: 'text', required: true },
        ]}
      />
    </Provider>,
  );
}

describe('ActionForm', () => {
  it('given the API refuses a field, then its message shows beside that field, labelled, and the retry sends the same clientMutationId', async () => {
    const { client, calls } = clientAnswering(() => ({
      error: new CombinedError({ graphQLErrors: [new GraphQLError('amountJpy: must equal the invoice total', { extensions: { code: 'BAD_USER_INPUT', field: 'input.amountJpy' } })] }),
    }));
    renderForm(client);
    fireEvent.change(screen.getByLabelText('amountJpy'), { target: { value: '100' } });
    fireEvent.change(screen.getByLabelText('bankReference'), { target: { value: 'REF-1' } });
    fireEvent.click(screen.getByRole('button', { name: 'recordPayment' }));
    await waitFor(() => expect(screen.getByText('amountJpy: must equal the invoice total')).toBeTruthy());
    const item = screen.getByText('amountJpy: must equal the invoice total').closest('.ant-form-item')!;
    expect(item.querySelector('#pay_amountJpy')).not.toBeNull();
    expect(calls[0]).toMatchObject({ contractId: 'c-1', amountJpy: 100, bankReference: 'REF-1', clientMutationId: expect.any(String) });

    fireEvent.click(screen.getByRole('button', { name: 'recordPayment' }));
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[1]!.clientMutationId).toBe(calls[0]!.clientMutationId);
  });

  it('given a required field left empty, then nothing is sent and both fields are marked', async () => {
    const { client, calls } = clientAnswering(() => ({ data: { recordPayment: { position: '1' } } }));
    renderForm(client);
    fireEvent.click(screen.getByRole('button', { name: 'recordPayment' }));
    // Both fields are marked in error (antd animates the message text in, which jsdom does not run).
    await waitFor(() => expect(document.querySelectorAll('.ant-form-item-has-error')).toHaveLength(2));
    expect(calls).toHaveLength(0);
  });
});

describe('ActionForm with a file of a fixed kind (the terms document of reviseTerms)', () => {
  const Revise = graphql(`mutation TestRevise($input: ReviseTermsInput!) { reviseTerms(input: $input) { serviceStatus { termsVersion } } }`);
  afterEach(() => vi.unstubAllGlobals());

  it('given one file, then it is uploaded as that kind and its one id is sent as documentId', async () => {
    const kinds: (FormDataEntryValue | null)[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      kinds.push((init.body as FormData).get('kind'));
      return new Response(JSON.stringify({ id: 'doc-terms' }), { status: 200 });
    });
    const { client, calls } = clientAnswering(() => ({ data: { reviseTerms: { serviceStatus: { termsVersion: '2' } } } }));
    render(
      <Provider value={client}>
        <ActionForm
          id="revise"
          title="reviseTerms"
          mutation={Revise}
          initial={{ version: '2', effectiveFrom: dayjs('2027-04-01'), summary: 'Art. 11 clarified' }}
          fields={[
            { name: 'version', label: 'version', kind: 'text', required: true },
            { name: 'effectiveFrom', label: 'effectiveFrom', kind: 'date', required: true },
            { name: 'summary', label: 'summary', kind: 'textarea', required: true },
            { name: 'documentId', label: 'documentId', kind: 'upload', documentKind: 'OTHER', single: true },
          ]}
        />
      </Provider>,
    );
    fireEvent.change(document.querySelector('form#revise input[type=file]') as HTMLInputElement, { target: { files: [new File(['%PDF'], 'terms-v2.pdf', { type: 'application/pdf' })] } });
    await screen.findByText('terms-v2.pdf');
    fireEvent.click(screen.getByRole('button', { name: 'reviseTerms' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(kinds).toEqual(['OTHER']);
    expect(calls[0]).toEqual({ version: '2', effectiveFrom: '2027-04-01', summary: 'Art. 11 clarified', documentId: 'doc-terms', clientMutationId: expect.any(String) });
  });
});
