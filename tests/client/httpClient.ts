import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * Requests over a real loopback socket (Fastify's inject pulls an ESM-only dependency that Jest's CommonJS
 * runtime cannot load). `remoteAddress` picks the local 127.x.y.z address, so per-IP rules can be tested.
 */
export interface Res {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export async function request(
  app: FastifyInstance,
  o: { method: string; url: string; headers?: Record<string, string>; payload?: string; remoteAddress?: string },
): Promise<Res> {
  if (!app.server.listening) await listen(app);
  const { port } = app.server.address() as AddressInfo;
  const localAddress = o.remoteAddress && /^127\./.test(o.remoteAddress) ? o.remoteAddress : o.remoteAddress ? `127.0.${o.remoteAddress.split('.').slice(2).join('.')}` : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: o.method, path: o.url, headers: o.headers, localAddress, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (o.payload !== undefined) req.write(o.payload);
    req.end();
  });
}

export function cookiesOf(res: { headers: Record<string, unknown> }): string[] {
  const h = res.headers['set-cookie'];
  return h === undefined ? [] : Array.isArray(h) ? h.map(String) : [String(h)];
}

/**
 * Logs in as the app does (JSON to /api/session), then reads the session's CSRF token from /api/me. `cookie` is
 * empty when the login was refused; `rawCookie` is the Set-Cookie line with its attributes.
 */
export async function login(app: FastifyInstance, user: string, password = 'gongkai-demo', remoteAddress = '127.0.0.1') {
  const res = await request(app, { method: 'POST', url: '/api/session', remoteAddress, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ user, password }) });
  const rawCookie = cookiesOf(res).find((c) => c.startsWith('gk_session=') && !c.startsWith('gk_session=;'));
  const cookie = rawCookie?.split(';')[0] ?? '';
  const csrf = cookie ? (JSON.parse((await request(app, { method: 'GET', url: '/api/me', headers: { cookie } })).body) as { csrf: string }).csrf : '';
  return { res, cookie, rawCookie, csrf, cookies: cookiesOf(res) };
}
