import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { siteDir } from '../../../activities/publish/site';

/** The file types the publication adapter writes; nothing else under the site directory is served. */
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
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
export async function siteRoutes(app: FastifyInstance, dataDir: string): Promise<void> {
  app.get('/site', async (_req, reply) => reply.redirect('/site/index.html'));
  await app.register(fastifyStatic, {
    root: siteDir(dataDir),
    prefix: '/site/',
    decorateReply: false,
    index: ['index.html'],
    dotfiles: 'deny',
    // A path that leaves the directory, or is not a published page type, is not found, like one that is absent.
    allowedPath: (pathName) => !/(^|[/\\])\.\.([/\\]|$)/.test(decodeSafely(pathName)) && (pathName.endsWith('/') || !!typeOf(pathName)),
    setHeaders: (res, file) => void res.header('content-type', typeOf(file) ?? 'application/octet-stream'),
  });
}
