import * as fs from 'node:fs';
import { organisationFile } from '../domain/org';
import type { Actor } from '../domain/review/input';
import type { Register } from '../register/db';
import { getUser, importOrganisation } from '../register/org';
import { repoRoot } from './tools';

/** The demo organisation into a test register. */
export async function importDemoOrg(db: Register): Promise<void> {
  const org = organisationFile.parse(JSON.parse(fs.readFileSync(`${repoRoot}/demo/organisation.json`, 'utf8')));
  await importOrganisation(db, org);
}

/** An actor as the service layer resolves it from the register. */
export async function actorOf(db: Register, id: string): Promise<Actor> {
  const u = await getUser(db, id);
  if (!u) throw new Error(`no user ${id}`);
  return { id: u.id, groups: u.groups, roles: u.roles };
}

export const checklist = { noStateSecrets: true, noPersonalData: true, noTradeSecrets: true, proactiveDisclosure: true } as const;

export function demoItem(over: Record<string, unknown> = {}) {
  return {
    title: '关于2026年第三季度城乡低保资金发放情况的公示',
    category: '工作动态',
    body: '## 发放情况\n\n本季度共发放城乡低保资金 1,234.5 万元，惠及 5,678 户。<script>不应执行</script>\n',
    author: 'zhang.wei',
    section: '社会救助股',
    column: '社会救助',
    ...over,
  };
}
