import * as fs from 'node:fs';
import * as path from 'node:path';
import { fillPlaceholders } from '../../domain/text';

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
  const filled = fillPlaceholders(raw, vars, `template ${name}`);
  const [first, ...rest] = filled.split('\n');
  const m = /^Subject:\s*(.+)$/.exec(first);
  if (!m) throw new Error(`template ${name}: the first line must be "Subject: ..."`);
  return { subject: m[1].trim(), text: rest.join('\n').replace(/^\n+/, '') };
}
