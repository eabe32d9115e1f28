import type { FastifyReply } from 'fastify';

/**
 * A rendered document (HTML with its own styles and no script: the annual report, a reply letter) that the console
 * shows inside a frame, as it will print. The server's rule that no page is framed is relaxed for it, for frames of
 * this origin only; nothing it holds may run, load or submit anything.
 */
export function framableDocument(reply: FastifyReply): void {
  void reply.header('x-frame-options', 'SAMEORIGIN');
  void reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'");
}
