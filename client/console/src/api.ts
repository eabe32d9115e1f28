import { createApiClient } from '../../api/client';
import { errorCodeLabels } from '../../../domain/dictionary';
import { chineseMessage } from './messages';

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

