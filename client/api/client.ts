/**
 * The typed client of the Gongkai API, for the console (browser) and the tests: paths, parameters, bodies and
 * answers come from `openapi.d.ts`, generated from the server's route schemas (`npm run api:types`). It imports
 * nothing from Node or the server, so a bundler can ship it to the browser as it is.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './openapi';

export type { components, paths };
export type ApiError = components['schemas']['Error'];

export interface ApiClient extends Client<paths> {
  /** The session's CSRF token (GET /api/me answers it): sent as X-CSRF-Token on every request that changes something. */
  setCsrf(token: string | undefined): void;
}

export interface ApiClientOptions {
  /** Headers sent with every request (outside a browser: the session cookie, or `authorization: Bearer <API key>`). */
  headers?: Record<string, string>;
  csrf?: string;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A client on `baseUrl` (`''` in the browser: the same origin), with the page's fetch unless another is given. */
export function createApiClient(baseUrl: string, fetchImpl?: (input: Request) => Promise<Response>, options: ApiClientOptions = {}): ApiClient {
  let csrf = options.csrf;
  const client = createClient<paths>({ baseUrl, fetch: fetchImpl, headers: options.headers, credentials: 'same-origin' });
  client.use({
    onRequest({ request }) {
      if (csrf && !SAFE.has(request.method)) request.headers.set('x-csrf-token', csrf);
      return request;
    },
  });
  return Object.assign(client, { setCsrf: (token: string | undefined) => void (csrf = token) });
}
