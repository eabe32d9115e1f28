import { z } from 'zod';
import type { User } from '../../domain/org';
import type { Register } from '../../register/db';
import { getUser } from '../../register/org';
import {
  addSubstitute, auditWeb, checkCredentials, clearLoginFailures, deleteOtherSessions, loginWait, passwordCheckKey, recordLoginFailure,
  removeSubstitute, setPassword,
} from '../../register/web';

/** One's own account, for the console's form and the API alike: the password change and 外出代理人. */
export const passwordChangeSchema = z
  .object({ current: z.string().min(1, '请输入当前密码').max(256), password: z.string().min(10, '新密码至少 10 位').max(256), confirm: z.string().max(256) })
  .refine((b) => b.password === b.confirm, { path: ['confirm'], message: '两次输入的新密码不一致' });
export const substituteSchema = z
  .object({ substitute: z.string().min(1).max(64), from: z.iso.date(), to: z.iso.date() })
  .refine((b) => b.from <= b.to, { path: ['to'], message: '结束日期不能早于开始日期' });

/** The current password, each failure slowing the next try like a login (issue 13 finding 6). */
export type PasswordChange = { ok: true } | { ok: false; wait: number } | { ok: false; wrong: true };

export async function changePassword(
  db: Register, user: User, b: z.output<typeof passwordChangeSchema>, keepSession: string, now: Date,
): Promise<PasswordChange> {
  const limitKey = passwordCheckKey(user.id);
  const wait = await loginWait(db, limitKey, now);
  const audit = (outcome: 'done' | 'refused', detail?: string) =>
    auditWeb(db, { at: now, actor: user.id, subjectKind: 'user', subjectId: user.id, action: 'password.change', outcome, detail });
  if (wait > 0) {
    await audit('refused', `错误次数过多，需等待 ${wait} 秒`);
    return { ok: false, wait };
  }
  if (!(await checkCredentials(db, user.id, b.current))) {
    const failures = await recordLoginFailure(db, limitKey, now);
    await audit('refused', `当前密码错误（第 ${failures} 次）`);
    return { ok: false, wrong: true };
  }
  await clearLoginFailures(db, limitKey);
  await setPassword(db, user.id, b.password);
  await deleteOtherSessions(db, user.id, keepSession);
  await audit('done');
  return { ok: true };
}

export class SubstituteError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

/** Standing in for oneself means nothing; an unknown or inactive user would hold tasks nobody works. */
export async function addOwnSubstitute(db: Register, user: User, b: z.output<typeof substituteSchema>, now: Date): Promise<string> {
  if (b.substitute === user.id) throw new SubstituteError('代理人：不能指定本人为代理人', 'substitute');
  if (!(await getUser(db, b.substitute))?.active) throw new SubstituteError(`代理人：没有在职用户 ${b.substitute}`, 'substitute');
  const id = await addSubstitute(db, { userId: user.id, substitute: b.substitute, from: b.from, to: b.to, now });
  await auditWeb(db, { at: now, actor: user.id, subjectKind: 'substitute', subjectId: id, action: 'substitute.add', outcome: 'done', detail: `${b.substitute} ${b.from}..${b.to}` });
  return id;
}

export async function removeOwnSubstitute(db: Register, user: User, id: string, now: Date): Promise<boolean> {
  if (!(await removeSubstitute(db, id, user.id))) return false;
  await auditWeb(db, { at: now, actor: user.id, subjectKind: 'substitute', subjectId: id, action: 'substitute.remove', outcome: 'done' });
  return true;
}
