/**
 * Issue 13 finding 2: an item (its versions, reply letter, state) is read only by its author, the members of
 * its review stages' groups and supervisors. Everyone else: 403, logged.
 */
import { harness, ITEM, type Harness } from './consoleHarness';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(() => h?.close());

const refusals = () => h.db.selectFrom('audit_log').selectAll().where('action', '=', 'item.read').where('outcome', '=', 'refused').execute();

test.each([
  ['zhang.wei', 'the author'],
  ['li.na', 'a member of the first stage’s group (section-heads)'],
  ['wang.fang', 'a member of a later stage’s group (office)'],
  ['zhou.min', 'a supervisor'],
  ['admin', 'an admin'],
])('%s (%s) reads the item', async (user) => {
  const { cookie } = await h.login(user);
  const api = await h.get(`/api/items/${ITEM}`, cookie);
  expect(api.statusCode).toBe(200);
  expect(JSON.parse(api.body).state.itemId).toBe(ITEM);
});

test.each([
  ['liu.yang', 'a handler and author of other items, in no stage group'],
  ['sun.li', 'the office head of applications'],
])('%s (%s) may not read it: 403, the refusal logged', async (user) => {
  const { cookie } = await h.login(user);
  const before = (await refusals()).length;
  const api = await h.get(`/api/items/${ITEM}`, cookie);
  expect(api.statusCode).toBe(403);
  expect(api.body).not.toContain('正文');
  const after = await refusals();
  expect(after.length - before).toBe(1);
  expect(after.at(-1)).toMatchObject({ actor: user, subject_id: ITEM });
});
