import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { HttpError } from './auth';

/** Validates a form or JSON body; a failure is a 400 naming the first field and its rule. */
export function formBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue.path.join('.') || undefined;
    throw new HttpError(400, 'bad_request', field ? `${field}: ${issue.message}` : issue.message, field);
  }
  return r.data;
}

export function sendPage(reply: FastifyReply, page: string, status = 200): FastifyReply {
  return reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
}
