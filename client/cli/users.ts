/**
 * `gongkai users import FILE`: loads users, groups and roles into the register (domain/org.ts format).
 * `gongkai users add|disable|reset-password|roles`: one user at a time, audited. A new or reset password is
 * random and shown once: the administrator hands it over, the user changes it under 个人设置.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { z } from 'zod';
import { organisationFile, roles as allRoles, type Role } from '../../domain/org';
import { getUser, importOrganisation, setUserRoles } from '../../register/org';
import { auditWeb } from '../../register/web';
import * as admin from '../services/admin';
import { withAdmin, withRegister } from './reviewServices';
import { str, UsageError, type CliIO, type Values } from './io';
import { zodText } from '../zodText';

const userShape = organisationFile.shape.users.element;
const list = (s: string | undefined) => (s === undefined ? undefined : s.split(/[,，]/).map((x) => x.trim()).filter(Boolean));
const addInput = userShape.pick({ id: true, name: true, email: true, section: true, roles: true, groups: true });
const rolesInput = z.array(z.enum(allRoles)).min(1);
const LABELS = { name: '姓名', id: '用户名' };

/** Who the audit trail names: `--as`, else the operating-system account running the command. */
const actorOf = (v: Values) => str(v, 'as') ?? `os:${os.userInfo().username}`;

async function importFile(file: string, io: CliIO): Promise<number> {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const parsed = organisationFile.safeParse(json);
  if (!parsed.success) throw new UsageError(`${file}: ${zodText(parsed.error, LABELS)}`);
  const r = await withRegister((db) => importOrganisation(db, parsed.data));
  io.out(`imported ${r.users} users, ${r.groups} groups`);
  return 0;
}


async function add(id: string, v: Values, io: CliIO): Promise<number> {
  const parsed = addInput.safeParse({ id, name: str(v, 'name'), email: str(v, 'email'), section: str(v, 'section'), roles: list(str(v, 'roles')), groups: list(str(v, 'groups')) });
  if (!parsed.success) throw new UsageError(zodText(parsed.error, LABELS));
  return withAdmin(actorOf(v), (l) => io.err(l), async (c) => {
    const { password } = await admin.createUser(c, parsed.data);
    io.out(v.json ? JSON.stringify({ id, password }) : `${id}  初始密码 ${password}（只显示这一次）`);
  });
}

async function disable(id: string, v: Values, io: CliIO): Promise<number> {
  return withAdmin(actorOf(v), (l) => io.err(l), async (c) => {
    await admin.disable(c, id);
    io.out(`${id}  已停用，会话已全部结束`);
  });
}

async function resetPassword(id: string, v: Values, io: CliIO): Promise<number> {
  return withAdmin(actorOf(v), (l) => io.err(l), async (c) => {
    const { password } = await admin.resetPassword(c, id);
    io.out(v.json ? JSON.stringify({ id, password }) : `${id}  新密码 ${password}（只显示这一次）`);
  });
}

async function setRoles(id: string, given: string | undefined, v: Values, io: CliIO): Promise<number> {
  let wanted: Role[] | undefined;
  if (given !== undefined) {
    const parsed = z.object({ roles: rolesInput }).safeParse({ roles: list(given) });
    if (!parsed.success) throw new UsageError(zodText(parsed.error));
    wanted = parsed.data.roles;
  }
  return withRegister(async (db) => {
    const before = await getUser(db, id);
    if (!before) {
      io.err(`refused: 没有用户 ${id}`);
      return 1;
    }
    if (wanted) {
      await setUserRoles(db, id, wanted);
      await auditWeb(db, { at: new Date(), actor: actorOf(v), subjectKind: 'user', subjectId: id, action: 'user.roles', outcome: 'done', detail: `${before.roles.join(',')} → ${wanted.join(',')}` });
    }
    const shown = wanted ?? before.roles;
    io.out(v.json ? JSON.stringify({ id, roles: shown }) : `${id}  ${shown.join(',')}`);
    return 0;
  });
}

/** One verb of `gongkai users` (program.ts declares its operands and options). */
export async function usersVerb(verb: string, operands: string[], v: Values, io: CliIO): Promise<number> {
  const [id, arg] = operands;
  switch (verb) {
    case 'import':
      return importFile(id, io);
    case 'add':
      return add(id, v, io);
    case 'disable':
      return disable(id, v, io);
    case 'reset-password':
      return resetPassword(id, v, io);
    case 'roles':
      return setRoles(id, arg, v, io);
    default:
      throw new UsageError(`未知命令 users ${verb}`);
  }
}
