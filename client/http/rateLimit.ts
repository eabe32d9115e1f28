import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
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
