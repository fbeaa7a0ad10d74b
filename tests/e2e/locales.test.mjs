// The interface in every locale, in headless Chromium on the demo site: each of the 13 locales
// renders the post page with its own <html lang dir> and its own strings (read from the catalog
// files, so the test follows them), remembered in the locale cookie exactly as chosen; Arabic is
// right-to-left and mirrored; the footer switcher changes the locale in place. Screenshots of the
// post page in every locale go to PLAZA_SHOTS_DIR (locale-post-<tag>.png).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { catalogString } from './catalogs.mjs';
import { GENEROUS_LIMITS, shotsDir, useBrowser, useServer, watchPage } from './harness.mjs';
import { LOCALES, PROMO_URL } from './reference.mjs';

const DESKTOP = { width: 1280, height: 900 };

describe('the interface in every locale', { timeout: 420_000 }, () => {
  const s = useServer({ demo: true, env: { ...GENEROUS_LIMITS, PLAZA_SITE_PROMO_URL: PROMO_URL } });
  const b = useBrowser();
  const problems = [];
  let postPath;

  /// Runs `body` with a fresh context and page, then records the page's complaints and closes
  /// the context (Chromium refuses new tabs when too many stay open on a loaded machine).
  async function withPage(body) {
    const context = await b.browser.newContext({ viewport: DESKTOP, baseURL: s.server.url });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const watch = await watchPage(page);
      try {
        await body({ context, page });
      } finally {
        problems.push(...(await watch.problems()));
      }
    } finally {
      await context.close();
    }
  }

  async function findPost(page) {
    if (postPath) return postPath;
    assert.equal((await page.goto('/?lang=en')).status(), 200);
    const musk = page.getByTestId('post-card-title').filter({ hasText: 'Musk' });
    postPath = new URL(await musk.getAttribute('href'), s.server.url).pathname;
    return postPath;
  }

  for (const [tag] of LOCALES) {
    test(`the post page in ${tag}`, () => withPage(async ({ context, page }) => {
      const path = await findPost(page);
      const res = await page.goto(`${path}?lang=${tag}`);
      assert.equal(res.status(), 200);
      const html = page.locator('html');
      assert.equal(await html.getAttribute('lang'), tag, 'html lang names the locale');
      assert.equal(await html.getAttribute('dir'), tag === 'ar' ? 'rtl' : 'ltr');
      assert.equal(
        (await page.getByTestId('action-reward').locator('.action-label').textContent()).trim(),
        catalogString(tag, 'action.reward'),
        'the action bar speaks the locale',
      );
      assert.equal(
        (await page.locator('#footer-community').textContent()).trim(),
        catalogString(tag, 'footer.community'),
        'the footer speaks the locale',
      );
      if (tag !== 'en') {
        assert.notEqual(catalogString(tag, 'footer.community'), catalogString('en', 'footer.community'));
      }
      const cookie = (await context.cookies()).find((c) => c.name === 'plaza_locale');
      assert.equal(cookie?.value, tag, '?lang= stores the chosen locale itself in the cookie');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shotsDir(), `locale-post-${tag}.png`), fullPage: true });
    }));
  }

  test('the Arabic page is right-to-left and mirrored', () => withPage(async ({ page }) => {
    const path = await findPost(page);
    // The same page in English and in Arabic: the header's brand and menu swap sides.
    const layout = async (tag) => {
      await page.goto(`${path}?lang=${tag}`);
      return page.evaluate(() => {
        const box = (sel) => document.querySelector(sel).getBoundingClientRect();
        const nav = getComputedStyle(document.querySelector('.site-nav'));
        const content = getComputedStyle(document.querySelector('.post-content'));
        return {
          dir: getComputedStyle(document.documentElement).direction,
          brand: box('.brand-mark'),
          nav: box('.site-nav'),
          navMarginLeft: parseFloat(nav.marginLeft),
          navMarginRight: parseFloat(nav.marginRight),
          contentDirection: content.direction,
          reward: box('[data-testid="action-reward"]'),
          share: box('[data-testid="action-share"]'),
          width: window.innerWidth,
        };
      });
    };
    const ltr = await layout('en');
    const rtl = await layout('ar');
    assert.equal(ltr.dir, 'ltr');
    assert.equal(rtl.dir, 'rtl');
    assert.ok(ltr.brand.x < ltr.nav.x, `English: the brand is left of the menu (${ltr.brand.x} < ${ltr.nav.x})`);
    assert.ok(rtl.brand.x > rtl.nav.x, `Arabic: the brand is right of the menu (${rtl.brand.x} > ${rtl.nav.x})`);
    assert.ok(rtl.brand.right > rtl.width / 2, 'Arabic: the brand sits in the right half');
    // margin-inline-start: auto pushes the menu away from the brand on the start side.
    assert.ok(ltr.navMarginLeft > 0 && ltr.navMarginRight === 0, `English menu margins ${JSON.stringify(ltr)}`);
    assert.ok(rtl.navMarginRight > 0 && rtl.navMarginLeft === 0, `Arabic menu margins ${JSON.stringify(rtl)}`);
    // The action bar runs from the right: Reward first, Share last.
    assert.ok(ltr.reward.x < ltr.share.x, `English: Reward is left of Share (${JSON.stringify([ltr.reward, ltr.share])})`);
    assert.ok(rtl.reward.x > rtl.share.x, `Arabic: Reward is right of Share (${rtl.reward.x} > ${rtl.share.x})`);
    // The post itself (dir="auto") keeps the direction of its own language: English reads
    // left to right inside the Arabic page.
    assert.equal(rtl.contentDirection, 'ltr', 'the English post inside the Arabic page');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling in Arabic (${overflow} px too wide)`);
  }));

  test('the switcher changes the locale in place', () => withPage(async ({ context, page }) => {
    const path = await findPost(page);
    await page.goto(`${path}?lang=en`);
    const title = (await page.getByTestId('post-title').textContent()).trim();
    const names = await page
      .getByTestId('language-switcher')
      .locator('[data-testid^="lang-"]')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-testid').slice(5), el.textContent.trim()]));
    assert.deepEqual(names, LOCALES, 'each language in its own name, in the reference order');

    await Promise.all([page.waitForURL(`**${path}?lang=ja`), page.getByTestId('lang-ja').click()]);
    assert.equal(new URL(page.url()).pathname, path, 'the same page');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    assert.equal((await page.getByTestId('post-title').textContent()).trim(), title, 'the same post');
    assert.equal((await page.locator('#footer-community').textContent()).trim(), catalogString('ja', 'footer.community'));
    const switcher = await page
      .getByTestId('language-switcher')
      .locator('[data-testid^="lang-"]')
      .evaluateAll((els) => els.map((el) => [el.getAttribute('data-testid').slice(5), el.textContent.trim()]));
    assert.deepEqual(switcher, LOCALES, 'the switcher keeps every name as its own language writes it');

    // Remembered: the page without ?lang= stays Japanese.
    await page.goto(path);
    assert.equal(await page.locator('html').getAttribute('lang'), 'ja');
    const cookie = (await context.cookies()).find((c) => c.name === 'plaza_locale');
    assert.equal(cookie?.value, 'ja');
  }));

  test('the page writes its numbers with the server\'s digits (Arabic-Indic in Arabic)', () =>
    withPage(async ({ page }) => {
      const path = await findPost(page);
      for (const [tag, zero, three] of [
        ['ar', '\u0660/\u0664\u0660\u0660', '\u0663/\u0664\u0660\u0660'],
        ['en', '0/400', '3/400'],
      ]) {
        // What the server wrote, before any script ran.
        const html = await (await fetch(`${s.server.url}${path}?lang=${tag}`)).text();
        const served = /id="comment-counter"[^>]*>([^<]*)</.exec(html)?.[1];
        assert.equal(served, zero, `the server's counter in ${tag}`);
        await page.goto(`${path}?lang=${tag}`);
        const counter = page.getByTestId('comment-counter');
        // The script has set the counter up (it rewrites it on load): the same text.
        await page.waitForFunction(() => typeof window.plazaMeasure === 'function');
        assert.equal((await counter.textContent()).trim(), zero, `the page's counter in ${tag}`);
        await page.getByTestId('comment-input').evaluate((el) => {
          el.value = 'abc';
          el.dispatchEvent(new Event('input'));
        });
        assert.equal((await counter.textContent()).trim(), three, `after typing, in ${tag}`);
      }
    }));

  test('no CSP violations, JS errors or failed loads in any locale', () => {
    assert.deepEqual(problems, []);
  });
});
