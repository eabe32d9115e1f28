import type { FormInstance } from 'antd';
import { ApiError } from './api';

/**
 * Puts a server refusal next to the field it names (its `field` is the body's key, nested keys joined by dots);
 * `aliases` maps a body key to the form's field where they differ. Without a field, or for a field the form does
 * not have, returns the text for the form's own alert.
 */
export function showServerError(form: FormInstance, e: unknown, aliases: Record<string, string> = {}): string | null {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof ApiError && e.field) {
    const name = (aliases[e.field] ?? e.field).split('.');
    if (form.getFieldInstance(name) !== undefined || form.getFieldsValue(true)[name[0]] !== undefined) {
      form.setFields([{ name, errors: [message] }]);
      return null;
    }
  }
  return message;
}
