// The demo site (`plaza serve --demo`) in headless Chromium: the home page lists the demo posts,
// the Musk post carries its $TRUMP chip, pages are clean in the console, and full-page
// screenshots (light/dark, desktop/phone) go to PLAZA_SHOTS_DIR for a person to look at.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  PASSWORD,
  shotsDir,
  uniqueHandle,
  useBrowser,
  useServer,
  watchPage,
} from './harness.mjs';
import { LOCALES, PROMO_URL } from './reference.mjs';

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('the demo site', { timeout: 150_000 }, () => {
  const s = useServer({ demo: true, env: { ...GENEROUS_LIMITS, PLAZA_SITE_PROMO_URL: PROMO_URL } });
  const b = useBrowser();
  const contexts = [];
  const watches = [];
  let muskPath;

  async function open(path, { viewport = DESKTOP, colorScheme = 'light' } = {}) {
    const context = await b.browser.newContext({ viewport, colorScheme, baseURL: s.server.url });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watches.push(await watchPage(page));
    const res = await page.goto(path);
    assert.equal(res.status(), 200, `GET ${path} in the browser`);
    return page;
  }

  // The header is sticky: scrolled away from the top it would be drawn mid-page.
  const shot = async (page, name) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shotsDir(), `${name}.png`), fullPage: true });
  };

  after(async () => {
    for (const c of contexts) await c.close();
  });

  test('the home page lists the demo posts', async () => {
    const page = await open('/');
    await page.getByTestId('post-list').waitFor({ state: 'visible' });
    const titles = await page.getByTestId('post-card-title').allTextContents();
    assert.ok(titles.length >= 5, `the demo posts are listed, got ${titles.length}: ${titles}`);
    assert.equal(await page.getByTestId('post-card').count(), titles.length, 'one title per card');
    const musk = page.getByTestId('post-card-title').filter({ hasText: 'Musk' });
    assert.equal(await musk.count(), 1, `one demo post about Musk among ${JSON.stringify(titles)}`);
    muskPath = new URL(await musk.getAttribute('href'), s.server.url).pathname;
    assert.match(muskPath, /^\/p\/\d+-[a-z0-9-]+$/, 'the card links to the permalink');
    await shot(page, 'home-desktop-light');
  });

  test('the home page on a phone, dark', async () => {
    const page = await open('/', { viewport: PHONE, colorScheme: 'dark' });
    await page.getByTestId('post-list').waitFor({ state: 'visible' });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling on a 390 px phone (${overflow} px too wide)`);
    await shot(page, 'home-phone-dark');
  });

  test('the Musk post has a $TRUMP token chip', async () => {
    assert.ok(muskPath, 'found on the home page');
    const page = await open(muskPath);
    const title = await page.getByTestId('post-title').textContent();
    assert.match(title, /Musk/);
    const chip = page.locator('[data-testid="token-chip"][data-symbol="TRUMP"]');
    assert.equal(await chip.count(), 1, 'a TRUMP chip');
    assert.ok(await chip.isVisible(), 'the TRUMP chip is visible');
    assert.match(await chip.textContent(), /TRUMP/, 'the chip shows its symbol');
    assert.match((await chip.getAttribute('href')) ?? '', /^\/t\/TRUMP$/, 'the chip links to the token page');
    const links = await page
      .getByTestId('language-switcher')
      .locator('[data-testid^="lang-"]')
      .evaluateAll((els) =>
        els.map((el) => [el.getAttribute('data-testid').slice(5), el.textContent.trim()]),
      );
    assert.deepEqual(links, LOCALES, 'the footer switcher on an anonymous page');
    await page.getByTestId('promo-block').waitFor({ state: 'visible' });
  });

  for (const [device, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    for (const colorScheme of ['light', 'dark']) {
      test(`screenshot: the Musk post, ${device}, ${colorScheme}`, async () => {
        assert.ok(muskPath, 'found on the home page');
        const page = await open(muskPath, { viewport, colorScheme });
        await page.getByTestId('post-body').waitFor({ state: 'visible' });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `no horizontal scrolling at ${viewport.width} px (${overflow} px too wide)`);
        await shot(page, `musk-post-${device}-${colorScheme}`);
      });
    }
  }

  test('screenshots: login and compose', async () => {
    const login = await open('/login');
    await login.getByTestId('login-form').waitFor({ state: 'visible' });
    await shot(login, 'login-desktop-light');

    const page = await open('/register');
    const handle = uniqueHandle('shot');
    const form = page.getByTestId('register-form');
    await form.locator('input[name="handle"]').fill(handle);
    await form.locator('input[name="display_name"]').fill('Screenshot Sam');
    await form.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([page.waitForURL(`**/u/${handle}`), form.locator('button[type="submit"]').click()]);
    await Promise.all([page.waitForURL('**/compose'), page.getByTestId('nav-compose').click()]);
    await page.getByTestId('compose-form').waitFor({ state: 'visible' });
    await shot(page, 'compose-desktop-light');
    await page.setViewportSize(PHONE);
    await shot(page, 'compose-phone-light');
  });

  test('no CSP violations, JS errors or failed loads on any demo page', async () => {
    const problems = [];
    for (const w of watches) problems.push(...(await w.problems()));
    assert.deepEqual(problems, []);
  });
});
