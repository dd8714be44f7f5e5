import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { Provider, type Client } from 'urql';
import { fromValue, never } from 'wonka';
import type { Session } from '../auth';
import '../i18n';
import { Dashboard } from './Dashboard';

type Op = { query: { definitions: { name?: { value: string } }[] }; variables: Record<string, unknown>; key: number; kind: string };
const nameOf = (op: Op) => op.query.definitions.map((d) => d.name?.value).find(Boolean)!;

/** A client answering each work-list query from `lists`, and recording every subscription asked for. */
function dashboardClient(lists: Record<string, unknown>) {
  const subscribed: Record<string, unknown>[] = [];
  const queried: Record<string, Record<string, unknown>> = {};
  const client = {
    executeQuery: (op: Op) => {
      queried[nameOf(op)] = op.variables;
      return fromValue({ operation: op, data: lists[nameOf(op)] ?? null, stale: false, hasNext: false });
    },
    executeSubscription: (op: Op) => {
      subscribed.push(op.variables);
      return never;
    },
  } as unknown as Client;
  return { client, subscribed, queried };
}

const empty = { ScreeningQueue: { screeningQueue: [] }, OverdueInvoices: { overdueInvoices: [] }, StickersToShip: { stickersToShip: [] }, OutstandingStickers: { outstandingStickers: [] }, PendingRevocations: { pendingRevocationDeadlines: [] }, ReissuesDue: { reissuesDue: [] } };

describe('the dashboard', () => {
  it('given a certificate sent by post and not confirmed delivered, then DELIVERIES_PENDING lists it and follows workListChanged; expiring certificates are listed with their date', () => {
    const { client, subscribed, queried } = dashboardClient({
      ...empty,
      DeliveriesPending: { deliveriesPending: [{ id: 'c-9', webServerFqdn: 'post.example.jp', status: 'ISSUED', applicant: { organizationName: '郵送株式会社' } }] },
      ExpiringCertificates: { expiringCertificates: [{ id: 'c-8', webServerFqdn: 'soon.example.jp', status: 'ACTIVE', currentCertificate: { notAfter: '2026-04-01T00:00:00Z' } }] },
    });
    const session: Session = { token: 't', sub: 'op-1', roles: ['OPERATOR'], exp: null };
    render(
      <Provider value={client}>
        <MemoryRouter>
          <Dashboard session={session} />
        </MemoryRouter>
      </Provider>,
    );
    const deliveries = screen.getByTestId('list-DELIVERIES_PENDING');
    expect(within(deliveries).getByText('郵送の到着未確認')).toBeTruthy();
    expect(within(deliveries).getByRole('link', { name: 'post.example.jp' }).getAttribute('href')).toBe('/contracts/c-9');
    expect(subscribed).toContainEqual({ list: 'DELIVERIES_PENDING' });
    const expiring = screen.getByTestId('list-EXPIRING_CERTIFICATES');
    expect(within(expiring).getByRole('link', { name: 'soon.example.jp' })).toBeTruthy();
    expect(within(expiring).getByText(/\d.* に期限切れ$/)).toBeTruthy();
    expect(queried.ExpiringCertificates).toEqual({ withinDays: 30 });
    // Not a WorkList: no subscription is asked for it, and a non-admin sees no stuck processes.
    expect(subscribed.map((v) => v.list)).not.toContain('EXPIRING_CERTIFICATES');
    expect(screen.queryByTestId('list-STUCK_PROCESSES')).toBeNull();
  });
});
