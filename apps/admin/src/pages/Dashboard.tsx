import { Badge, Card, Col, List, Row, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery, useSubscription, type AnyVariables } from 'urql';
import { graphql } from '../gql';
import type { WorkList } from '../gql/graphql';
import { hasRole, type Session } from '../auth';

const ScreeningQueue = graphql(`query ScreeningQueue { screeningQueue { id webServerFqdn status applicant { organizationName } } }`);
const OverdueInvoices = graphql(`query OverdueInvoices { overdueInvoices { id webServerFqdn status applicant { organizationName } } }`);
const StickersToShip = graphql(`query StickersToShip { stickersToShip { id webServerFqdn status applicant { organizationName } } }`);
const OutstandingStickers = graphql(`query OutstandingStickers { outstandingStickers { id webServerFqdn status applicant { organizationName } } }`);
const ReissuesDue = graphql(`query ReissuesDue { reissuesDue { id webServerFqdn status applicant { organizationName } } }`);
const DeliveriesPending = graphql(`query DeliveriesPending { deliveriesPending { id webServerFqdn status applicant { organizationName } } }`);
const ExpiringCertificates = graphql(`
  query ExpiringCertificates($withinDays: Int!) { expiringCertificates(withinDays: $withinDays) { id webServerFqdn status currentCertificate { notAfter } } }
`);
const PendingRevocations = graphql(`
  query PendingRevocations {
    pendingRevocationDeadlines { deadline remainingMinutes urgent overdue contract { id webServerFqdn status applicant { organizationName } } }
  }
`);
const StuckProcesses = graphql(`query StuckProcesses { stuckProcesses { id contractId kind attempts lastError } }`);
const WorkListChanged = graphql(`subscription WorkListChanged($list: WorkList!) { workListChanged(list: $list) { list contractId entered position } }`);

interface Row {
  readonly id: string;
  readonly contractId: string | null;
  readonly title: string;
  readonly detail?: string;
  readonly urgent?: boolean;
}

function duration(minutes: number): string {
  const m = Math.abs(minutes);
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  return `${d > 0 ? `${d}d ` : ''}${h}h ${m % 60}m`;
}

/**
 * One work list: read once, read again whenever workListChanged says a contract entered or left it. A list
 * WorkList does not name (certificates expiring) is read again every few seconds instead.
 */
function WorkListCard(props: { readonly list: WorkList | 'EXPIRING_CERTIFICATES'; readonly rows: Row[] | undefined; readonly refetch: () => void; readonly poll?: boolean }) {
  const { t } = useTranslation();
  const followed = props.list !== 'EXPIRING_CERTIFICATES';
  const [{ data }] = useSubscription({ query: WorkListChanged, variables: { list: props.list as WorkList }, pause: !followed });
  const change = data?.workListChanged;
  const { refetch } = props;
  useEffect(() => {
    if (change) refetch();
  }, [change, refetch]);
  useEffect(() => {
    if (!props.poll) return;
    const timer = setInterval(refetch, 5000);
    return () => clearInterval(timer);
  }, [props.poll, refetch]);
  return (
    <Card
      title={
        <span>
          {t(`lists.${props.list}`)} <Badge count={props.rows?.length ?? 0} showZero color={props.rows?.length ? '#cf1322' : '#8c8c8c'} />
        </span>
      }
      size="small"
      extra={followed ? <Tag color="green">{t('lists.live')}</Tag> : undefined}
      data-testid={`list-${props.list}`}
    >
      <List
        size="small"
        dataSource={props.rows ?? []}
        locale={{ emptyText: t('lists.empty') }}
        renderItem={(row) => (
          <List.Item>
            <List.Item.Meta
              title={row.contractId ? <Link to={`/contracts/${row.contractId}`}>{row.title}</Link> : row.title}
              description={row.detail ? <Typography.Text type={row.urgent ? 'danger' : undefined}>{row.detail}</Typography.Text> : undefined}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

type Simple = { id: string; webServerFqdn: string; applicant: { organizationName?: string | null } | null };
const rowsOf = (items: readonly Simple[] | undefined): Row[] | undefined =>
  items?.map((c) => ({ id: c.id, contractId: c.id, title: c.webServerFqdn, detail: c.applicant?.organizationName ?? undefined }));

/** How far ahead the dashboard looks for certificates that expire. */
const EXPIRING_WITHIN_DAYS = 30;

function useList<Q, V extends AnyVariables = AnyVariables>(query: Parameters<typeof useQuery<Q, V>>[0]['query'], pause = false, variables?: V) {
  const [result, reexecute] = useQuery<Q, V>({ query, pause, variables } as Parameters<typeof useQuery<Q, V>>[0]);
  const [refetch] = useState(() => () => reexecute({ requestPolicy: 'network-only' }));
  return [result.data, refetch] as const;
}

/** The work lists staff act on, each updating live. */
export function Dashboard({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  const staffOnly = !hasRole(session, 'ADMIN', 'AUDITOR');
  const [screening, r1] = useList(ScreeningQueue);
  const [overdue, r2] = useList(OverdueInvoices);
  const [ship, r3] = useList(StickersToShip);
  const [outstanding, r4] = useList(OutstandingStickers);
  const [revocations, r5] = useList(PendingRevocations);
  const [reissues, r6] = useList(ReissuesDue);
  const [stuck, r7] = useList(StuckProcesses, staffOnly);
  const [deliveries, r8] = useList(DeliveriesPending);
  const [expiring, r9] = useList(ExpiringCertificates, false, { withinDays: EXPIRING_WITHIN_DAYS });
  const cards: { list: WorkList | 'EXPIRING_CERTIFICATES'; rows: Row[] | undefined; refetch: () => void; poll?: boolean }[] = [
    { list: 'SCREENING_QUEUE', rows: rowsOf(screening?.screeningQueue), refetch: r1 },
    { list: 'OVERDUE_INVOICES', rows: rowsOf(overdue?.overdueInvoices), refetch: r2 },
    { list: 'STICKERS_TO_SHIP', rows: rowsOf(ship?.stickersToShip), refetch: r3 },
    { list: 'OUTSTANDING_STICKERS', rows: rowsOf(outstanding?.outstandingStickers), refetch: r4 },
    {
      list: 'PENDING_REVOCATIONS',
      rows: revocations?.pendingRevocationDeadlines.map((p) => ({
        id: p.contract.id,
        contractId: p.contract.id,
        title: p.contract.webServerFqdn,
        detail: p.overdue ? t('lists.overdue', { time: duration(p.remainingMinutes) }) : t('lists.remaining', { time: duration(p.remainingMinutes) }),
        urgent: p.urgent,
      })),
      refetch: r5,
      // The countdown follows the service's clock (simulated or not), so it is read again, not ticked here.
      poll: true,
    },
    { list: 'REISSUES_DUE', rows: rowsOf(reissues?.reissuesDue), refetch: r6 },
    { list: 'DELIVERIES_PENDING', rows: rowsOf(deliveries?.deliveriesPending), refetch: r8 },
    {
      list: 'EXPIRING_CERTIFICATES',
      rows: expiring?.expiringCertificates.map((c) => ({
        id: c.id,
        contractId: c.id,
        title: c.webServerFqdn,
        detail: c.currentCertificate ? t('lists.expiresOn', { date: new Date(c.currentCertificate.notAfter).toLocaleDateString() }) : undefined,
      })),
      refetch: r9,
      poll: true,
    },
    ...(staffOnly
      ? []
      : [
          {
            list: 'STUCK_PROCESSES' as WorkList,
            rows: stuck?.stuckProcesses.map((p) => ({ id: p.id, contractId: p.contractId ?? null, title: p.kind, detail: `${p.attempts}× ${p.lastError ?? ''}`, urgent: true })),
            refetch: r7,
          },
        ]),
  ];
  return (
    <>
      <Typography.Title level={2}>{t('nav.dashboard')}</Typography.Title>
      <Row gutter={[16, 16]}>
        {cards.map((c) => (
          <Col key={c.list} xs={24} md={12} xl={8}>
            <WorkListCard {...c} />
          </Col>
        ))}
      </Row>
    </>
  );
}
