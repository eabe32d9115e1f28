import * as fs from 'node:fs';
import * as path from 'node:path';
import { applicationEventLabels, applicationStageLabels, applicationStepLabels, dictionary, errorCodeLabels, outcomeLabels, reviewActionLabels, roleLabels } from '../../domain/dictionary';
import { outcomeKeys } from '../../domain/outcomes';
import { roles } from '../../domain/org';
import type { ApplicationStage } from '../../workflows/application/definitions';

const root = path.resolve(__dirname, '../..');
const sources = (dir: string): string[] =>
  fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [fs.readFileSync(path.join(root, dir, e.name), 'utf8')] : []);

/** The string literals in the argument each match of `call` captures, both sides of a ternary included. */
function codesOf(texts: string[], call: RegExp): Set<string> {
  const out = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(call)) for (const lit of m[1].matchAll(/'([\w-]+)'/g)) out.add(lit[1]);
  }
  return out;
}

// The engine's codes are plain strings: read them where they are written, so a new one cannot slip past.
const workflowSources = sources('workflows');
// The application's steps and register events are written by its state machine (issue 17).
const applicationSources = sources('domain/application');
const reviewState = fs.readFileSync(path.join(root, 'domain/review/state.ts'), 'utf8');

test('every step an application workflow records has a Chinese label', () => {
  const steps = codesOf(applicationSources, /withStep\(.*?\bctx, [\w.']+, ([^,)]+)/g);
  expect(steps.size).toBeGreaterThan(15);
  expect([...steps].filter((c) => !applicationStepLabels[c])).toEqual([]);
});

test('every register event of an application has a Chinese label', () => {
  const events = codesOf(applicationSources, /\brecord\(\s*([^,]+)/g);
  expect(events.size).toBeGreaterThan(15);
  expect([...events].filter((c) => !applicationEventLabels[c])).toEqual([]);
});

test('every action in an item review history has a Chinese label', () => {
  const actions = new Set([
    ...codesOf([reviewState], /\blog\(s, at, [^,]+,\s*([^,)]+)/g),
    ...codesOf([reviewState, ...workflowSources], /action: ('[\w-]+')/g),
  ]);
  expect([...actions].filter((c) => !reviewActionLabels[c])).toEqual([]);
  expect(actions.has('approve')).toBe(true);
});

test('all 21 outcomes, every role and every application stage are named', () => {
  expect(outcomeKeys).toHaveLength(21);
  for (const k of outcomeKeys) expect(outcomeLabels[k]).toMatch(/^[\u4e00-\u9fff“”（）、]+$/);
  for (const r of roles) expect(roleLabels[r]).toMatch(/[\u4e00-\u9fff]/);
  // A compile-time check: a stage added to the workflow fails the type check until it is named.
  const stages: Record<ApplicationStage, string> = applicationStageLabels;
  expect(Object.keys(stages)).toHaveLength(8);
});

test('every error code the HTTP layer throws has a Chinese label', () => {
  const thrown = codesOf(sources('client'), /HttpError\(\d+,\s*([^,]+)/g);
  expect(thrown.size).toBeGreaterThan(3);
  expect([...thrown].filter((c) => !errorCodeLabels[c])).toEqual([]);
});

test('no label is empty or contains Latin words', () => {
  for (const [table, labels] of Object.entries(dictionary)) {
    for (const [code, text] of Object.entries(labels)) expect(`${table}.${code}: ${/^[^A-Za-z]+$/.test(text) ? 'ok' : text}`).toBe(`${table}.${code}: ok`);
  }
});
