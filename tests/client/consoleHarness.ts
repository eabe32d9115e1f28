import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../client/http/server';
import type { Backend } from '../../client/http/backend';
import type { Services } from '../../client/context';
import { organisationFile } from '../../domain/org';
import { defaultPolicies } from '../../domain/review/policy';
import { initialState, type ReviewState } from '../../domain/review/state';
import type { Register } from '../../register/db';
import { importOrganisation } from '../../register/org';
import { freshRegister } from '../../testing/register';
import { testConfig } from '../../testing/deps';
import { login as loginAs, request, type Res } from './httpClient';

export { cookiesOf } from './httpClient';

/**
 * The web server over a fresh register with the demo organisation and one item in review (工作动态, by
 * zhang.wei, at its first stage, group section-heads), without Temporal: a stub backend stands in for the
 * workflows and records what it was asked to do, so every refusal seen is the web layer's own.
 */
export interface Harness {
  app: FastifyInstance;
  db: Register;
  state: ReviewState;
  acted: Array<{ id: string; user: string; action: string; args: unknown }>;
  login(user: string, password?: string): Promise<{ res: Res; cookie: string; csrf: string; cookies: string[] }>;
  get(url: string, cookie?: string): Promise<Res>;
  postJson(url: string, cookie: string, csrf: string, body: unknown): Promise<Res>;
  close(): Promise<void>;
}

export const ITEM = 'item-h1';
const clock = new Date('2026-03-02T02:00:00Z');

export async function harness(extra: Partial<Backend> = {}, config: Parameters<typeof testConfig>[0] = {}): Promise<Harness> {
  const db = await freshRegister();
  const demo = organisationFile.parse(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8')));
  await importOrganisation(db, demo);
  const policy = defaultPolicies.find((p) => p.category === '工作动态')!;
  const state = initialState(ITEM, { title: '通知', category: '工作动态', format: 'markdown', body: '正文', attachments: [], author: 'zhang.wei', section: '社会救助股', column: '工作动态', disclosure: '主动公开' }, policy, clock.toISOString());
  const at = clock.toISOString();
  await db.insertInto('review_items').values({ id: ITEM, title: '通知', category: '工作动态', author: 'zhang.wei', section: 's', column_name: 'c', status: 'review', stage: 'first', holder: null, current_version: 1, current_hash: state.versions[0].hash, due: '2026-03-04T10:00:00.000Z', created_at: at, updated_at: at }).execute();
  await db.insertInto('review_tasks').values({ id: `${ITEM}#1`, item_id: ITEM, entry: 1, stage: 'first', stage_name: '初审', group_id: 'section-heads', holder: null, due: '2026-03-04T10:00:00.000Z', status: 'open', opened_at: at, closed_at: null }).execute();
  const acted: Harness['acted'] = [];
  const backend = {
    async itemState(id: string) {
      return id === ITEM ? state : null;
    },
    async reviewAct(id: string, user: string, args: { action: string }) {
      acted.push({ id, user, action: args.action, args });
      return { status: 'review', stage: 'first', holder: null, version: 1, hash: state.versions[0].hash, due: null };
    },
    ...extra,
  } as unknown as Backend;
  const services: Services = { config: testConfig(config), db, temporal: {} as Client, close: async () => {} };
  const app = await buildServer(services, { now: () => clock, backend });

  const get = (url: string, cookie?: string) => request(app, { method: 'GET', url, headers: cookie ? { cookie } : {} });
  const postJson = (url: string, cookie: string, csrf: string, body: unknown) =>
    request(app, { method: 'POST', url, headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  const login = (user: string, password?: string) => loginAs(app, user, password);
  return { app, db, state, acted, login, get, postJson, close: async () => { await app.close(); await db.destroy(); } };
}
