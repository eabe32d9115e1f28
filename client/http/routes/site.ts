import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { siteDir, siteNotFoundPage, stylesheetFile } from '../../../activities/publish/site';
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
export function siteRoutes(app: FastifyInstance, dataDir: string, agency: string): void {
  const root = siteDir(dataDir);
  app.get('/site', async (_req, reply) => reply.redirect('/site/index.html'));
  app.get('/site/*', async (req, reply) => {
    // Fastify has already decoded the path once; decoding again turned `%25` into a URIError (a 500).
    const rel = (req.params as { '*': string })['*'] || 'index.html';
    const file = path.resolve(root, rel);
    const type = types[path.extname(file)];
    if (!file.startsWith(root + path.sep) || !type) throw new HttpError(404, 'not_found', `no page /site/${rel}`);
    // Before the first publication the site has no stylesheet yet; the 404 page below still needs it.
    const content = await fs.readFile(file).catch(() => (rel === 'site.css' ? fs.readFile(stylesheetFile) : undefined));
    if (content) return reply.type(type).send(content);
    // A citizen following a link to a withdrawn item gets the portal's own page, in Chinese, not the console's.
    if (type.startsWith('text/html')) return reply.status(404).type(type).send(siteNotFoundPage(dataDir, agency, rel));
    throw new HttpError(404, 'not_found', `no page /site/${rel}`);
  });
}
