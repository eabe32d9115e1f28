import { createApiClient } from '../../api/client';
import { errorCodeLabels } from '../../../domain/dictionary';

/** A refusal from the server as `{ error, message, field }`, with the field it names when there is one. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

/** The typed client of the JSON API (client/api/client.ts), on this page's origin and session. */
export const client = createApiClient('');

let csrf: string | undefined;
/** The session's CSRF token, read from /api/me once logged in; every change carries it. */
export const setCsrf = (token: string | undefined) => {
  csrf = token;
  client.setCsrf(token);
};

type Body = { error?: string; message?: string; field?: string };

function refusal(status: number, data: Body | undefined): ApiError {
  const code = data?.error ?? 'internal';
  const text = status >= 500 ? errorCodeLabels.internal : chineseMessage(code, data?.message);
  return new ApiError(status, code, text, data?.field);
}

/** The data of a typed client call, or its refusal as an ApiError whose text is Chinese. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const r = await call;
  if (!r.response.ok || r.data === undefined) throw refusal(r.response.status, r.error as Body | undefined);
  return r.data;
}

/** For the few routes outside the typed API (login, logout, the staff directory: client/http/routes/app-api.ts). */
export async function api<T>(method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const data = (await res.json().catch(() => ({}))) as Body;
  if (!res.ok) throw refusal(res.status, data);
  return data as T;
}

/** The server's message where it is Chinese; otherwise what its code means, so no English reaches a clerk. */
function chineseMessage(code: string, message: string | undefined): string {
  const label = errorCodeLabels[code] ?? errorCodeLabels.bad_request;
  if (!message) return label;
  const text = message.replace(/^[\w.]+: /, '');
  // A message with English words in it (a rule written for developers) is replaced by what its code means.
  return /[\u4e00-\u9fff]/.test(text) && !/[A-Za-z]{3,}/.test(text) ? text : label;
}
