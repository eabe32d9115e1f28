import * as fs from 'node:fs';
import * as path from 'node:path';
import { dictionary } from '../../domain/dictionary';
import { appBed } from './app-bed';

/**
 * Every page of the console app's menu (with the tabs of 系统管理 and the help each page links to), as each role of
 * the demo organisation, at 375 px and at 1280 px: a help link on every page, no
 * answer of 500 or more, no horizontal scroll of the page itself, and no code from the dictionary shown as text.
 */
jest.setTimeout(300_000);

const bed = appBed('app-crawl');





const users = ['zhang.wei', 'li.na', 'liu.yang', 'sun.li', 'zhou.min', 'admin'];
const demoIds = new Set(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8')).users.map((u: { id: string }) => u.id));
/** Codes a clerk must never read: every key of the dictionary that is not also a user's login name. */
const codes = [...new Set(Object.values(dictionary).flatMap((t) => Object.keys(t)))].filter((k) => !demoIds.has(k) && k.length >= 4);
const codePattern = new RegExp(`(^|[^\\w.-])(${codes.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w.-])`);

test.each(users)('every menu page as %s, its tabs and its help, at 375 px and 1280 px', async (user) => {
  const page = await bed.as(user);
  const failures: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 500) failures.push(`${r.status()} ${r.url()}`);
  });
  const links = await page.locator('.ant-menu a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const appPages = links.filter((h) => h.startsWith('/'));
  expect(appPages.length).toBeGreaterThan(1);
  const visit = async (href: string, width: number) => {
    await page.goto(`${bed.base}${href}`);
    await page.locator('h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    if (await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')) failures.push(`${href} at ${width}px scrolls sideways`);
    const m = codePattern.exec(await page.locator('body').innerText());
    if (m) failures.push(`${href} shows the code "${m[2]}"`);
  };
  // Beyond the menu: each tab of a page with tabs in its address (系统管理), the help each page links to, every help topic.
  const more = new Set<string>();
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const href of appPages) {
    await visit(href, 1280);
    const helpLink = page.locator('a.gk-help-link');
    const help = (await helpLink.count()) ? await helpLink.first().getAttribute('href') : null;
    if (help) more.add(help);
    else if (!href.includes('/help')) failures.push(`${href} has no help link`);
    for (const topic of await page.locator('.gk-help a[href^="/help/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) more.add(topic);
    for (const tab of await page.locator('.ant-tabs-tab[data-node-key]').evaluateAll((ts) => ts.map((t) => t.getAttribute('data-node-key')))) {
      if (href.endsWith('/admin')) more.add(`${href}?tab=${tab}`);
    }
  }
  for (const href of more) await visit(href, 1280);
  await page.setViewportSize({ width: 375, height: 900 });
  for (const href of [...appPages, ...more]) await visit(href, 375);
  expect(failures).toEqual([]);
});
