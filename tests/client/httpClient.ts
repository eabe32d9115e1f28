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
