import * as fs from 'node:fs';
import * as path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { consoleOutDir } from '../consoleBuild';

/** The app loads only its own files: no inline script, no other origin (antd writes its styles at run time). */
export const CONSOLE_CSP = {
  defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:'], connectSrc: ["'self'"],
  formAction: ["'self'"], frameAncestors: ["'none'"], baseUri: ["'self'"], objectSrc: ["'none'"],
};

/** Answers a page address of the app: its index.html, whose router then draws the page. */
export type AppShell = (reply: FastifyReply) => FastifyReply;

/**
 * The console app (client/console, built by client/consoleBuild.ts) at the site's root: its hashed assets cached
 * for good. Every other page address is the app's (the server's not-found handler answers it with `AppShell`).
 */
export async function consoleApp(app: FastifyInstance, opts: { root?: string } = {}): Promise<AppShell> {
  const root = opts.root ?? consoleOutDir;
  const index = path.join(root, 'index.html');
  if (!fs.existsSync(index)) {
    // `npm start` builds it; a server started some other way says what to run instead of showing a blank page.
    return (reply) => reply.status(503).type('text/plain; charset=utf-8').send('工作台尚未构建：请运行 npm start（或 npm run build:console）。');
  }
  const assets = path.join(root, 'assets');
  if (fs.existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      decorateReply: false,
      wildcard: false, // the files of this build only: a stale tab asking for an old chunk gets a 404, not the app
      setHeaders: (reply) => void reply.header('cache-control', 'public, max-age=31536000, immutable'),
    });
  }
  const html = fs.readFileSync(index);
  return (reply) => reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
}
