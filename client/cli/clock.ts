/**
 * `gongkai clock explain --events FILE [--today DATE] [--json]`: the statutory clock of one application
 * from its events (docs/clock.md). Exit 0 explained; 2 bad arguments, invalid events or events the
 * clock rejects (a second extension, one after the due date).
 */
import { readFile } from 'node:fs/promises';
import { seedCalendar, shanghaiDate, tryParseCivilDate } from '../../domain/calendar';
import { ClockError, clockEventsFileSchema, computeClock, type ClockResult } from '../../domain/clock';
import { clockStateLabels } from '../../domain/dictionary';
import { str, UsageError, type CliIO, type Values } from './io';
import { zodText } from '../zodText';

const STATE_TEXT = clockStateLabels;

async function loadEvents(file: string) {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--events ${file}：无法读取（${(e as NodeJS.ErrnoException).code ?? String(e)}）`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--events ${file}：不是 JSON（${(e as Error).message}）`);
  }
  const parsed = clockEventsFileSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`--events ${file}：${zodText(parsed.error)}`);
  return parsed.data;
}

function formatText(r: ClockResult): string[] {
  const left = r.workdaysLeft === null ? '' : r.state === 'overdue' ? `，逾期 ${-r.workdaysLeft} 个工作日` : `，剩余 ${r.workdaysLeft} 个工作日`;
  const lines = [
    `答复期限：${r.due ?? '无（已终止）'}`,
    `状态：${STATE_TEXT[r.state]}（${r.state}）${left}${r.onTime === null ? '' : r.onTime ? '，按期答复' : '，逾期答复'}`,
  ];
  if (r.provisional) lines.push('注意：计算涉及尚未公布放假安排的年份，日期为暂定（provisional）');
  lines.push('计算过程：');
  for (const s of r.steps) lines.push(`  ${s.date}  ${s.article}  ${s.warning ? '【警告】' : ''}${s.text}`);
  return lines;
}

/** `gongkai clock explain` (program.ts declares its options). */
export async function explain(_: string[], v: Values, io: CliIO): Promise<number> {
  const values = { events: str(v, 'events'), today: str(v, 'today'), json: v.json === true };
  if (!values.events) throw new UsageError('缺少 --events FILE');
  const today = values.today ?? shanghaiDate(Date.now());
  if (tryParseCivilDate(today) === undefined) throw new UsageError(`--today：“${today}”不是 YYYY-MM-DD 格式的日期`);
  const file = await loadEvents(values.events);
  let result: ClockResult;
  try {
    result = computeClock(file.events, file.policy, seedCalendar(), today);
  } catch (e) {
    if (e instanceof ClockError) throw new UsageError(`--events ${values.events}：${e.message}`);
    throw e;
  }
  if (values.json) io.out(JSON.stringify(result));
  else for (const line of formatText(result)) io.out(line);
  return 0;
}
