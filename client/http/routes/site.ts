import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { siteDir } from '../../../activities/publish/site';
import { HttpError } from '../auth';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/rss+xml; charset=utf-8',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * The static portal the default publication adapter writes (<DATA_DIR>/site/), served read-only at /site/ so
 * the links in publication emails work on the embedded set-up. Public, like the agency's website.
 */
export function siteRoutes(app: FastifyInstance, dataDir: string): void {
  const root = siteDir(dataDir);
  app.get('/site', async (_req, reply) => reply.redirect('/site/index.html'));
  app.get('/site/*', async (req, reply) => {
    // Fastify has already decoded the path once; decoding again turned `%25` into a URIError (a 500).
    const rel = (req.params as { '*': string })['*'] || 'index.html';
    const file = path.resolve(root, rel);
    const type = types[path.extname(file)];
    if (!file.startsWith(root + path.sep) || !type) throw new HttpError(404, 'not_found', `no page /site/${rel}`);
    const content = await fs.readFile(file).catch(() => undefined);
    if (!content) throw new HttpError(404, 'not_found', `no page /site/${rel}`);
    return reply.type(type).send(content);
  });
}
