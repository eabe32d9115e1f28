/**
 * The command tree of `gongkai`: every group, verb, argument and option with its Chinese help. Commander
 * parses, checks the operand count and prints the help; each verb's work is in its group's file, loaded only
 * when that verb runs (so `--help` and `report check` load neither Temporal nor the database). require, not
 * import(): bin/gongkai.js runs under tsx's CommonJS hook, where import() of a .ts file does not resolve.
 */
import { Command, Help, InvalidArgumentError, Option } from 'commander';
import type { CliIO, Values, Verb } from './io';

type Opt = [flags: string, description: string] | [flags: string, description: string, 'many'];

const TITLES: Record<string, string> = {
  'Usage:': '用法：', 'Options:': '选项：', 'Commands:': '命令：', 'Arguments:': '参数：', 'Global Options:': '全局选项：',
};

/** Commander's own usage words in Chinese. */
const zhUsage = (text: string) => text.replace('[options]', '[选项]').replace('[command]', '[命令]');

/** Columns a string takes in a terminal: CJK characters and full-width punctuation take two. */
function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

const helpConfig: Partial<Help> = {
  styleTitle: (title: string) => TITLES[title] ?? title,
  sortSubcommands: false,
  displayWidth,
  commandUsage: (cmd: Command) => zhUsage(Help.prototype.commandUsage.call(new Help(), cmd)),
  subcommandTerm: (cmd: Command) => zhUsage(Help.prototype.subcommandTerm.call(new Help(), cmd)),
};

const AS: Opt = ['--as <USER>', '以该用户身份操作（用户名）'];
const JSON_OUT: Opt = ['--json', '以 JSON 输出'];
const NO_RECOMPUTE: Opt = ['--no-recompute', '不通知运行中的流程重算期限'];

/** A verb's options keyed by long name; a `--no-x` flag is `true` when given (commander stores x=false). */
function valuesOf(cmd: Command): Values {
  const parsed = cmd.opts();
  const values: Values = {};
  for (const o of cmd.options) {
    const name = o.long!.slice(2);
    const value = parsed[o.attributeName()] as Values[string];
    if (o.negate) values[name] = value === false ? true : undefined;
    else values[name] = value;
  }
  return values;
}

const lines = (write: (line: string) => void) => (text: string) => text.replace(/\n$/, '').split('\n').forEach(write);

/** Builds the program; `done` receives each verb's exit status. */
export function buildProgram(io: CliIO, done: (code: number) => void): Command {
  const program = new Command('gongkai')
    .description('公开（Gongkai）政府信息公开工作流：申请办理、信息发布审核、工作日历、年度报告的命令行工具')
    .exitOverride()
    .configureOutput({ writeOut: lines(io.out), writeErr: lines(io.err), outputError: () => undefined })
    .configureHelp(helpConfig)
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    .showSuggestionAfterError(false)
    .allowExcessArguments(false);

  const verb = (parent: Command, spec: string, summary: string, load: () => Verb, options: Opt[] = []): Command => {
    const cmd = parent.command(spec).description(summary);
    for (const [flags, description, many] of options) {
      const option = new Option(flags, description);
      // `--as --no-recompute` is a missing value, not a user called "--no-recompute".
      const value = (v: string) => {
        if (v.startsWith('--')) throw new InvalidArgumentError('缺少值');
        return v;
      };
      if (many) option.argParser((v: string, previous: string[] | undefined) => [...(previous ?? []), value(v)]);
      else if (option.required) option.argParser(value);
      cmd.addOption(option);
    }
    return cmd.action(async (...args: unknown[]) => {
      const c = args[args.length - 1] as Command;
      done(await load()(c.args, valuesOf(c), io));
    });
  };
  const group = (name: string, summary: string) => program.command(name).description(summary);

  // ---- application ----
  const app = group('application', '依申请公开：登记、查询、办理、复议诉讼');
  const appVerb = (name: string): Verb => (operands, v, out) =>
    (require('./application') as typeof import('./application')).applicationVerb(name, operands, v, out);
  verb(app, 'register', '登记一件申请（--file 申请 JSON）', () => appVerb('register'), [['--file <FILE>', '申请的 JSON 文件'], AS, JSON_OUT]);
  verb(app, 'show <ID>', '查看一件申请：登记信息、申请人、期限计算过程', () => appVerb('show'), [AS, JSON_OUT]);
  verb(app, 'list', '列出申请', () => appVerb('list'), [
    ['--status <STATUS>', '状态（如 open）'], ['--due-before <DATE>', '答复期限早于该日（YYYY-MM-DD）'], ['--handler <USER>', '承办人'], JSON_OUT,
  ]);
  verb(app, 'assign <ID>', '分派承办人', () => appVerb('assign'), [AS, ['--to <USER>', '承办人'], JSON_OUT]);
  verb(app, 'claim <ID>', '认领申请', () => appVerb('claim'), [AS, JSON_OUT]);
  verb(app, 'correct <ID>', '要求补正（--items、--period），或登记收到补正（--received）', () => appVerb('correct'), [
    AS, ['--items <ITEMS>', '补正事项，以分号分隔'], ['--period <N>', '补正期限（工作日）'], ['--received', '登记收到补正'], ['--date <DATE>', '日期（YYYY-MM-DD）'], JSON_OUT,
  ]);
  verb(app, 'consult <ID>', '征求第三方意见，或登记其答复（--reply）', () => appVerb('consult'), [
    AS, ['--party <PARTY>', '被征求意见方'], ['--addressee <NAME>', '收件人'], ['--reply <TEXT>', '答复意见'], ['--date <DATE>', '日期（YYYY-MM-DD）'], JSON_OUT,
  ]);
  verb(app, 'extend <ID>', '申请延期，或审批延期（--approve / --refuse）', () => appVerb('extend'), [
    AS, ['--reason <TEXT>', '理由'], ['--workdays <N>', '延长的工作日数'], ['--approve', '同意延期'], ['--refuse', '不同意延期'], JSON_OUT,
  ]);
  verb(app, 'decide <ID>', '作出答复决定（--file 决定 JSON）', () => appVerb('decide'), [AS, ['--file <FILE>', '决定的 JSON 文件'], JSON_OUT]);
  verb(app, 'notice-received <ID>', '登记告知书、通知书或征求意见函的送达（对方收到之日；补正、缴费、征求意见的期限自该日起算）', () => appVerb('notice-received'), [
    AS, ['--notice <NOTICE>', 'correction|fee|consultation|receipt|extension|art35'], ['--party <PARTY>', '征求意见函的被征求意见方（third-party|other-agency）'],
    ['--date <DATE>', '对方收到之日（YYYY-MM-DD）'], ['--by <METHOD>', 'direct（直接送达，签收）|post（邮寄送达，签收）|electronic（电子送达）'], JSON_OUT,
  ]);
  verb(app, 'notice-resubmit <ID>', '将未通过审核的告知书重新送审（本机关规定告知书须审核时）', () => appVerb('notice-resubmit'), [
    AS, ['--notice <KEY>', '告知书编号：correction|extension|fee|art35|consultation-<n>'], JSON_OUT,
  ]);
  verb(app, 'deliver <ID>', '登记送达', () => appVerb('deliver'), [AS, ['--method <METHOD>', '送达方式'], ['--date <DATE>', '送达日期（YYYY-MM-DD）'], JSON_OUT]);
  verb(app, 'appeal <ID>', '登记对已办结申请的复议或诉讼', () => appVerb('appeal'), [
    AS, ['--kind <KIND>', 'reconsideration|litigationDirect|litigationAfterReconsideration'], ['--date <DATE>', '提起日期（YYYY-MM-DD）'], ['--reason <NOTE>', '说明'], JSON_OUT,
  ]);
  verb(app, 'appeal-result <APPEAL_ID>', '登记复议或诉讼的结果', () => appVerb('appeal-result'), [
    AS, ['--result <RESULT>', 'upheld|corrected|otherResult'], ['--date <DATE>', '结果日期（YYYY-MM-DD）'], JSON_OUT,
  ]);

  // ---- item ----
  const item = group('item', '信息发布的三审（拟稿、初审、复审、终审）与审核规则');
  const itemVerb = (name: string): Verb => (operands, v, out) => (require('./item') as typeof import('./item')).itemVerb(name, operands, v, out);
  verb(item, 'submit', '提交一条信息送审', () => itemVerb('submit'), [['--file <FILE>', '信息的 JSON 文件'], AS, JSON_OUT]);
  verb(item, 'claim <ID>', '认领审核任务', () => itemVerb('claim'), [AS, JSON_OUT]);
  verb(item, 'unclaim <ID>', '放回审核任务', () => itemVerb('unclaim'), [AS, JSON_OUT]);
  verb(item, 'approve <ID>', '审核通过', () => itemVerb('approve'), [
    AS, ['--comment <TEXT>', '审核意见'], ['--checklist', '确认保密审查各项（条例第十七条；答复书按答复书的清单）'], ['--hash <SHA256>', '所审版本的哈希'], JSON_OUT,
  ]);
  verb(item, 'reject <ID>', '退回修改', () => itemVerb('reject'), [AS, ['--reason <TEXT>', '退回理由'], ['--to <STAGE>', '退回至的环节'], JSON_OUT]);
  verb(item, 'revise <ID>', '修改后重新提交', () => itemVerb('revise'), [
    AS, ['--file <BODY>', '新正文文件'], ['--title <TEXT>', '新标题'], ['--comment <TEXT>', '修改说明'], JSON_OUT,
  ]);
  verb(item, 'withdraw <ID>', '撤回送审', () => itemVerb('withdraw'), [AS, ['--reason <TEXT>', '理由'], JSON_OUT]);
  verb(item, 'reassign <ID>', '转办给环节分组中的另一人（督办）', () => itemVerb('reassign'), [AS, ['--to <USER>', '接办人'], ['--reason <TEXT>', '理由'], JSON_OUT]);
  verb(item, 'delegate <ID>', '委派给环节分组中的成员代为办理（督办）', () => itemVerb('delegate'), [AS, ['--to <USER>', '受委派人'], ['--reason <TEXT>', '理由'], JSON_OUT]);
  verb(item, 'retract <ID>', '撤稿（督办）', () => itemVerb('retract'), [AS, ['--reason <TEXT>', '撤稿理由'], JSON_OUT]);
  verb(item, 'show <ID>', '查看信息：状态、审核记录、保密提示、审计记录', () => itemVerb('show'), [JSON_OUT]);
  const policy = item.command('policy').description('审核规则（每类信息的审核环节）');
  const policyVerb = (name: string): Verb => (operands, v, out) => (require('./item') as typeof import('./item')).policyVerb(name, operands, v, out);
  verb(policy, 'list', '列出各类信息的审核规则', () => policyVerb('list'), [JSON_OUT]);
  verb(policy, 'show <CATEGORY>', '查看一类信息的审核规则', () => policyVerb('show'));
  verb(policy, 'set <FILE>', '保存审核规则（管理员）', () => policyVerb('set'), [AS]);

  // ---- calendar ----
  const cal = group('calendar', '工作日历（含调休），条例第四条');
  const calVerb = (name: string): Verb => (operands, v, out) => (require('./calendar') as typeof import('./calendar')).calendarVerb(name, operands, v, out);
  verb(cal, 'add-workdays <DATE> <N>', '某日之后的第 N 个工作日', () => calVerb('add-workdays'), [JSON_OUT]);
  verb(cal, 'is-workday <DATE>', '某日是否工作日', () => calVerb('is-workday'), [JSON_OUT]);
  verb(cal, 'coverage', '已导入放假安排的年份及其文号', () => calVerb('coverage'), [JSON_OUT]);
  verb(cal, 'import <FILE>', '导入一年的放假安排（国务院办公厅通知）', () => calVerb('import'), [AS, NO_RECOMPUTE, JSON_OUT]);
  const override = cal.command('override').description('本机关的日历调整（如停电、地方节日）');
  verb(override, 'add <DATE> <KIND> <REASON>', '增加调整：KIND 为 off（休息）或 work（上班）', () => calVerb('override add'), [AS, NO_RECOMPUTE, JSON_OUT]);
  verb(override, 'remove <DATE>', '删除调整', () => calVerb('override remove'), [AS, NO_RECOMPUTE, JSON_OUT]);
  verb(override, 'list', '列出调整', () => calVerb('override list'), [JSON_OUT]);
  verb(cal, 'recompute', '通知所有有期限的运行中流程重算期限', () => calVerb('recompute'), [['--reason <TEXT>', '原因'], AS]);
  verb(cal, 'fanouts', '日历变更通知了哪些在办申请、用时多久、已重算多少', () => calVerb('fanouts'), [['--limit <N>', '显示最近几次（默认 10）'], JSON_OUT]);

  // ---- clock ----
  const clock = group('clock', '法定答复期限的计算');
  verb(clock, 'explain', '由事件文件计算一件申请的答复期限并说明过程', () => (require('./clock') as typeof import('./clock')).explain, [
    ['--events <FILE>', '事件 JSON 文件（docs/clock.md）'], ['--today <DATE>', '以该日为今天（YYYY-MM-DD）'], JSON_OUT,
  ]);

  // ---- report ----
  const report = group('report', '年度报告：数据校验、生成、按年度的编写流程');
  const reportVerb = (name: string): Verb => (operands, v, out) => (require('./report') as typeof import('./report')).reportVerb(name, v, out);
  verb(report, 'check', '校验年度报告数据（条例第五十条）', () => reportVerb('check'), [['--data <FILE>', '报告数据 JSON'], ['--previous <FILE>', '上一年度的报告数据']]);
  verb(report, 'render', '按国家模板生成报告', () => reportVerb('render'), [
    ['--data <FILE>', '报告数据 JSON'], ['--format <FORMAT>', 'md|html|docx'], ['--out <PATH>', '输出文件'], ['--draft', '校验不通过时仍生成草稿'],
  ]);
  verb(report, 'data', '从登记库汇总某年的报告数据', () => reportVerb('data'), [['--year <YYYY>', '年度'], ['--out <FILE>', '输出文件'], ['--format <FORMAT>', '模板版本 2021|2019']]);
  verb(report, 'start', '开始某年的年度报告流程', () => reportVerb('start'), [['--year <YYYY>', '年度'], ['--as <EDITOR>', '编辑人']]);
  verb(report, 'edit', '填写第二部分数据或第一、五、六部分文字', () => reportVerb('edit'), [
    ['--year <YYYY>', '年度'], AS, ['--section2 <FILE>', '第二部分数据（.json 或 .csv）'], ['--narrative <一|五|六=FILE>', '某部分的文字，可重复', 'many'],
  ]);
  verb(report, 'submit', '提交年度报告送审', () => reportVerb('submit'), [['--year <YYYY>', '年度'], AS]);
  verb(report, 'show', '查看年度报告流程的状态', () => reportVerb('show'), [['--year <YYYY>', '年度'], JSON_OUT]);

  // ---- queue ----
  verb(program, 'queue', '某用户的待办审核任务，按时限排序', () => (require('./queue') as typeof import('./queue')).queue, [AS, JSON_OUT]);

  // ---- users ----
  const users = group('users', '用户、分组与角色');
  const userVerb = (name: string): Verb => (operands, v, out) => (require('./users') as typeof import('./users')).usersVerb(name, operands, v, out);
  verb(users, 'import <FILE>', '导入组织文件（用户、分组、角色）', () => userVerb('import'));
  verb(users, 'add <ID>', '新增用户；初始密码只显示一次', () => userVerb('add'), [
    ['--name <NAME>', '姓名'], ['--email <EMAIL>', '电子邮箱'], ['--roles <ROLES>', '角色，以逗号分隔：author,reviewer,handler,officeHead,supervisor,admin'],
    ['--groups <GROUPS>', '分组，以逗号分隔'], ['--section <SECTION>', '科室'], AS, JSON_OUT,
  ]);
  verb(users, 'disable <ID>', '停用用户并结束其所有会话', () => userVerb('disable'), [AS]);
  verb(users, 'reset-password <ID>', '重设密码（新密码只显示一次）并结束其所有会话', () => userVerb('reset-password'), [AS, JSON_OUT]);
  verb(users, 'roles <ID> [ROLES]', '查看用户的角色；给出 ROLES（以逗号分隔）则改为这些角色', () => userVerb('roles'), [AS, JSON_OUT]);

  // ---- apikey ----
  const apikey = group('apikey', '门户等外部系统使用的 API 密钥');
  const keyVerb = (name: string): Verb => (operands, v, out) => (require('./apikey') as typeof import('./apikey')).apikeyVerb(name, operands, v, out);
  verb(apikey, 'create <NAME>', '创建密钥；密钥只显示一次，库中只存其哈希', () => keyVerb('create'), [['--scope <SCOPE>', '权限范围，可重复，如 applications:intake', 'many'], AS, JSON_OUT]);
  verb(apikey, 'list', '列出密钥（不含密钥本身）', () => keyVerb('list'), [JSON_OUT]);
  verb(apikey, 'revoke <NAME>', '吊销该名称下所有有效密钥', () => keyVerb('revoke'), [AS]);

  return program;
}

/** Every command of the tree, depth first (the tests run `--help` on each). */
export function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(allCommands)];
}
