import { errorCodeLabels } from '../../../domain/dictionary';

/** A refusal from the server as `{ error, message, field }`, with the field it names when there is one. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

let csrf: string | undefined;
/** The session's CSRF token, read from /api/me once logged in; every change carries it. */
export const setCsrf = (token: string | undefined) => {
  csrf = token;
};

/** Calls the JSON API; any answer other than 2xx becomes an ApiError whose text is Chinese. */
export async function api<T>(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const data = (await res.json().catch(() => ({}))) as { error?: string; message?: string; field?: string };
  if (!res.ok) {
    const code = data.error ?? 'internal';
    const text = res.status >= 500 ? errorCodeLabels.internal : chineseMessage(code, data.message);
    throw new ApiError(res.status, code, text, data.field);
  }
  return data as T;
}

/** The server's message where it is Chinese; otherwise what its code means, so no English reaches a clerk. */
function chineseMessage(code: string, message: string | undefined): string {
  const label = errorCodeLabels[code] ?? errorCodeLabels.bad_request;
  if (!message) return label;
  const text = message.replace(/^[\w.]+: /, '');
  return /[\u4e00-\u9fff]/.test(text) ? text : label;
}
