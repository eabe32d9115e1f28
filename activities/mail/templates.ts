import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Email templates are plain files the agency edits (templates/email/NAME.txt): the first line is
 * `Subject: ...`, the rest is the body; `{{name}}` is replaced by the variable of that name.
 */
export const defaultTemplateDir = path.resolve(__dirname, '../../templates/email');

export interface RenderedEmail {
  subject: string;
  text: string;
}

export function renderTemplate(name: string, vars: Record<string, string | number>, dir = defaultTemplateDir): RenderedEmail {
  if (!/^[\w-]+$/.test(name)) throw new Error(`template: invalid name "${name}"`);
  const raw = fs.readFileSync(path.join(dir, `${name}.txt`), 'utf8');
  const filled = raw.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    if (!(key in vars)) throw new Error(`template ${name}: no value for {{${key}}}`);
    return String(vars[key]);
  });
  const [first, ...rest] = filled.split('\n');
  const m = /^Subject:\s*(.+)$/.exec(first);
  if (!m) throw new Error(`template ${name}: the first line must be "Subject: ..."`);
  return { subject: m[1].trim(), text: rest.join('\n').replace(/^\n+/, '') };
}
