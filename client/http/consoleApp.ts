import * as fs from 'node:fs';
import * as path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { consoleOutDir } from '../consoleBuild';

/** The app loads only its own files: no inline script, no other origin (antd writes its styles at run time). */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

/**
 * The console app (client/console, built by client/consoleBuild.ts) under the prefix it is registered at: its
 * hashed assets cached for good, and every other path answered with index.html so the app's router takes it.
 */
export async function consoleApp(app: FastifyInstance, opts: { root?: string } = {}): Promise<void> {
  const root = opts.root ?? consoleOutDir;
  app.addHook('onSend', async (_req, reply, payload) => {
    void reply.header('content-security-policy', CSP);
    return payload;
  });
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    // `npm start` builds it; a server started some other way says what to run instead of showing a blank page.
    app.get('/*', async (_req, reply) => reply.status(503).type('text/plain; charset=utf-8').send('工作台尚未构建：请运行 npm start（或 npx tsx -e "require(\'./client/consoleBuild\').buildConsole()"）。'));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    index: 'index.html',
    setHeaders: (reply, file) => {
      void reply.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const shell = (reply: FastifyReply) => reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  app.setNotFoundHandler((req, reply) => {
    // A missing asset is a 404, not the app: a stale tab asking for an old chunk must see the failure.
    if (req.method !== 'GET' || /\/assets\//.test(req.url)) return reply.status(404).type('text/plain; charset=utf-8').send('未找到');
    return shell(reply);
  });
}
