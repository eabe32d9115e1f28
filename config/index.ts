import { isIP } from 'node:net';
import { z } from 'zod';
import { parsePayloadKeys } from '../lib/payloadCodec';

/**
 * The whole configuration, read once from the environment at start-up.
 * Every variable is documented in `.env.example`; a bad value stops start-up with its name.
 */
const schema = z.object({
  TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'must be host:port').optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('gongkai'),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  // Workflows kept in the worker's memory between tasks; the others are replayed from history when they wake. A case
  // sleeps for days between steps, so a small cache costs little: at 2,000 open, 50 cached kept the worker at about
  // 1.1 GB and recomputed a calendar change faster than 500 cached (1.7 GB, 3 GB peak); docs/scaling.md.
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(50),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/.+|sqlite:.+)$/, 'must be postgres://... or sqlite:FILE')
    .optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\/.+/, 'must be smtp://host:port or smtps://...').optional(),
  MAIL_FROM: z.string().min(3).default('公开办 <gongkai@localhost>'),
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  WEB_HOST: z.string().min(1).default('127.0.0.1'),
  PUBLIC_URL: z.url().optional(),
  // Whose X-Forwarded-For is believed (issue 13, finding 4): off by default, since a client can send that header
  // itself and would otherwise pick a fresh address per login attempt. See trustProxySetting below.
  TRUST_PROXY: z.string().trim().optional(),
  AGENCY_NAME: z.string().min(1).default('示例市示例局'),
  AGENCY_CODE: z.string().regex(/^[A-Za-z0-9]{2,16}$/, 'must be 2-16 letters or digits').default('SLJ'),
  // The bodies a reply letter names for the applicant's remedies (条例 第五十一条). Never guessed: unset, the letter
  // names neither and start-up warns (see configWarnings). 行政复议法 第二十四条 makes the 本级人民政府 the usual
  // 复议机关 of a department; vertically managed bodies differ. docs/letters.md says what an unset value costs.
  REVIEW_AUTHORITY: z
    .string()
    .trim()
    .regex(/^[^\s{}<>]{2,60}$/u, 'must be the name of the 复议机关 (2-60 characters, no spaces), e.g. 示例市人民政府')
    .refine((v) => /\p{Script=Han}/u.test(v), 'must be the Chinese name of the 复议机关, e.g. 示例市人民政府')
    .optional(),
  COURT: z
    .string()
    .trim()
    .regex(/^[^\s{}<>]{2,60}法院$/u, 'must be the name of a court ending in 法院, e.g. 示例市示例区人民法院')
    .optional(),
  TZ_AGENCY: z.literal('Asia/Shanghai', { message: 'only Asia/Shanghai is supported' }).default('Asia/Shanghai'),
  PORTAL_WEBHOOK_URL: z.url().optional(),
  PORTAL_WEBHOOK_SECRET: z.string().min(16).optional(),
  SESSION_SECRET: z.string().min(32).optional(),
  // Keys that encrypt what Temporal stores (lib/payloadCodec.ts): `id:base64,...`, the first one encrypting. Unset,
  // npm start keeps one in DATA_DIR/payload-keys; see config/payloadKeys.ts.
  PAYLOAD_KEYS: z.string().trim().optional(),
  // The Temporal Web UI's address, the one origin allowed to call the payload codec (client/http/routes/codec.ts);
  // under npm start, the embedded dev server's UI.
  TEMPORAL_UI_URL: z.url().optional(),
  // Annual report (条例 第四十九条): a department publishes by 31 January, a government by 31 March; a local
  // notice may set an earlier date (MM-DD), never a later one. The schedule starts the report on a January day.
  REPORT_AGENCY_KIND: z.enum(['department', 'government']).default('department'),
  REPORT_DEADLINE: z.string().regex(/^(0[1-3])-([0-2]\d|3[01])$/, 'must be MM-DD in January-March').optional(),
  REPORT_SCHEDULE_DAY: z.coerce.number().int().min(1).max(20).default(4),
  REPORT_EDITOR: z.string().regex(/^[a-z][a-z0-9._-]{1,40}$/, 'must be a user id').optional(),
  REPORT_FORMAT: z.enum(['2021', '2019']).default('2021'),
});

export type Config = z.infer<typeof schema> & { databaseUrl: string; publicUrl: string; trustProxy: TrustProxy };

/** Fastify's trustProxy: false, or the proxies' addresses (comma-separated). */
export type TrustProxy = false | string;

export class ConfigError extends Error {}

/**
 * What start-up prints while a value the law needs is missing: the configuration is valid, but letters are weaker.
 * Without REVIEW_AUTHORITY a letter cannot name the 复议机关, and 行政复议法 第二十条第三款 then lets the
 * applicant's 60 days start only once they learn it, for up to a year; COURT likewise for the court.
 */
export function configWarnings(c: Pick<Config, 'REVIEW_AUTHORITY' | 'COURT'>): string[] {
  const w: string[] = [];
  if (!c.REVIEW_AUTHORITY) {
    w.push('warning: REVIEW_AUTHORITY is unset: reply letters cannot name the 行政复议机关, so the applicant\'s 60-day period may run up to a year (行政复议法 第二十条第三款); set it in .env');
  }
  if (!c.COURT) w.push('warning: COURT is unset: reply letters offering 行政诉讼 cannot name the court; set it in .env');
  return w;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const TRUST_PROXY_RULE = '应为 off 或反向代理的地址（IP、CIDR 或 loopback/linklocal/uniquelocal，逗号分隔）';

/**
 * TRUST_PROXY as Fastify takes it. Unset or off: the socket's address is the client. The proxies' own addresses:
 * X-Forwarded-For is read only as far back as those proxies. "true", a hop count and /0 are refused: each believes
 * addresses a client can write itself, which is the bypass this setting closes.
 */
export function trustProxySetting(value: string | undefined): TrustProxy {
  if (value === undefined || value === '' || value === 'off' || value === 'false') return false;
  const fail = (why: string): never => {
    throw new ConfigError(`invalid configuration: TRUST_PROXY: ${TRUST_PROXY_RULE}；${why}`);
  };
  const parts = value.split(',').map((p) => p.trim()).filter((p) => p !== '');
  for (const p of parts) {
    if (PROXY_NAMES.has(p)) continue;
    const [ip, bits, extra] = p.split('/');
    const family = isIP(ip);
    if (!family || extra !== undefined) fail(`“${p}” 不是 IP 地址或 CIDR（“true”会信任任何客户端自报的地址，不允许）`);
    if (bits !== undefined) {
      const n = /^\d+$/.test(bits) ? Number(bits) : NaN;
      if (!(n >= 1 && n <= (family === 4 ? 32 : 128))) fail(`“${p}” 的前缀长度应为 1-${family === 4 ? 32 : 128}（/0 等于信任所有地址）`);
    }
  }
  return parts.join(',');
}

/** The Temporal server to connect to: TEMPORAL_ADDRESS, or a server on this machine's default port. */
export function temporalAddress(config: Pick<Config, 'TEMPORAL_ADDRESS'>): string {
  return config.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
}

/** The one line start-up prints, and the annual report's start refuses with, while REPORT_EDITOR is unset. */
export const REPORT_EDITOR_UNSET =
  'REPORT_EDITOR is unset: the annual report schedule does not run until .env names the user id who fills in the report (条例 第四十九条)';

/** The user who fills in the annual report's manual sections and gets its reminders; a ConfigError while unset. */
export function reportEditor(c: Pick<Config, 'REPORT_EDITOR'>): string {
  if (!c.REPORT_EDITOR) throw new ConfigError(REPORT_EDITOR_UNSET);
  return c.REPORT_EDITOR;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])),
  );
  const r = schema.safeParse(picked);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new ConfigError(`invalid configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  const c = r.data;
  if (c.PAYLOAD_KEYS) {
    try {
      parsePayloadKeys(c.PAYLOAD_KEYS);
    } catch (e) {
      throw new ConfigError(`invalid configuration: PAYLOAD_KEYS: ${(e as Error).message}`);
    }
  }
  if (c.PORTAL_WEBHOOK_URL && !c.PORTAL_WEBHOOK_SECRET) {
    throw new ConfigError('invalid configuration: PORTAL_WEBHOOK_SECRET: required when PORTAL_WEBHOOK_URL is set');
  }
  return {
    ...c,
    databaseUrl: c.DATABASE_URL ?? `sqlite:${c.DATA_DIR}/register.db`,
    publicUrl: c.PUBLIC_URL ?? `http://${c.WEB_HOST}:${c.WEB_PORT}`,
    trustProxy: trustProxySetting(c.TRUST_PROXY),
  };
}
