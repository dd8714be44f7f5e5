import { Button, Card, DatePicker, Form, Input, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { ContractFilter, ContractStatus } from '../gql/graphql';
import { hasRole, type Session } from '../auth';
import { Pager, useCursors } from '../Pager';
import { SubmitApplication } from './SubmitApplication';

const ContractsPage = graphql(`
  query ContractsPage($filter: ContractFilter, $first: Int, $after: String) {
    contracts(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id status webServerFqdn submittedAt applicant { organizationName } } }
    }
  }
`);

export const STATUSES: readonly ContractStatus[] = [
  'SUBMITTED', 'REJECTED', 'WITHDRAWN', 'ACCEPTED', 'CERTIFICATE_REQUESTED', 'ISSUED', 'ACTIVE', 'REVOCATION_REQUESTED', 'REVOKED', 'CANCELLED', 'EXPIRED', 'TERMINATED',
];

/** Contracts with the API's filters, a page at a time (Relay cursors; the previous pages' cursors kept for going back). */
export function Contracts({ session }: { readonly session: Session }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<ContractFilter>({});
  const paging = useCursors();
  const [{ data, fetching }] = useQuery({ query: ContractsPage, variables: { filter, first: 20, after: paging.after } });
  const page = data?.contracts;
  return (
    <>
      <Typography.Title level={2}>{t('contracts.title')}</Typography.Title>
      <Form
        layout="inline"
        name="contract-filter"
        onFinish={(v: { status?: ContractStatus; organizationName?: string; fqdn?: string; submitted?: [Dayjs | null, Dayjs | null] | null }) => {
          const [from, to] = v.submitted ?? [null, null];
          setFilter({
            ...(v.status ? { status: v.status } : {}),
            ...(v.organizationName ? { organizationName: v.organizationName } : {}),
            ...(v.fqdn ? { fqdn: v.fqdn } : {}),
            // Whole days in the browser's calendar: from the first day's start to the last day's end.
            ...(from ? { submittedFrom: from.startOf('day').toISOString() } : {}),
            ...(to ? { submittedTo: to.endOf('day').toISOString() } : {}),
          });
          paging.reset();
        }}
        style={{ marginBottom: 16 }}
      >
        <Form.Item name="status" label={t('contracts.status')}>
          <Select style={{ width: 220 }} allowClear placeholder={t('contracts.any')} options={STATUSES.map((s) => ({ value: s, label: s }))} />
        </Form.Item>
        <Form.Item name="organizationName" label={t('contracts.organizationName')}>
          <Input />
        </Form.Item>
        <Form.Item name="fqdn" label={t('contracts.fqdn')}>
          <Input />
        </Form.Item>
        <Form.Item name="submitted" label={t('contracts.submittedBetween')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('contracts.search')}
        </Button>
      </Form>
      <Table
        rowKey={(e) => e.node.id}
        loading={fetching && !page}
        dataSource={page?.edges ?? []}
        pagination={false}
        columns={[
          { title: t('contracts.fqdn'), render: (_: unknown, e) => <Link to={`/contracts/${e.node.id}`}>{e.node.webServerFqdn}</Link> },
          { title: t('contracts.organizationName'), render: (_: unknown, e) => e.node.applicant?.organizationName ?? '—' },
          { title: t('contracts.status'), render: (_: unknown, e) => e.node.status },
          { title: t('contracts.submittedAt'), render: (_: unknown, e) => new Date(e.node.submittedAt).toLocaleString() },
        ]}
      />
      <Pager cursors={paging} page={page} />
      {hasRole(session, 'SCREENER') && (
        <Card title={t('contracts.newApplication')} style={{ marginTop: 24 }}>
          <SubmitApplication />
        </Card>
      )}
    </>
  );
}
