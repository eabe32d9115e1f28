import * as fs from 'node:fs';
import * as path from 'node:path';
import { dictionary } from '../../domain/dictionary';
import { appBed } from './app-bed';

/**
 * Every page of the console app's menu, as each role of the demo organisation, at 375 px and at 1280 px: no
 * answer of 500 or more, no horizontal scroll of the page itself, and no code from the dictionary shown as text.
 */
jest.setTimeout(300_000);

const bed = appBed('app-crawl');





const users = ['zhang.wei', 'li.na', 'liu.yang', 'sun.li', 'zhou.min', 'admin'];
const demoIds = new Set(JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../demo/organisation.json'), 'utf8')).users.map((u: { id: string }) => u.id));
/** Codes a clerk must never read: every key of the dictionary that is not also a user's login name. */
const codes = [...new Set(Object.values(dictionary).flatMap((t) => Object.keys(t)))].filter((k) => !demoIds.has(k) && k.length >= 4);
const codePattern = new RegExp(`(^|[^\\w.-])(${codes.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?![\\w.-])`);

test.each(users)('every menu page as %s, at 375 px and 1280 px', async (user) => {
  const page = await bed.as(user);
  const failures: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 500) failures.push(`${r.status()} ${r.url()}`);
  });
  const links = await page.locator('.ant-menu a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  const appPages = links.filter((h) => h.startsWith('/'));
  expect(appPages.length).toBeGreaterThan(1);
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    for (const href of appPages) {
      await page.goto(`${bed.base}${href}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      if (await page.evaluate('document.documentElement.scrollWidth > window.innerWidth')) failures.push(`${href} at ${width}px scrolls sideways`);
      const m = codePattern.exec(await page.locator('body').innerText());
      if (m) failures.push(`${href} shows the code "${m[2]}"`);
    }
  }
  expect(failures).toEqual([]);
});
