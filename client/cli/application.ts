/**
 * `gongkai application register --file app.json --as USER`, `show ID [--as USER]`,
 * `list [--status open] [--due-before DATE] [--handler USER]`, and the case actions
 * `assign|claim|correct|consult|extend|decide|deliver ID --as USER ...`; appeals against a closed application:
 * `appeal ID --kind reconsideration|litigationDirect|litigationAfterReconsideration --date DATE --as USER [--reason NOTE]`
 * and `appeal-result APPEAL_ID --result upheld|corrected|otherResult --date DATE --as USER`.
 * Exit 0 done, 1 refused by a rule, 2 bad arguments (refusals are printed by `main.ts`, see `failures.ts`).
 */
import { readFile } from 'node:fs/promises';
import { label } from '../../domain/dictionary';
import { loadConfig } from '../../config';
import * as d from '../../workflows/application/definitions';
import { migrateRegister, openRegister } from '../../register/db';
import { openServices, type Services } from '../context';
import {
  applicationHandle,
  concludeAppealCase,
  fileAppeal,
  listOpen,
  registerApplication,
  showApplication,
} from '../services/applications';
import { str, UsageError, type CliIO, type Values } from './io';

const need = (v: Values, name: string): string => {
  const x = str(v, name);
  if (!x) throw new UsageError(`缺少 --${name}`);
  return x;
};
const int = (s: string, name: string) => {
  if (!/^\d+$/.test(s)) throw new UsageError(`--${name}：应为整数`);
  return Number(s);
};

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`--file ${file}：无法作为 JSON 读取（${(e as Error).message}）`);
  }
}

/** Runs one update on the case; the workflow's validator refuses with the rule named. */
async function act(s: Services, action: string, v: Values, id: string): Promise<d.ApplicationState> {
  const h = applicationHandle(s, id);
  const actor = need(v, 'as');
  switch (action) {
    case 'assign':
      return h.executeUpdate(d.assignUpdate, { args: [{ actor, handler: need(v, 'to') }] });
    case 'claim':
      return h.executeUpdate(d.claimUpdate, { args: [{ actor }] });
    case 'correct':
      return v.received
        ? h.executeUpdate(d.correctionReceivedUpdate, { args: [{ actor, date: str(v, 'date') }] })
        : h.executeUpdate(d.requestCorrectionUpdate, { args: [{ actor, items: need(v, 'items').split(/[;；]/).map((t) => t.trim()).filter(Boolean), periodWorkdays: int(need(v, 'period'), 'period') }] });
    case 'consult':
      return str(v, 'reply')
        ? h.executeUpdate(d.consultationReplyUpdate, { args: [{ actor, party: need(v, 'party') as never, reply: need(v, 'reply'), date: str(v, 'date') }] })
        : h.executeUpdate(d.consultUpdate, { args: [{ actor, party: need(v, 'party') as never, addressee: need(v, 'addressee') }] });
    case 'extend':
      if (v.approve || v.refuse) return h.executeUpdate(d.decideExtensionUpdate, { args: [{ actor, approve: v.approve === true, note: str(v, 'reason') }] });
      return h.executeUpdate(d.requestExtensionUpdate, { args: [{ actor, reason: need(v, 'reason'), workdays: str(v, 'workdays') ? int(need(v, 'workdays'), 'workdays') : undefined }] });
    case 'decide':
      return h.executeUpdate(d.decideUpdate, { args: [{ actor, decision: (await readJson(need(v, 'file'))) as never }] });
    case 'notice-received':
      return h.executeUpdate(d.recordNoticeReceiptUpdate, {
        args: [{ actor, notice: need(v, 'notice') as d.ReceiptNotice | d.DeliveredNotice, party: str(v, 'party') as never, deliveredOn: need(v, 'date'), deliveredBy: need(v, 'by') as never }],
      });
    case 'notice-resubmit':
      return h.executeUpdate(d.resubmitNoticeUpdate, { args: [{ actor, key: need(v, 'notice') }] });
    case 'deliver':
      return h.executeUpdate(d.recordDeliveryUpdate, { args: [{ actor, method: need(v, 'method') as d.DeliveryMethod, date: str(v, 'date') }] });
    default:
      throw new UsageError(`未知命令 ${action}`);
  }
}

/** One verb of `gongkai application` (program.ts declares its operands and options). */
export async function applicationVerb(action: string, operands: string[], v: Values, io: CliIO): Promise<number> {
  const id = operands[0]; // commander has checked that every verb but register and list has its <ID>
  if (action === 'appeal' || action === 'appeal-result') return appealCommand(action, id, v, io);
  const services = await openServices(loadConfig());
  try {
    if (action === 'register') {
      const r = await registerApplication(services, (await readJson(need(v, 'file'))) as never, need(v, 'as'));
      io.out(v.json ? JSON.stringify(r) : `${r.id}  收到申请之日 ${r.received}${r.created ? '' : '（已登记）'}`);
      return 0;
    }
    if (action === 'list') {
      const rows = await listOpen(services, { status: str(v, 'status'), dueBefore: str(v, 'due-before'), handler: str(v, 'handler') });
      if (v.json) io.out(JSON.stringify(rows));
      else for (const r of rows) io.out(`${r.id}  ${label('applicationStages', r.stage)}  ${r.handler ?? '未分派'}  收到 ${r.received}  期限 ${r.due ?? '—'}${r.outcome ? `  ${label('outcomes', r.outcome)}` : ''}`);
      return 0;
    }
    if (action === 'show') {
      const r = await showApplication(services, id, str(v, 'as') ?? '');
      if (!r) {
        io.err(`error: 登记簿中没有申请 ${id}`);
        return 1;
      }
      if (v.json) io.out(JSON.stringify(r));
      else {
        io.out(`${r.row.id}  ${label('applicationStages', r.row.stage)}  承办人 ${r.row.handler ?? '未分派'}  答复期限 ${r.row.due ?? '—'}${r.row.outcome ? `  结果 ${label('outcomes', r.row.outcome)}` : ''}`);
        io.out(`申请人 ${r.applicant.name}  证件 ${r.applicant.idNumber}`);
        for (const s of r.state?.clock?.steps ?? []) io.out(`  ${s.date}  ${s.article}  ${s.warning ? '【警告】' : ''}${s.text}`);
      }
      return 0;
    }
    const state = await act(services, action, v, id);
    io.out(v.json ? JSON.stringify(state) : `${id}  ${label('applicationStages', state.stage)}  答复期限 ${state.clock?.due ?? '—'}`);
    return 0;
  } finally {
    await services.close();
  }
}

/** Appeals touch the register only: no Temporal connection is needed. */
async function appealCommand(action: 'appeal' | 'appeal-result', id: string, v: Values, io: CliIO): Promise<number> {
  const actor = need(v, 'as');
  const config = loadConfig();
  const db = openRegister(config.databaseUrl);
  try {
    await migrateRegister(db);
    if (action === 'appeal') {
      const appealId = await fileAppeal({ db }, { applicationId: id, kind: need(v, 'kind') as never, filedDate: need(v, 'date'), note: str(v, 'reason') }, actor);
      io.out(v.json ? JSON.stringify({ id: appealId }) : appealId);
    } else {
      await concludeAppealCase({ db }, id, { date: need(v, 'date'), result: need(v, 'result') as never }, actor);
      io.out(`${id}  ${str(v, 'result')}  ${str(v, 'date')}`);
    }
    return 0;
  } finally {
    await db.destroy();
  }
}
