import { errorCodeLabels } from '../../../domain/dictionary';

/**
 * The server's message where it is Chinese; otherwise what its code means, so no English reaches a clerk.
 * The field paths a message names (`legalBasis：`, `events[3].date：`, `标签（path）：`) are for developers and the
 * CLI: the form shows the message at the field it names.
 */
export function chineseMessage(code: string, message: string | undefined): string {
  const label = errorCodeLabels[code] ?? errorCodeLabels.bad_request;
  if (!message) return label;
  const text = message.replace(/(^|：)[A-Za-z][\w.[\]-]*(?:: |：)/g, '$1').replace(/（[\w.[\]-]+）：/g, '：');
  // A message with English words in it (a rule written for developers) is replaced by what its code means; the
  // date format a rule names is not English.
  return /[\u4e00-\u9fff]/.test(text) && !/[A-Za-z]{3,}/.test(text.replace(/YYYY-MM-DD/g, '')) ? text : label;
}
