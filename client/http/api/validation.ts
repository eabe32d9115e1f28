import type { FastifySchemaCompiler } from 'fastify';
import { z } from 'zod';
import { zodText } from '../../zodText';
import { HttpError } from '../auth';

/** The server keeps zod's default locale for its logs; what a caller reads is in Chinese, like the CLI's. */
const zhCN = z.locales.zhCN();

/**
 * Every API schema is checked with zod in Chinese; a failure is one 400 naming the fields and their rules
 * (`{ error: 'bad_request', message, field }`), before any handler runs, so bad input changes nothing.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = ({ schema }) => (data) => {
  const r = schema.safeParse(data, { error: zhCN.localeError });
  if (r.success) return { value: r.data };
  const first = r.error.issues[0];
  const field = first?.path.length ? first.path.map(String).join('.') : undefined;
  return { error: new HttpError(400, 'bad_request', zodText(r.error), field) };
};
