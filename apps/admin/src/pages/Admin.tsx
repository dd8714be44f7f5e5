import { Alert, Button, Card, Col, Row, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { ActionForm } from '../ActionForm';
import { formErrors } from '../errors';
import { graphql } from '../gql';

const Status = graphql(`query ServiceStatusPage { serviceStatus { suspended reason termsVersion } }`);
const Stuck = graphql(`query StuckPage { stuckProcesses { id source saga contractId kind attempts lastError stuckAt } }`);
const Suspend = graphql(`mutation Suspend($input: SuspendServiceInput!) { suspendService(input: $input) { serviceStatus { suspended } } }`);
const Resume = graphql(`mutation Resume($input: ResumeServiceInput!) { resumeService(input: $input) { serviceStatus { suspended } } }`);
const Revise = graphql(`mutation Revise($input: ReviseTermsInput!) { reviseTerms(input: $input) { serviceStatus { termsVersion } } }`);
const Retry = graphql(`mutation Retry($input: RetryProcessInput!) { retryProcess(input: $input) { id attempts } }`);
const Advance = graphql(`mutation Advance($input: AdvanceClockInput!) { advanceClock(input: $input) { now } }`);

/** Administration: Art. 6 suspension, Art. 13 terms revisions, stuck saga steps, and the simulated clock. */
export function Admin() {
  const { t } = useTranslation();
  const [{ data: status }, refetchStatus] = useQuery({ query: Status });
  const [{ data: stuck }, refetchStuck] = useQuery({ query: Stuck });
  const [retry, runRetry] = useMutation(Retry);
  const [now, setNow] = useState<string | null>(null);
  const reload = () => refetchStatus({ requestPolicy: 'network-only' });
  const suspended = status?.serviceStatus.suspended ?? false;
  return (
    <>
      <Typography.Title level={2}>{t('nav.admin')}</Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('admin.service')}>
            <Typography.Paragraph>
              <Tag color={suspended ? 'red' : 'green'} data-testid="service-status">
                {suspended ? t('admin.suspended') : t('admin.running')}
              </Tag>
              {status?.serviceStatus.reason} · terms {status?.serviceStatus.termsVersion}
            </Typography.Paragraph>
            {suspended ? (
              <ActionForm id="resume" title={t('admin.resume')} mutation={Resume} fields={[{ name: 'reason', label: t('admin.reason'), kind: 'text', required: true }]} onDone={reload} />
            ) : (
              <ActionForm id="suspend" title={t('admin.suspend')} mutation={Suspend} fields={[{ name: 'reason', label: t('admin.reason'), kind: 'text', required: true }]} onDone={reload} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('admin.clock')}>
            <ActionForm
              id="advance-clock"
              title={t('admin.advance')}
              mutation={Advance}
              fields={[{ name: 'days', label: t('admin.days'), kind: 'number', min: 1, required: true }]}
              onDone={(d) => setNow(d.advanceClock.now)}
            />
            <ActionForm
              id="advance-clock-to"
              title={t('admin.advanceTo')}
              mutation={Advance}
              fields={[{ name: 'to', label: t('admin.to'), kind: 'datetime', required: true }]}
              onDone={(d) => setNow(d.advanceClock.now)}
            />
            <Typography.Paragraph style={{ marginTop: 8 }}>
              {t('admin.now')}: <span data-testid="clock-now">{now ? new Date(now).toLocaleString() : '—'}</span>
            </Typography.Paragraph>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('admin.terms')}>
            <ActionForm
              id="revise-terms"
              title={t('admin.terms')}
              mutation={Revise}
              fields={[
                { name: 'version', label: t('admin.version'), kind: 'text', required: true },
                { name: 'effectiveFrom', label: t('admin.effectiveFrom'), kind: 'date', required: true },
                { name: 'summary', label: t('admin.summary'), kind: 'textarea', required: true },
                // The terms document itself (optional): uploaded as OTHER, its digest recorded with the revision.
                { name: 'documentId', label: t('admin.termsDocument'), kind: 'upload', documentKind: 'OTHER', single: true },
              ]}
              onDone={reload}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('admin.stuck')}>
            {formErrors(retry.error, t).general.map((m) => (
              <Alert key={m} type="error" message={m} role="alert" />
            ))}
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={stuck?.stuckProcesses ?? []}
              columns={[
                { title: 'kind', dataIndex: 'kind' },
                { title: 'attempts', dataIndex: 'attempts' },
                { title: 'lastError', dataIndex: 'lastError' },
                {
                  title: '',
                  render: (_: unknown, p) => (
                    <Button
                      onClick={async () => {
                        await runRetry({ input: { processId: p.id, clientMutationId: crypto.randomUUID() } });
                        refetchStuck({ requestPolicy: 'network-only' });
                      }}
                    >
                      {t('admin.retry')}
                    </Button>
                  ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
