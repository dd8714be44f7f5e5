import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Relay paging forwards with the way back: the cursors of the pages seen so far (null: the first page). `after` is
 * the one to ask with; `reset` goes back to the first page (a new filter).
 */
export function useCursors() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return { cursors, setCursors, after: cursors[cursors.length - 1] ?? null, reset: () => setCursors([null]) };
}

/** The total, Previous and Next under a paged table. */
export function Pager(props: {
  readonly cursors: ReturnType<typeof useCursors>;
  readonly page: { readonly totalCount: number; readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor?: string | null } } | undefined;
  readonly testId?: string;
}) {
  const { t } = useTranslation();
  const { cursors, setCursors } = props.cursors;
  const { page } = props;
  return (
    <Space style={{ marginTop: 12 }}>
      <Typography.Text data-testid={props.testId}>{t('contracts.total', { count: page?.totalCount ?? 0 })}</Typography.Text>
      <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
        {t('contracts.previous')}
      </Button>
      <Button disabled={!page?.pageInfo.hasNextPage} onClick={() => page?.pageInfo.endCursor && setCursors([...cursors, page.pageInfo.endCursor])}>
        {t('contracts.next')}
      </Button>
    </Space>
  );
}
