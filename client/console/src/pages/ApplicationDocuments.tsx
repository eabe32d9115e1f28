import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, Card, List, Space, Tag } from 'antd';
import { client, unwrap } from '../api';
import type { ApplicationState } from '../applications';
import { beijingTime } from '../format';
import { path } from './actionForms';

interface Doc { name: string; kindName: string; createdAt: string }
type Review = NonNullable<NonNullable<ApplicationState['notices']>[number]['review']>;

const REVIEW_TAG: Record<Review['status'], { color: string; text: string }> = {
  inReview: { color: 'processing', text: '审核中，尚未发出' },
  issued: { color: 'success', text: '已审核发出' },
  returned: { color: 'error', text: '未通过审核，尚未发出' },
};

/**
 * The case's documents, each downloadable. Where the agency has notices reviewed before they go out, a notice shows
 * where its review stands, and the handler sends a notice that did not pass to review again.
 */
export function ApplicationDocuments({ id, s, docs, mayResubmit, onDone }: { id: string; s: ApplicationState | null; docs: Doc[]; mayResubmit: boolean; onDone: (text: string) => void }) {
  const [busy, setBusy] = useState<string>();
  const { message } = App.useApp();
  const reviewOf = (name: string) => s?.notices?.find((n) => `notice-${n.key}` === name)?.review;
  const resubmit = async (key: string, what: string) => {
    setBusy(key);
    try {
      await unwrap(client.POST('/api/applications/{id}/resubmitNotice', { ...path(id), body: { key } }));
      onDone(`${what}已重新送审`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Card title="文书" size="small" style={{ marginBottom: 16 }} id="documents">
      <List size="small" locale={{ emptyText: '尚无文书' }} dataSource={docs} renderItem={(d) => {
        const review = reviewOf(d.name);
        const key = d.name.slice('notice-'.length);
        return (
          <List.Item>
            <Space wrap>
              <a href={`/api/applications/${encodeURIComponent(id)}/documents/${encodeURIComponent(d.name)}`} download>{d.kindName}（{beijingTime(d.createdAt)}）下载 DOCX</a>
              {review && <Tag color={REVIEW_TAG[review.status].color}>{REVIEW_TAG[review.status].text}</Tag>}
              {review && review.status !== 'issued' && <Link to={`/items/${review.workflowId}`}>审核进度</Link>}
              {review?.status === 'returned' && review.returned && <span>原因：{review.returned}</span>}
              {review?.status === 'returned' && mayResubmit && (
                <Button size="small" type="primary" loading={busy === key} onClick={() => void resubmit(key, d.kindName)}>重新送审</Button>
              )}
            </Space>
          </List.Item>
        );
      }} />
    </Card>
  );
}
