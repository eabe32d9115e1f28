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

/** The session's CSRF token, read from /api/me once logged in; every change carries it. */
export const setCsrf = (token: string | undefined) => client.setCsrf(token);

type Body = { error?: string; message?: string; field?: string };

function refusal(status: number, data: Body | undefined): ApiError {
  const code = data?.error ?? 'internal';
  // A 500 says nothing of its cause to a clerk; a 503 is the server's own word that something did not answer in time.
  const text = status >= 500 && status !== 503 ? errorCodeLabels.internal : chineseMessage(code, data?.message);
  return new ApiError(status, code, text, data?.field);
}

/** The data of a typed client call, or its refusal as an ApiError whose text is Chinese. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const r = await call;
  if (!r.response.ok || r.data === undefined) throw refusal(r.response.status, r.error as Body | undefined);
  return r.data;
}

/** The server's message where it is Chinese; otherwise what its code means, so no English reaches a clerk. */
function chineseMessage(code: string, message: string | undefined): string {
  const label = errorCodeLabels[code] ?? errorCodeLabels.bad_request;
  if (!message) return label;
  // `field: ` or `action：` before a message, and the path in `标签（path）：` of an input error, are for developers
  // (the form shows the message at the field it names).
  const text = message.replace(/^[\w.]+(?:: |：)/, '').replace(/（[\w.[\]-]+）：/g, '：');
  // A message with English words in it (a rule written for developers) is replaced by what its code means.
  return /[\u4e00-\u9fff]/.test(text) && !/[A-Za-z]{3,}/.test(text) ? text : label;
}
