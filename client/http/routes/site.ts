import * as fs from 'node:fs/promises';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { siteDir, siteNotFoundPage, stylesheetFile } from '../../../activities/publish/site';
import { HttpError } from '../auth';

/** The file types the publication adapter writes; nothing else under the site directory is served. */
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/rss+xml; charset=utf-8',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const typeOf = (p: string) => types[/\.[a-z]+$/.exec(p)?.[0] ?? ''];
const decodeSafely = (p: string) => {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
};

/**
 * The static portal the default publication adapter writes (<DATA_DIR>/site/), served read-only at /site/ so
 * the links in publication emails work on the embedded set-up. Public, like the agency's website.
 */
export async function siteRoutes(app: FastifyInstance, dataDir: string, agency: string): Promise<void> {
  app.get('/site', async (_req, reply) => reply.redirect('/site/index.html'));
  await app.register(async (site) => {
    // What the directory does not have: the stylesheet before the first publication, and for a page (an old link
    // to a withdrawn item) the portal's own 404 page in Chinese, not the console's.
    site.setNotFoundHandler(async (req, reply) => {
      const rel = decodeSafely(req.url.split('?')[0].replace(/^\/site\/?/, ''));
      if (rel === 'site.css') return reply.type(types['.css']).send(await fs.readFile(stylesheetFile));
      if (rel === '' || rel.endsWith('/') || typeOf(rel)?.startsWith('text/html')) {
        return reply.status(404).type(types['.html']).send(siteNotFoundPage(dataDir, agency, rel));
      }
      throw new HttpError(404, 'not_found', `no page /site/${rel}`);
    });
    await site.register(fastifyStatic, {
      root: siteDir(dataDir),
      prefix: '/',
      decorateReply: false,
      index: ['index.html'],
      dotfiles: 'deny',
      // A path that leaves the directory, or is not a published page type, is not found, like one that is absent.
      allowedPath: (pathName) => !/(^|[/\\])\.\.([/\\]|$)/.test(decodeSafely(pathName)) && (pathName.endsWith('/') || !!typeOf(pathName)),
      setHeaders: (res, file) => void res.header('content-type', typeOf(file) ?? 'application/octet-stream'),
    });
  }, { prefix: '/site' });
}
