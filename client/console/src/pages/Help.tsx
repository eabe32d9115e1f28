import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Card, Result, Table, Tag } from 'antd';
import { outcomeLabels, reportStateLabels, secrecyChecklistLabels } from '../../../../domain/dictionary';
import { outcomeGroupLabels, outcomeGroups, outcomes, remedyKind, type RemedyKind } from '../../../../domain/outcomes';
import { CONSULTATION_WORKDAYS, CORRECTION_NOTICE_WORKDAYS, FEE_PAYMENT_WORKDAYS, MAX_EXTENSION_WORKDAYS, REPLY_WORKDAYS } from '../../../../domain/clock/deadlines';
import { defaultPolicy } from '../../../../domain/review/policy';
import { helpTopics, type HelpTopic } from '../help';

/** What a reply letter tells the applicant about 救济途径 (条例 第五十一条), by the kind domain/outcomes.ts gives each outcome. */
const REMEDY_TEXT: Record<RemedyKind, string> = {
  either: '可申请行政复议，也可直接提起行政诉讼',
  reconsiderationFirst: '须先申请行政复议（复议前置）',
  split: '不予公开的部分须先申请行政复议，其余部分两者均可',
};

const threeTier = defaultPolicy('规划计划')!;
const sensitive = defaultPolicy('部门预算')!;

function Review() {
  return (
    <>
      <p>每条拟在网站公开的信息，发布前都要按其类别的审核策略逐级审核。默认的顺序是：</p>
      <ol>{threeTier.stages.map((s) => <li key={s.key}><b>{s.name}</b>：办理时限 {s.slaWorkdays} 个工作日</li>)}</ol>
      <p>部门预算、人事信息、年度报告等敏感类别，在终审后再加“{sensitive.stages[sensitive.stages.length - 1].name}”。各类别的环节、审核分组和时限由系统管理员在“系统管理 → 审核策略”中设置，修改只适用于此后提交的信息。</p>
      <h2>认领与办理</h2>
      <p>每个环节由一个分组审核，分组内任何一人都可在“我的待办”中认领；认领后由其办理，也可放弃认领交给他人。超过办理时限的任务标为逾期。</p>
      <p>审核通过即进入下一环节，最后一个环节通过后发布到网站。退回时写明理由，拟稿人修改后重新提交，从审核策略规定的环节（通常为初审）重新审核。修改前后的版本可以对比查看。</p>
      <h2>保密审查</h2>
      <p>《政府信息公开条例》第十七条要求公开前依照保密法律法规进行审查。本系统在复审时进行保密审查，审核人通过前须逐项确认：</p>
      <ul>{Object.values(secrecyChecklistLabels).map((t) => <li key={t}>{t}</li>)}</ul>
      <p>任何一项不能确认的，应退回修改，不得通过。</p>
      <p>外出期间可在 <Link to="/account">个人设置</Link> 中指定代理人，代理人可办理您的审核任务。</p>
    </>
  );
}

function Deadlines() {
  return (
    <>
      <p>期限均按工作日计算：周末、法定节假日不计，调休上班日计入；本机关调整的日期也按调整后计算（见“系统管理 → 工作日历”）。以下条款均指《政府信息公开条例》。</p>
      <Table size="small" pagination={false} rowKey="what" scroll={{ x: 640 }} dataSource={[
        { what: '收到申请之日', rule: '当面提交为提交之日；挂号邮寄为签收之日；平信、网上、传真为双方确认之日', basis: '第三十一条' },
        { what: '答复期限', rule: `自收到申请之日起 ${REPLY_WORKDAYS} 个工作日内答复`, basis: '第三十三条第二款' },
        { what: '延长答复期限', rule: `需要延长的，经政府信息公开工作机构负责人同意并告知申请人，可延长一次，最长 ${MAX_EXTENSION_WORKDAYS} 个工作日`, basis: '第三十三条第二款' },
        { what: '补正', rule: `申请内容不明确的，自收到申请之日起 ${CORRECTION_NOTICE_WORKDAYS} 个工作日内一次性告知补正；等待补正期间不计算答复期限，收到补正后的申请之日起重新计算 ${REPLY_WORKDAYS} 个工作日；无正当理由逾期不补正的，视为放弃申请`, basis: '第三十条' },
        { what: '征求意见', rule: `征求第三方或其他机关意见的，对方自收到征求意见书之日起 ${CONSULTATION_WORKDAYS} 个工作日内提出意见；征求意见所需时间不计入答复期限`, basis: '第三十二条、第三十四条、第三十三条第三款' },
        { what: '信息处理费', rule: `申请人自收到收费通知的次日起 ${FEE_PAYMENT_WORKDAYS} 个工作日内缴费，其间答复期限暂停计算；逾期未缴视为放弃申请`, basis: '第四十二条、国办函〔2020〕109号第六条' },
        { what: '数量、频次明显超过合理范围', rule: '可要求申请人说明理由；理由不合理的不予处理，合理但难以按期答复的，可确定延迟答复的合理期限并告知申请人', basis: '第三十五条' },
      ]} columns={[
        { title: '事项', dataIndex: 'what', width: 140 },
        { title: '规则', dataIndex: 'rule', render: (t: string) => <div style={{ minWidth: 220, whiteSpace: 'normal' }}>{t}</div> },
        { title: '依据', dataIndex: 'basis', width: 160 },
      ]} />
      <p>每件申请的详情页列出其期限的每一步计算和依据。即将到期、今日到期、已逾期的申请在“督办看板”和“逾期督办”中提示。答复的内容见 <Link to="/help/outcomes">答复类型</Link>。</p>
    </>
  );
}

function Outcomes() {
  return (
    <>
      <p>依申请公开的答复分为六类共 {outcomes.length} 种，与年度报告第三部分“本年度办理结果”的行一一对应（国办公开办函〔2021〕30号格式）。作出答复决定时选择其中一种，系统据此生成答复书、告知救济途径，并在年度报告中计数。</p>
      {outcomeGroups.map((g) => {
        const rows = outcomes.filter((o) => o.group === g);
        return (
          <Card key={g} size="small" title={outcomeGroupLabels[g]} style={{ marginBottom: 12 }}>
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {rows.map((o) => (
                <li key={o.key}>
                  <b>{outcomeLabels[o.key]}</b>
                  {o.basis.length > 0 && <span style={{ color: '#666', marginLeft: '1em' }}>依据：{o.basis.join('、')}</span>}
                  {'only2021' in o && <Tag style={{ marginLeft: 8 }}>2021 年格式起单列</Tag>}
                </li>
              ))}
            </ul>
            {/* The remedy follows the group (domain/outcomes.ts remedyKind). */}
            <p style={{ margin: '8px 0 0', color: '#666' }}>救济途径：{REMEDY_TEXT[remedyKind(rows[0].key)]}</p>
          </Card>
        );
      })}
      <p>不予公开、无法提供、不予处理的，答复书须写明理由；部分公开的，须写明不公开的部分及理由（第三十七条）。期限见 <Link to="/help/deadlines">依申请公开的期限</Link>。</p>
    </>
  );
}

function Report() {
  return (
    <>
      <p>《政府信息公开条例》第四十九条要求每年 1 月 31 日前公布本机关上一年度的政府信息公开工作年度报告；第五十条规定报告的内容。格式采用国办公开办函〔2021〕30号。</p>
      <ol>
        <li>年初系统从登记簿汇总上一年度的数据：主动公开、依申请公开的收到和办理结果、行政复议和诉讼。</li>
        <li>填报人补写文字部分（总体情况、存在的问题及改进情况、其他需要报告的事项），可修改第二部分的数据；系统核对各表数据是否相符。</li>
        <li>提交后按“政府信息公开年度报告”类别的审核策略审核，终审后由主要负责人审签。</li>
        <li>审核通过后发布到网站。</li>
      </ol>
      <p>报告的状态依次为：{Object.values(reportStateLabels).join(' → ')}。临近期限和逾期时，系统发邮件提醒。</p>
    </>
  );
}

function Admin() {
  return (
    <>
      <p>系统管理只对系统管理员开放，每项修改都记入审计日志。</p>
      <h2>用户与接口密钥</h2>
      <p>新建用户或重置密码时，系统生成的密码只显示一次，请当面告知本人。停用用户后其会话立即结束。接口密钥供门户网站登记申请，也只显示一次。</p>
      <h2>工作日历</h2>
      <p>国务院办公厅每年年底发布下一年的节假日安排。收到通知后，在“工作日历”中上传安排文件：系统先列出哪些日期的上班或休息状态会改变、哪些在办申请的答复期限会移动，确认后才导入，并通知所有在办事项重新计算期限。本机关另行放假或加班的日期可单独添加或取消。</p>
      <h2>审核策略</h2>
      <p>每个信息类别一套策略：审核环节的顺序、每个环节由哪个分组审核、办理时限（工作日）、哪个环节进行保密审查，以及退回修改后从哪个环节重新审核。见 <Link to="/help/review">三审</Link>。</p>
    </>
  );
}

function Account() {
  return (
    <>
      <h2>修改密码</h2>
      <p>新密码至少 10 位，须先输入当前密码。修改后，您在其他电脑或浏览器上的登录会退出。当前密码多次输错的，需要等待一段时间后再试。</p>
      <h2>外出代理人</h2>
      <p>出差、休假前指定代理人和起止日期：期间内您的审核任务也会出现在代理人的待办中，由其代为办理。为您代理的安排也列在这里。</p>
    </>
  );
}

const BODIES: Record<HelpTopic, () => ReactNode> = { review: Review, deadlines: Deadlines, outcomes: Outcomes, report: Report, admin: Admin, account: Account };

/** 帮助: short pages in Chinese on how the office's work runs here; the list of topics without one. */
export default function Help() {
  const { topic } = useParams();
  const others = (
    <p style={{ marginTop: 24 }}>其他帮助：{helpTopics.filter((t) => t.key !== topic).map((t, i) => <span key={t.key}>{i > 0 && '　'}<Link to={`/help/${t.key}`}>{t.title}</Link></span>)}</p>
  );
  if (!topic) {
    return (
      <>
        <h1>帮助</h1>
        <ul className="gk-help">{helpTopics.map((t) => <li key={t.key}><Link to={`/help/${t.key}`}>{t.title}</Link></li>)}</ul>
      </>
    );
  }
  const entry = helpTopics.find((t) => t.key === topic);
  if (!entry) return <Result status="404" title="没有这个帮助主题" extra={others} />;
  const Body = BODIES[entry.key];
  return (
    <div className="gk-help">
      <h1>帮助：{entry.title}</h1>
      <Body />
      {others}
    </div>
  );
}
