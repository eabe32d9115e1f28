/**
 * `gongkai item submit --file item.json --as USER`
 * `gongkai item claim|unclaim|approve|reject|revise|withdraw|reassign|delegate|retract ID --as USER [options]`
 * `gongkai item show ID [--json]`
 * The 三审 review of an item (statute §5). Exit 0 done; 1 refused or failed; 2 bad arguments or input.
 */
import * as fs from 'node:fs';
import { act, getItem, submitItem, type Action } from '../services/review';
import { policySchema } from '../../domain/review/policy';
import { secrecyHints } from '../../domain/review/secrecy';
import { getUser } from '../../register/org';
import { getReviewPolicy, listReviewPolicies, seedReviewPolicies, setReviewPolicyAudited } from '../../register/review';
import { withRegister, withServices } from './reviewServices';
import { str, UsageError, type CliIO, type Values } from './io';
import { zodText } from '../zodText';

function need(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`缺少 ${name}`);
  return value;
}

function readFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--file ${file}：无法读取（${(e as Error).message}）`);
  }
}

function toAction(verb: string, v: Values): Action {
  switch (verb) {
    case 'claim':
    case 'unclaim':
      return { action: verb };
    case 'approve':
      return {
        action: 'approve', comment: str(v, 'comment'), hash: str(v, 'hash'),
        // --checklist: the reviewer confirms every 保密审查 item of the item's category (条例 第十七条; a reply letter has its own).
        checklist: v.checklist ? 'all' : undefined,
      };
    case 'reject':
      return { action: 'reject', reason: need(str(v, 'reason'), '--reason'), to: str(v, 'to') };
    case 'revise':
      return { action: 'revise', body: readFile(need(str(v, 'file'), '--file')), title: str(v, 'title'), comment: str(v, 'comment') };
    case 'withdraw':
      return { action: 'withdraw', reason: str(v, 'reason') };
    case 'reassign':
    case 'delegate':
      return { action: verb, to: need(str(v, 'to'), '--to'), reason: str(v, 'reason') };
    case 'retract':
      return { action: 'retract', reason: need(str(v, 'reason'), '--reason') };
    default:
      throw new UsageError(`未知命令 ${verb}`);
  }
}

/** Review policies are data (statute §5: each agency sets its own rule); an admin edits them here. */
export async function policyVerb(sub: string, operands: string[], v: Values, io: CliIO): Promise<number> {
  const [arg] = operands;
  return withRegister(async (db) => {
    await seedReviewPolicies(db, new Date().toISOString());
    if (sub === 'list' && !arg) {
      const rows = await listReviewPolicies(db);
      if (v.json) io.out(JSON.stringify(rows.map((r) => r.policy)));
      else for (const { policy: p, updatedBy, updatedAt } of rows) {
        io.out(`${p.category}: ${p.stages.map((st) => `${st.name}(${st.group}, ${st.slaWorkdays}WD)`).join(' → ')}  re-entry ${p.reentryStage}${p.enabled ? '' : '  （未启用：不送审）'}  (${updatedBy} ${updatedAt})`);
      }
      return 0;
    }
    if (sub === 'show' && arg) {
      const p = await getReviewPolicy(db, arg);
      if (!p) {
        io.err(`error: 类别“${arg}”没有审核规则`);
        return 1;
      }
      io.out(JSON.stringify(p, null, 2));
      return 0;
    }
    if (sub === 'set' && arg) {
      const admin = await getUser(db, need(str(v, 'as'), '--as'));
      if (!admin?.active || !admin.roles.includes('admin')) {
        io.err(`refused: ${str(v, 'as')} 不是在职的管理员`);
        return 1;
      }
      let json: unknown;
      try {
        json = JSON.parse(readFile(arg));
      } catch (e) {
        if (e instanceof UsageError) throw e;
        throw new UsageError(`${arg}：不是 JSON（${(e as Error).message}）`);
      }
      const parsed = policySchema.safeParse(json);
      if (!parsed.success) throw new UsageError(`${arg}：${zodText(parsed.error)}`);
      await setReviewPolicyAudited(db, parsed.data, admin.id, new Date().toISOString(), null);
      // Items already in review keep the policy they started with (it is in their history).
      io.out(`policy ${parsed.data.category} saved; new items use it`);
      return 0;
    }
    throw new UsageError(`未知命令 policy ${sub}`);
  });
}

/** One verb of `gongkai item` (program.ts declares its operands and options). */
export async function itemVerb(verb: string, operands: string[], v: Values, io: CliIO): Promise<number> {
  // A refusal is printed by main.ts, its exit status by its kind (cli/failures.ts).
  if (verb === 'submit') {
    const file = need(str(v, 'file'), '--file');
    let raw: unknown;
    try {
      raw = JSON.parse(readFile(file));
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--file ${file}：不是 JSON（${(e as Error).message}）`);
    }
    const r = await withServices((s) => submitItem(s, raw, need(str(v, 'as'), '--as')));
    io.out(v.json ? JSON.stringify(r) : r.itemId);
    return 0;
  }
  const id = operands[0];
  if (verb === 'show') {
    const view = await withServices((s) => getItem(s, id));
    if (v.json) {
      io.out(JSON.stringify(view, null, 2));
      return 0;
    }
    const i = view.item;
    io.out(`${i.id}  ${i.title}`);
    io.out(`类别 ${i.category}  栏目 ${i.column_name}  作者 ${i.author}  状态 ${i.status}  环节 ${i.stage ?? '-'}  认领 ${i.holder ?? '-'}  时限 ${i.due ?? '-'}`);
    io.out(`当前版本 v${i.current_version}  ${i.current_hash}`);
    const body = view.state?.versions[view.state.versions.length - 1]?.body ?? '';
    // 保密审查 hints for the reviewer (statute §5: no full ID numbers, bank cards on the web): a hint, not a verdict.
    for (const h of secrecyHints(body)) io.out(`  保密提示 ${h.kind}: ${h.match}`);
    for (const a of view.state?.approvals ?? []) io.out(`  审核 ${a.stage} ${a.by} ${a.at} ${a.hash === i.current_hash ? '有效' : '已作废'}${a.comment ? ` ${a.comment}` : ''}`);
    io.out('审计记录:');
    for (const a of view.audit) io.out(`  ${a.at}  ${a.actor}  ${a.action}  ${a.outcome}${a.detail ? `  ${a.detail}` : ''}`);
    return 0;
  }
  const action = toAction(verb, v);
  const r = await withServices((s) => act(s, id, need(str(v, 'as'), '--as'), action));
  io.out(v.json ? JSON.stringify(r) : `${id}: ${r.status}${r.stage ? ` ${r.stage}` : ''}${r.holder ? ` (${r.holder})` : ''} v${r.version}`);
  return 0;
}
