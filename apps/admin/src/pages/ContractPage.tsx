import { Alert, Button, Card, Col, Collapse, Descriptions, Empty, Row, Slider, Table, Tag, Timeline, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { useQuery, useSubscription } from 'urql';
import { ActionForm } from '../ActionForm';
import { hasRole, type Session } from '../auth';
import { graphql } from '../gql';
import type { ContractViewFragment } from '../gql/graphql';
import { downloadWithToken, saveBlob } from '../http';
import { actionsFor } from './actions';

graphql(`
  fragment ContractView on Contract {
    id status webServerFqdn planMonths coverageStartsOn coverageEndsOn stickerRequested certificateDeliveryMethod position submittedAt acceptedAt
    personalDataShredded termsVersion
    applicant { organizationName organizationType corporateNumber representativeName address { postalCode prefecture city street } contact { name email phone } }
    invoice { id amountJpy subtotalJpy taxJpy paidJpy issuedOn dueOn status }
    certificates { serialNumber notBefore notAfter fingerprintSha256 status pem deliveredAt }
    sticker { status serial shippedOn returnDueOn returnedOn }
    revocation { reason crlReason status requestedAt revokedAt deadline }
    notifications { kind channel sentAt }
    documents { id kind sha256 }
    outstandingDocumentKinds
  }
`);
const ContractQuery = graphql(`query Contract($id: ID!) { contract(id: $id) { ...ContractView } }`);
const ContractLive = graphql(`subscription ContractLive($id: ID!) { contractUpdated(id: $id) { ...ContractView } }`);
const Trail = graphql(`query Trail($id: ID!) { auditTrail(contractId: $id) { id type occurredAt position actor { id role } } }`);
const Compensations = graphql(`query Compensations($id: ID!) { compensationAssessments(contractId: $id) { amountJpy contractFeeJpy feeReceivedJpy remainingWholeMonths totalMonths } }`);
const AsOf = graphql(`query AsOf($id: ID!, $at: DateTime!) { contractAsOf(id: $id, at: $at) { ...ContractView } }`);

function download(name: string, pem: string): void {
  saveBlob(name, new Blob([pem], { type: 'application/x-pem-file' }));
}

function ContractDetails({ c }: { readonly c: ContractViewFragment }) {
  const { t } = useTranslation();
  const a = c.applicant;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('contract.applicant')} size="small">
          <Descriptions column={1} size="small">
            <Descriptions.Item label="organizationName">{a.organizationName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="organizationType">{a.organizationType}</Descriptions.Item>
            <Descriptions.Item label={t('contract.representative')}>{a.representativeName ?? '—'}</Descriptions.Item>
            <Descriptions.Item label="address">{a.address ? `〒${a.address.postalCode} ${a.address.prefecture}${a.address.city}${a.address.street}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('contract.contact')}>{a.contact ? `${a.contact.name ?? ''} ${a.contact.email ?? ''} ${a.contact.phone ?? ''}` : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('contract.plan')}>{t('contract.months', { n: c.planMonths })}</Descriptions.Item>
            <Descriptions.Item label={t('contract.coverage')}>{c.coverageStartsOn ? `${c.coverageStartsOn} – ${c.coverageEndsOn}` : '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('contract.invoice')} size="small" style={{ marginBottom: 16 }}>
          {c.invoice ? (
            <Descriptions column={2} size="small">
              <Descriptions.Item label="status">
                <Tag color={c.invoice.status === 'OVERDUE' ? 'red' : c.invoice.status === 'SETTLED' ? 'green' : 'blue'}>{c.invoice.status}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label="amountJpy">¥{c.invoice.amountJpy.toLocaleString()}</Descriptions.Item>
              <Descriptions.Item label="paidJpy">¥{c.invoice.paidJpy.toLocaleString()}</Descriptions.Item>
              <Descriptions.Item label="dueOn">{c.invoice.dueOn}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{t('contract.none')}</Typography.Text>
          )}
        </Card>
        <Card title={t('contract.sticker')} size="small" style={{ marginBottom: 16 }}>
          <Tag>{c.sticker.status}</Tag> {c.sticker.serial ?? ''} {c.sticker.shippedOn ?? ''}
        </Card>
        <Card title={t('contract.revocation')} size="small">
          {c.revocation ? (
            <Descriptions column={2} size="small">
              <Descriptions.Item label="status">{c.revocation.status}</Descriptions.Item>
              <Descriptions.Item label="reason">{c.revocation.reason}</Descriptions.Item>
              <Descriptions.Item label="deadline">{new Date(c.revocation.deadline).toLocaleString()}</Descriptions.Item>
              <Descriptions.Item label="revokedAt">{c.revocation.revokedAt ? new Date(c.revocation.revokedAt).toLocaleString() : '—'}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{t('contract.none')}</Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('contract.certificates')} size="small">
          <Table
            size="small"
            pagination={false}
            rowKey="serialNumber"
            dataSource={c.certificates}
            locale={{ emptyText: t('contract.none') }}
            columns={[
              { title: 'serialNumber', dataIndex: 'serialNumber' },
              { title: 'status', dataIndex: 'status' },
              { title: 'notAfter', render: (_: unknown, x) => new Date(x.notAfter).toLocaleDateString() },
              { title: 'SHA-256', render: (_: unknown, x) => <code>{x.fingerprintSha256.slice(0, 16)}…</code> },
              { title: '', render: (_: unknown, x) => <Button onClick={() => download(`${x.serialNumber}.pem`, x.pem)}>{t('contract.download')}</Button> },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Card title={t('contract.notifications')} size="small">
          <Table
            size="small"
            pagination={false}
            rowKey={(n) => `${n.kind}-${n.sentAt}`}
            dataSource={c.notifications}
            locale={{ emptyText: t('contract.none') }}
            columns={[
              { title: 'kind', dataIndex: 'kind' },
              { title: 'channel', dataIndex: 'channel' },
              { title: 'sentAt', render: (_: unknown, n) => (n.sentAt ? new Date(n.sentAt).toLocaleString() : '—') },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Documents c={c} />
      </Col>
    </Row>
  );
}

/** The application's documents (GET /documents/:id with the token; gone once destroyed, Art. 4) and the kinds still missing. */
function Documents({ c }: { readonly c: ContractViewFragment }) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string | null>(null);
  return (
    <Card title={t('contract.documents')} size="small">
      {c.outstandingDocumentKinds.length > 0 && (
        <Typography.Paragraph type="warning">{t('contract.outstandingKinds', { kinds: c.outstandingDocumentKinds.join(', ') })}</Typography.Paragraph>
      )}
      {failed && <Alert type="error" showIcon message={failed} role="alert" style={{ marginBottom: 8 }} />}
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={c.documents}
        locale={{ emptyText: t('contract.none') }}
        columns={[
          { title: 'kind', dataIndex: 'kind' },
          { title: 'SHA-256', render: (_: unknown, d) => <code>{d.sha256.slice(0, 16)}…</code> },
          {
            title: '',
            render: (_: unknown, d) => (
              <Button onClick={() => void downloadWithToken(`/documents/${d.id}`, d.id).then(() => setFailed(null), (e: Error) => setFailed(e.message))}>{t('contract.open')}</Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** Every compensation assessed on the contract (Art. 15), oldest first: for admins and auditors. */
function CompensationAssessments({ id }: { readonly id: string }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: Compensations, variables: { id } });
  const rows = data?.compensationAssessments ?? [];
  if (rows.length === 0) return null;
  return (
    <Card title={t('contract.compensations')} size="small" style={{ marginTop: 16 }} data-testid="compensations">
      <Table
        size="small"
        pagination={false}
        rowKey={(_, i) => String(i)}
        dataSource={rows}
        columns={[
          { title: 'amountJpy', render: (_: unknown, r) => `¥${r.amountJpy.toLocaleString()}` },
          { title: 'contractFeeJpy', render: (_: unknown, r) => `¥${r.contractFeeJpy.toLocaleString()}` },
          { title: 'feeReceivedJpy', render: (_: unknown, r) => `¥${r.feeReceivedJpy.toLocaleString()}` },
          { title: 'remainingWholeMonths', render: (_: unknown, r) => `${r.remainingWholeMonths} / ${r.totalMonths}` },
        ]}
      />
    </Card>
  );
}

/** The timeline from auditTrail, and a slider that shows contractAsOf any instant of it. */
function History({ id, position }: { readonly id: string; readonly position: string }) {
  const { t } = useTranslation();
  const [{ data }, reread] = useQuery({ query: Trail, variables: { id } });
  // The contract moved on (a live update): its trail is read again, so the timeline follows as the page does.
  const shown = useRef(position);
  useEffect(() => {
    if (shown.current === position) return;
    shown.current = position;
    reread({ requestPolicy: 'network-only' });
  }, [position, reread]);
  const events = data?.auditTrail ?? [];
  const [index, setIndex] = useState<number | null>(null);
  const at = index !== null && events[index] ? events[index]!.occurredAt : null;
  const [{ data: asOf }] = useQuery({ query: AsOf, variables: { id, at: at ?? new Date(0).toISOString() }, pause: at === null });
  if (events.length === 0) return null;
  return (
    <Card title={t('contract.timeline')} style={{ marginTop: 16 }}>
      <Timeline
        items={events.map((e, i) => ({
          color: index !== null && i <= index ? 'blue' : 'gray',
          children: (
            <span>
              <b>{e.type}</b> — {new Date(e.occurredAt).toLocaleString()} ({e.actor.role} {e.actor.id})
            </span>
          ),
        }))}
      />
      <Typography.Text id="asof-label">{t('contract.asOf')}</Typography.Text>
      <Slider min={0} max={events.length - 1} value={index ?? events.length - 1} onChange={(v) => setIndex(v)} tooltip={{ formatter: (v) => (v !== undefined && events[v] ? new Date(events[v]!.occurredAt).toLocaleString() : '') }} aria-labelledby="asof-label" />
      {at && asOf?.contractAsOf && (
        <div data-testid="as-of">
          <Typography.Paragraph>
            {new Date(at).toLocaleString()}: <Tag>{asOf.contractAsOf.status}</Tag>
          </Typography.Paragraph>
          <ContractDetails c={asOf.contractAsOf} />
        </div>
      )}
    </Card>
  );
}

/** One contract: its facts, updated live, the actions the signed-in roles may take, and (for auditors and admins) its history. */
export function ContractPage({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [{ data, fetching }] = useQuery({ query: ContractQuery, variables: { id } });
  const [{ data: live }] = useSubscription({ query: ContractLive, variables: { id } });
  const contract = live?.contractUpdated && live.contractUpdated.id === id && BigInt(live.contractUpdated.position) >= BigInt(data?.contract?.position ?? '0') ? live.contractUpdated : data?.contract;
  const actions = useMemo(() => (contract ? actionsFor(session, contract) : []), [session, contract]);
  if (!contract) return fetching ? null : <Empty description={t('contract.notFound')} />;
  return (
    <>
      <Typography.Title level={2}>
        {contract.webServerFqdn} <Tag color="blue" data-testid="contract-status">{contract.status}</Tag>
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {contract.id} · position {contract.position}
      </Typography.Paragraph>
      <ContractDetails c={contract} />
      {actions.length > 0 && (
        <Card title={t('contract.actions')} style={{ marginTop: 16 }}>
          <Collapse
            items={actions.map((a) => ({
              key: a.id,
              label: a.title,
              children: <ActionForm id={a.id} title={a.title} mutation={a.mutation} fields={a.fields} fixed={{ contractId: contract.id }} initial={a.initial} description={a.description ? t(a.description) : undefined} />,
            }))}
          />
        </Card>
      )}
      {hasRole(session, 'AUDITOR', 'ADMIN') && <CompensationAssessments id={contract.id} />}
      {hasRole(session, 'AUDITOR', 'ADMIN') && <History id={contract.id} position={contract.position} />}
    </>
  );
}
