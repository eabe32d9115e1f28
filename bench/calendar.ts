/**
 * `npx tsx bench/calendar.ts`: addWorkdays throughput over a 10-year range, and the time to recompute
 * 100,000 open deadlines (issue 3: must be well under a second), including building the Calendar.
 */
import { Calendar, formatDayNumber, parseCivilDate, seedCalendarData } from '../domain/calendar';

const data = seedCalendarData();
const first = parseCivilDate('2016-01-01');
const span = parseCivilDate('2026-01-01') - first; // ten years of start dates

// A fixed pseudo-random sequence (LCG) so every run measures the same work.
let seed = 12345;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);

const starts = Array.from({ length: 100_000 }, () => formatDayNumber(first + (next() % span)));
const counts = Array.from({ length: 100_000 }, () => 1 + (next() % 40));

function time(label: string, f: () => void): number {
  const t0 = performance.now();
  f();
  const ms = performance.now() - t0;
  console.log(`${label}: ${ms.toFixed(1)} ms`);
  return ms;
}

const build = time('build Calendar from data (cold)', () => new Calendar(data));

// Throughput: warm calendar, random starts over 2016-2025, counts 1..40 working days.
const warm = new Calendar(data);
for (let i = 0; i < 10_000; i++) warm.addWorkdays(starts[i], counts[i]);
const rounds = 10;
let sink = 0;
const ms = time(`${rounds * starts.length} addWorkdays (warm)`, () => {
  for (let r = 0; r < rounds; r++) for (let i = 0; i < starts.length; i++) sink += warm.addWorkdays(starts[i], counts[i]).date.length;
});
console.log(`addWorkdays: ${Math.round((rounds * starts.length) / (ms / 1000)).toLocaleString('en')} calls/s over 2016-2025`);

// What a recompute after a new year's notice costs: a fresh Calendar, then 100,000 deadlines
// (base 20 working days plus a pause and an extension each: three calls per deadline).
const recompute = time('recompute 100,000 deadlines (fresh Calendar, 3 calls each)', () => {
  const cal = new Calendar(data);
  for (let i = 0; i < starts.length; i++) {
    const base = cal.addWorkdays(starts[i], 20).date;
    const paused = cal.workdaysBetween(starts[i], cal.addWorkdays(starts[i], counts[i] % 10).date).workdays;
    sink += cal.addWorkdays(base, paused + 20).date.length;
  }
});
console.log(`recompute 100,000 deadlines: ${recompute < 1000 ? 'under' : 'OVER'} one second (${recompute.toFixed(0)} ms; build ${build.toFixed(2)} ms)`);
if (sink === 0) console.log('');
