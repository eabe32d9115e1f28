import { z } from 'zod';

/** zod's own rules (a missing field, a text too long) in Chinese, as the HTTP API and the CLI state them. */
const zhCN = z.locales.zhCN();

/** `schema.safeParse` with zod's own rules in Chinese (without changing zod's settings for the whole process). */
export const safeParseInChinese = <T>(schema: z.ZodType<T>, value: unknown) => schema.safeParse(value, { error: zhCN.localeError });

/** An issue's path as a developer writes it: `withheld[0].why`, `section3.granted[2]`; empty for the root. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** Each issue as `field：rule` (`withheld[0].why：…`), `；`-separated: the refusal a person reads. */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${issuePath(i.path)}：${i.message}` : i.message)).join('；');
}

/** The value as `schema` reads it, or its issues as one text in Chinese. */
export function parseInChinese<T>(schema: z.ZodType<T>, value: unknown): { ok: true; data: T } | { ok: false; error: string } {
  const r = safeParseInChinese(schema, value);
  return r.success ? { ok: true, data: r.data } : { ok: false, error: issuesText(r.error) };
}
