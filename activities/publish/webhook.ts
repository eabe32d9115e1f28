import { createHmac } from 'node:crypto';

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body with PORTAL_WEBHOOK_SECRET>`. */
export const SIGNATURE_HEADER = 'x-gongkai-signature';
/** Stable per delivery (item, action, version): the portal can drop a retried delivery it already applied. */
export const DELIVERY_HEADER = 'x-gongkai-delivery';

export function sign(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** POSTs one event to the portal; any non-2xx answer (or no answer) throws, and the activity is retried. */
export async function postToPortal(url: string, secret: string, delivery: string, payload: unknown): Promise<void> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', [SIGNATURE_HEADER]: sign(secret, body), [DELIVERY_HEADER]: delivery },
    body,
    signal: AbortSignal.timeout(20_000),
  });
  if (res.status < 200 || res.status > 299) {
    throw new Error(`portal webhook answered ${res.status} ${res.statusText}`);
  }
}
