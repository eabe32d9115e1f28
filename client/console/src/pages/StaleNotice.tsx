import { Alert, Result } from 'antd';
import { ApiError } from '../api';

/**
 * A page that already shows a case keeps it when a refresh fails (a worker busy for a moment): the form a clerk is
 * filling in stays as typed, and a line says the page is not current. Only a page with nothing to show is replaced.
 */
export function StaleNotice({ error }: { error: Error | null }) {
  if (!error) return null;
  return <Alert id="stale" type="warning" showIcon style={{ marginBottom: 12 }} title={`未能读取最新状态：${error.message.replace(/[。.]$/, '')}。下面是上次读到的内容，页面会自动重试，已填写的内容不会丢失。`} />;
}

/** The page for a case that could not be read at all. */
export function ReadFailed({ error }: { error: Error }) {
  const code = error instanceof ApiError ? error.status : 0;
  const status = code === 403 ? '403' : code === 404 ? '404' : code >= 500 ? '500' : 'error';
  return <Result status={status} title={error.message} />;
}
