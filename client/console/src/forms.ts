import type { FormInstance } from 'antd';
import { ApiError } from './api';

/**
 * Puts a server refusal next to the field it names (its `field` is the body's key, nested keys joined by dots, list
 * indexes as numbers: `stages.1.group` is the field `['stages', 1, 'group']` of a Form.List);
 * `aliases` maps a body key to the form's field where they differ. Without a field, or for a field the form does
 * not have, returns the text for the form's own alert.
 */
export function showServerError(form: FormInstance, e: unknown, aliases: Record<string, string> = {}): string | null {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof ApiError && e.field) {
    const name = (aliases[e.field] ?? e.field).split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
    if (form.getFieldInstance(name) !== undefined || form.getFieldsValue(true)[name[0]] !== undefined) {
      form.setFields([{ name, errors: [message] }]);
      return null;
    }
  }
  return message;
}
