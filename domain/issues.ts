import { z } from 'zod';

/** zod's own rules (a missing field, a text too long) in Chinese, as the HTTP API and the CLI state them. */
const zhCN = z.locales.zhCN();

/** Each issue as `field：rule` (`withheld[0].why：…`), `；`-separated: the refusal a person reads. */
export function issuesText(error: z.ZodError): string {
  const field = (path: readonly PropertyKey[]) => path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  return error.issues.map((i) => (i.path.length ? `${field(i.path)}：${i.message}` : i.message)).join('；');
}

/** The value as `schema` reads it, or its issues as one text in Chinese. */
export function parseInChinese<T>(schema: z.ZodType<T>, value: unknown): { ok: true; data: T } | { ok: false; error: string } {
  const r = schema.safeParse(value, { error: zhCN.localeError });
  return r.success ? { ok: true, data: r.data } : { ok: false, error: issuesText(r.error) };
}
