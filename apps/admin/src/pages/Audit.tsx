import { Alert, Button, Card, DatePicker, Descriptions, Form, Input, Select, Space, Switch, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClient, useQuery, useSubscription } from 'urql';
import { graphql } from '../gql';
import type { AuditLogFilter } from '../gql/graphql';
import { downloadWithToken } from '../http';
import { Pager, useCursors } from '../Pager';
import { verifyProof, type ProofResult } from '../proof';

const Log = graphql(`
  query AuditLogPage($filter: AuditLogFilter, $first: Int, $after: String) {
    auditLog(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id streamId type position occurredAt leafHash actor { id role } } }
    }
  }
`);
/** Events a page of the log shows (the API's connections answer at most 100). */
const PAGE_SIZE = 50;
const Tail = graphql(`
  subscription AuditTail($filter: AuditLogFilter, $after: String) {
    auditAppended(filter: $filter, after: $after) { id streamId type position occurredAt leafHash actor { id role } }
  }
`);
const Checkpoint = graphql(`query Checkpoint { auditCheckpoint { treeSize rootHash signature publicKey signedAt } }`);
const Proof = graphql(`
  query Proof($eventId: ID!) {
    auditProof(eventId: $eventId) { eventId leafIndex leafHash entry proof treeHead { treeSize rootHash timestamp signature publicKey } }
  }
`);

type Row = { id: string; streamId: string; type: string; position: string; occurredAt: string; leafHash: string; actor: { id: string; role: string } };

/** GET /audit/export with the token, saved under the name the server gives; its state for the button. */
function ExportButton() {
  const { t } = useTranslation();
  const [state, setState] = useState<{ running: boolean; saved?: string; error?: string }>({ running: false });
  return (
    <Space direction="vertical">
      <Button
        type="primary"
        loading={state.running}
        data-testid="audit-export"
        onClick={() => {
          setState({ running: true });
          downloadWithToken('/audit/export', 'audit.jsonl').then(
            (saved) => setState({ running: false, saved }),
            (e: Error) => setState({ running: false, error: e.message }),
          );
        }}
      >
        {t('audit.download')}
      </Button>
      {state.saved && <Typography.Text type="success">{t('audit.saved', { name: state.saved })}</Typography.Text>}
      {state.error && <Alert type="error" showIcon role="alert" message={state.error} />}
      <Typography.Text type="secondary">{t('audit.exportHelp')}</Typography.Text>
    </Space>
  );
}

/**
 * The global audit log a page at a time (Relay cursors, filters by stream, types, actor and instant), with a
 * live tail on its last page, the signed tree head, the export, and each event's proof checked in this browser.
 */
export function Audit() {
  const { t } = useTranslation();
  const client = useClient();
  const [filter, setFilter] = useState<AuditLogFilter>({});
  const paging = useCursors();
  const [live, setLive] = useState(true);
  const [{ data }] = useQuery({ query: Log, variables: { filter, first: PAGE_SIZE, after: paging.after } });
  const [{ data: head }, refetchHead] = useQuery({ query: Checkpoint });
  const [tail, setTail] = useState<Row[]>([]);
  const page = data?.auditLog;
  const loaded = page?.edges.map((e) => e.node) ?? [];
  const after = loaded.length ? loaded[loaded.length - 1]!.position : undefined;
  // Only the last page follows the log: on an earlier one the next events are the next page's.
  const lastPage = page ? !page.pageInfo.hasNextPage : false;
  const [{ data: appended }] = useSubscription({ query: Tail, variables: { filter, after }, pause: !live || !lastPage });
  const [checks, setChecks] = useState<Record<string, ProofResult | 'running'>>({});
  useEffect(() => setTail([]), [filter, after]);
  useEffect(() => {
    const e = appended?.auditAppended;
    if (e) setTail((rows) => (rows.some((r) => r.id === e.id) ? rows : [...rows, e]));
  }, [appended]);

  const check = async (id: string) => {
    setChecks((c) => ({ ...c, [id]: 'running' }));
    const res = await client.query(Proof, { eventId: id }, { requestPolicy: 'network-only' }).toPromise();
    const p = res.data?.auditProof;
    const result: ProofResult = p ? await verifyProof(p) : { ok: false, reason: res.error?.message ?? 'no proof' };
    setChecks((c) => ({ ...c, [id]: result }));
    refetchHead({ requestPolicy: 'network-only' });
  };

  const rows = [...loaded, ...tail].reverse();
  const cp = head?.auditCheckpoint;
  return (
    <>
      <Typography.Title level={2}>{t('audit.log')}</Typography.Title>
      <Card title={t('audit.checkpoint')} size="small" style={{ marginBottom: 16 }}>
        {cp && (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('audit.treeSize')}>{cp.treeSize}</Descriptions.Item>
            <Descriptions.Item label={t('audit.rootHash')}><code>{cp.rootHash}</code></Descriptions.Item>
            <Descriptions.Item label={t('audit.signature')}><code style={{ wordBreak: 'break-all' }}>{cp.signature}</code></Descriptions.Item>
            <Descriptions.Item label={t('audit.publicKey')}><code>{cp.publicKey}</code></Descriptions.Item>
            <Descriptions.Item label={t('audit.signedAt')}>{new Date(cp.signedAt).toLocaleString()}</Descriptions.Item>
            <Descriptions.Item label={t('audit.export')}>
              <ExportButton />
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      <Form
        layout="inline"
        name="audit-filter"
        style={{ marginBottom: 16 }}
        onFinish={(v: { streamId?: string; eventTypes?: string[]; actorId?: string; occurred?: [Dayjs | null, Dayjs | null] | null }) => {
          const [from, to] = v.occurred ?? [null, null];
          setFilter({
            ...(v.streamId ? { streamId: v.streamId } : {}),
            ...(v.eventTypes?.length ? { eventTypes: v.eventTypes } : {}),
            ...(v.actorId ? { actorId: v.actorId } : {}),
            ...(from ? { from: from.toISOString() } : {}),
            ...(to ? { to: to.toISOString() } : {}),
          });
          paging.reset();
        }}
      >
        <Form.Item name="streamId" label={t('audit.streamId')}>
          <Input />
        </Form.Item>
        <Form.Item name="eventTypes" label={t('audit.eventTypes')}>
          <Select mode="tags" style={{ minWidth: 200 }} />
        </Form.Item>
        <Form.Item name="actorId" label={t('audit.actorId')}>
          <Input />
        </Form.Item>
        <Form.Item name="occurred" label={t('audit.occurredBetween')}>
          <DatePicker.RangePicker showTime allowEmpty={[true, true]} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('contracts.search')}
        </Button>
        <Form.Item label={t('audit.live')} style={{ marginLeft: 16 }}>
          <Switch checked={live} onChange={setLive} />
        </Form.Item>
      </Form>
      <Table
        size="small"
        rowKey="id"
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('audit.position'), dataIndex: 'position' },
          { title: t('audit.type'), dataIndex: 'type' },
          { title: t('audit.streamId'), dataIndex: 'streamId' },
          { title: t('audit.actor'), render: (_: unknown, r: Row) => `${r.actor.role} ${r.actor.id}` },
          { title: t('audit.occurredAt'), render: (_: unknown, r: Row) => new Date(r.occurredAt).toLocaleString() },
          {
            title: t('audit.verify'),
            render: (_: unknown, r: Row) => {
              const c = checks[r.id];
              if (c === undefined || c === 'running')
                return (
                  <Button size="small" loading={c === 'running'} onClick={() => void check(r.id)} aria-label={`${t('audit.verify')} ${r.position}`}>
                    {t('audit.verify')}
                  </Button>
                );
              return <Alert type={c.ok ? 'success' : 'error'} showIcon message={c.ok ? t('audit.verified') : t('audit.failedCheck', { reason: c.reason })} data-testid={`proof-${r.position}`} />;
            },
          },
        ]}
      />
      <Pager cursors={paging} page={page} testId="audit-total" />
    </>
  );
}
