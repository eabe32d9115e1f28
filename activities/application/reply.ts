import type { Config } from '../../config';
import type { Decision } from '../../domain/application';
import { chineseDate } from '../../domain/calendar';
import { letterNotice, outcome, outcomeName, remedyKind } from '../../domain/outcomes';
import type { ApplicationRow } from '../../register/applications';
import { fillLetter, withChineseDates } from './letter';

/**
 * The reply letter's text, line by line, composed from the editable templates (templates/letters/): the one
 * composition behind the DOCX the workflow renders (`renderReplyLetter`) and the preview the handler reads before
 * deciding (POST /api/applications/:id/letter-preview). No I/O beyond reading the templates.
 */

/** The sentence of a letter that says how it is delivered, by the intake's `delivery`. */
const DELIVERY_TEXT = {
  post: '本答复书以邮寄方式送达。',
  email: '本答复书以电子邮件方式送达。',
  fax: '本答复书以传真方式送达。',
  collect: '本答复书以直接送达方式送达，请您到本机关领取。',
} as const;

/** A free text typed by staff as a sentence of the letter: it ends with a full stop. */
function sentence(text: string): string {
  const t = text.trim();
  return t === '' || /[。！？；]”?$/.test(t) ? t : `${t}。`;
}

type LetterConfig = Pick<Config, 'AGENCY_CODE' | 'AGENCY_NAME' | 'REVIEW_AUTHORITY' | 'COURT'>;

/** What every letter and notice of a case names: its number, the applicant, the request, the agency. */
export function caseLetterhead(row: ApplicationRow, config: LetterConfig): Record<string, string> {
  return {
    id: row.id,
    agencyCode: config.AGENCY_CODE,
    year: String(row.year),
    sequence: String(row.sequence),
    applicantName: row.applicant_name,
    received: chineseDate(row.received_date),
    content: row.content,
    agency: config.AGENCY_NAME,
  };
}

/** The reply letter for `decision`, dated `date` (YYYY-MM-DD), as the lines `letterDocx` and `letterHtml` lay out. */
export function replyLetterLines(row: ApplicationRow, d: Decision, date: string, config: LetterConfig, dir?: string): string[] {
  const o = outcome(d.outcome);
  // 条例 第五十一条: the remedies, by the outcome's kind (domain/outcomes.ts remedyKind), naming the configured
  // 复议机关 and court; unset, the text names none rather than guess one (docs/letters.md).
  const { REVIEW_AUTHORITY, COURT } = config;
  const remedy = fillLetter(`remedy-${remedyKind(o.key)}`, { toReviewAuthority: REVIEW_AUTHORITY ? `向${REVIEW_AUTHORITY}` : '', toCourt: COURT ? `向${COURT}` : '' }, dir).join('');
  const competentAgency = d.competentAgency
    ? `负责公开该政府信息的行政机关为${d.competentAgency.name}${d.competentAgency.contact ? `，联系方式：${d.competentAgency.contact}` : ''}。`
    : '';
  const notice = letterNotice(o.key, d);
  const note = notice
    ? fillLetter(
        `note-${notice}`,
        {
          channel: sentence(d.provision ?? '请您依照《信访工作条例》的规定，通过信访渠道向有权处理的机关提出。'),
          howToObtain: sentence(d.provision ?? '请通过该出版物的公开发行渠道购买，或者到公共图书馆查阅。'),
          competentAgency: competentAgency || '本机关无法确定负责公开该政府信息的行政机关。',
        },
        dir,
      ).join('')
    : '';
  const intake = JSON.parse(row.intake) as { delivery?: keyof typeof DELIVERY_TEXT };
  const vars: Record<string, string> = {
    ...caseLetterhead(row, config),
    legalBasis: d.legalBasis,
    reasons: sentence(d.reasons),
    // 条例 第三十六条第（一）（二）项, 第四十条: how the information is provided, a sentence of its own.
    provision: d.provision ? sentence(d.provision) : '',
    withheld: sentence(d.withheld.map((w) => `${w.what}（${w.why}）`).join('；')),
    outcomeLabel: outcomeName(o.key),
    competentAgency,
    note,
    // How this letter reaches the applicant (the form chosen at intake, 条例 第四十条), a sentence of its own.
    delivery: DELIVERY_TEXT[intake.delivery ?? 'post'] ?? DELIVERY_TEXT.post,
    remedy,
    date: chineseDate(date),
  };
  return fillLetter(`reply-${o.group}`, vars, dir).map(withChineseDates);
}
