import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from './auth';
import type { Register } from '../../register/db';
import { auditWeb, countInWindow } from '../../register/web';

/** Called once per key and window, on the first request over the limit: a flood must not flood the audit trail too. */
export type OnLimited = (key: string, max: number) => Promise<void>;

/**
 * @fastify/rate-limit counting in the register (table login_failures, fixed windows): every web process of the
 * agency shares the counts, they survive a restart, and they follow the server's clock (tests move it).
 */
function registerStore(db: Register, now: () => Date, onLimited: OnLimited) {
  return class RegisterStore {
    incr(key: string, cb: (e: Error | null, r?: { current: number; ttl: number }) => void, timeWindow: number, max: number): void {
      countInWindow(db, `rl|${key}`, now(), Math.max(1, Math.round(timeWindow / 1000)))
        .then(async ({ count, resetSeconds }) => {
          if (count === max + 1) await onLimited(key, max);
          cb(null, { current: count, ttl: resetSeconds * 1000 });
        })
        .catch((e: Error) => cb(e));
    }

    child(): RegisterStore {
      return this;
    }
  };
}

/** Who a limit's key names in the audit trail, and what was attempted: `<limit>|<who>`. */
const AUDIT: Record<string, (who: string) => { actor: string; subjectId: string; action: string }> = {
  intake: (who) => ({ actor: `apikey:${who}`, subjectId: '/api/applications', action: 'application.register' }),
  'login-address': (who) => ({ actor: 'anonymous', subjectId: who, action: 'login' }),
  'login-account': (who) => ({ actor: who.slice(0, 64), subjectId: who.slice(0, 64), action: 'login' }),
};

/**
 * Limits are declared per route (`config.rateLimit`, keys `<limit>|<who>`); nothing is limited by default. Each
 * first refusal of a window is written to the audit trail.
 */
export async function registerRateLimit(app: FastifyInstance, db: Register, now: () => Date): Promise<void> {
  const onLimited: OnLimited = async (key, max) => {
    const [limit, who] = [key.slice(0, key.indexOf('|')), key.slice(key.indexOf('|') + 1)];
    const a = AUDIT[limit]?.(who);
    if (a) await auditWeb(db, { at: now(), subjectKind: 'web', outcome: 'refused', detail: `rate limited: more than ${max} in the window`, ...a });
  };
  await app.register(rateLimit, { global: false, store: registerStore(db, now, onLimited), hook: 'preValidation' });
}

const QUARTER_HOUR = 15 * 60_000;
/** Login attempts from one address (any accounts) per quarter hour. */
export const LOGIN_PER_ADDRESS = 50;
/** Login attempts on one account (from any addresses) per quarter hour. */
export const LOGIN_PER_ACCOUNT = 30;
/** Current-password checks of one account per quarter hour, whatever the backoff between failures allows. */
export const PASSWORD_CHECKS = 20;

type Limit = (req: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** A fixed window that, once exceeded, refuses with 429, Retry-After and `message(seconds)` naming `field`. */
function windowLimit(app: FastifyInstance, max: number, key: (req: FastifyRequest) => string, message: (s: number) => string, field: string): Limit {
  const limit = app.createRateLimit({ max, timeWindow: QUARTER_HOUR, keyGenerator: key });
  return async (req, reply) => {
    const r = await limit(req);
    if (r.isAllowed || !r.isExceeded) return;
    void reply.header('retry-after', String(r.ttlInSeconds));
    throw new HttpError(429, 'rate_limited', message(r.ttlInSeconds), field);
  };
}

/**
 * Beside the per-account-and-address backoff of register/web.ts: one address trying many accounts, and one account
 * tried from many addresses, are each held to a number of attempts per quarter hour.
 */
export function loginLimits(app: FastifyInstance): Limit {
  const tooMany = (s: number) => `登录尝试过多，请 ${s} 秒后再试。`;
  const byAddress = windowLimit(app, LOGIN_PER_ADDRESS, (req) => `login-address|${req.ip}`, tooMany, 'password');
  const account = (req: FastifyRequest) => String((req.body as { user?: unknown } | undefined)?.user ?? '').trim().toLowerCase().slice(0, 64);
  const byAccount = windowLimit(app, LOGIN_PER_ACCOUNT, (req) => `login-account|${account(req)}`, tooMany, 'password');
  return async (req, reply) => {
    await byAddress(req, reply);
    await byAccount(req, reply);
  };
}

/** The fixed window on the current-password check. */
export const passwordCheckLimit = (app: FastifyInstance): Limit =>
  windowLimit(app, PASSWORD_CHECKS, (req) => `password-check|${req.user?.id ?? req.ip}`, (s) => `当前密码：核对次数过多，请 ${s} 秒后再试。`, 'current');
