/**
 * `gongkai clock explain` reads `deliveredOn` (clock-events rule 9): the 补正, fee and consultation periods run from
 * the day the addressee received the notice. The CLI itself is unchanged: the events schema carries the field.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../client/cli/main';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'gongkai-clock-delivered-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
};

// Received 2025-09-25; fee notice sent 10-20 and received by email 10-23: pay by 11-20, not 11-17.
const events = (deliveredOn?: string) =>
  file(`fee-${deliveredOn ?? 'none'}.json`, {
    policy: { feePausesClock: true },
    events: [
      { type: 'received', date: '2025-09-25', channel: 'in-person' },
      { type: 'feeNoticeIssued', date: '2025-10-20', ...(deliveredOn ? { deliveredOn, deliveredBy: 'electronic' } : {}) },
    ],
  });

test('--json: the period counted from deliveredOn; the case is still open on 11-18', async () => {
  const { code, out } = await run('clock', 'explain', '--events', events('2025-10-23'), '--today', '2025-11-18', '--json');
  expect(code).toBe(0);
  const r = JSON.parse(out[0]);
  expect(r).toMatchObject({ state: 'paused', deadlines: { feePaymentEnd: '2025-11-20' } });
  expect(r.steps.filter((s: { warning: boolean }) => s.warning)).toEqual([]);
  const abandoned = JSON.parse((await run('clock', 'explain', '--events', events('2025-10-23'), '--today', '2025-11-21', '--json')).out[0]);
  expect(abandoned).toMatchObject({ due: null, state: 'abandoned' });
});

test('the readable lines say where the period starts; without deliveredOn they warn that the receipt is not recorded', async () => {
  const withReceipt = await run('clock', 'explain', '--events', events('2025-10-23'), '--today', '2025-10-24');
  expect(withReceipt.out.join('\n')).toContain('自对方收到收费通知之日（2025-10-23，电子送达）起算，2025-11-20 前');
  const without = await run('clock', 'explain', '--events', events(), '--today', '2025-10-24');
  expect(without.out).toContain('  2025-10-20  国办函〔2020〕109号第六条  【警告】未记录收费通知的送达日期（对方收到之日），期限暂自发出之日 2025-10-20 起算；对方收到之日晚于发出之日的，期限相应顺延');
  expect(JSON.parse((await run('clock', 'explain', '--events', events(), '--today', '2025-11-18', '--json')).out[0])).toMatchObject({ state: 'abandoned' });
});

test('a deliveredOn before the sending day exits 2 naming the field', async () => {
  const { code, err } = await run('clock', 'explain', '--events', events('2025-10-17'), '--today', '2025-10-24');
  expect(code).toBe(2);
  expect(err).toHaveLength(1);
  expect(err[0]).toMatch(/events\[1\]\.deliveredOn/);
});
