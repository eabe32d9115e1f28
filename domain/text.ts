/**
 * Text helpers every renderer shares: one HTML escaper and one `{{name}}` filler, so that the console, the
 * published site, the report's HTML, the emails and the letters escape and fill the same way.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c]);
}

/**
 * Replaces each `{{name}}` (spaces inside the braces allowed) by the value of that name. A placeholder without a
 * value is an error naming `what` (the template), never an empty gap in a letter or a notice.
 */
export function fillPlaceholders(text: string, vars: Record<string, string | number>, what: string): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    if (!(key in vars)) throw new Error(`${what}: no value for {{${key}}}`);
    return String(vars[key]);
  });
}
