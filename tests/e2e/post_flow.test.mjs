// A member's path in headless Chromium: register, log out, log in, write a post with Markdown
// and hostile HTML, then read the post page as the reference page shows it.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  PASSWORD,
  expectText,
  shotsDir,
  uniqueHandle,
  useBrowser,
  useServer,
  watchPage,
} from './harness.mjs';
import { LOCALES, PROMO_URL } from './reference.mjs';

const TITLE = 'Market notes: <b>not bold</b> & friends';
const BODY = [
  '## Market notes',
  '',
  'The **bold claim** stands, with $BTC in view.',
  '',
  // Prose enough for a summary (80 words and more), as on the reference page.
  'Bitcoin held its ground through the week while the dollar weakened against most major currencies. ' +
    'Traders pointed to the inflation figures, which came in below forecasts and revived hopes of a rate cut. ' +
    'Volumes on the largest exchanges stayed thin, and several desks said their clients were waiting for the ' +
    'central bank meeting before taking larger positions. Miners kept selling a part of their output to cover ' +
    'power costs, but long-term holders absorbed most of it without pushing the price lower.',
  '',
  '- first item',
  '- second item',
  '',
  'Read [the source](https://example.org/source).',
  '',
  '<script>window.__pwned = 1</script>',
  '',
  '<img src=x onerror="window.__pwned=2">',
  '',
].join('\n');

describe('a member writes a post in the browser', { timeout: 120_000 }, () => {
  const s = useServer({ env: { ...GENEROUS_LIMITS, PLAZA_SITE_PROMO_URL: PROMO_URL } });
  const b = useBrowser();
  let context;
  let page;
  let watch;
  const handle = uniqueHandle('br');
  let postUrl;

  before(async () => {
    context = await b.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: s.server.url });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page);
  });
  after(async () => {
    if (context) await context.close();
  });

  test('register through the form', async () => {
    await page.goto('/register');
    const form = page.getByTestId('register-form');
    await form.locator('input[name="handle"]').fill(handle);
    await form.locator('input[name="display_name"]').fill('Browser Béatrice');
    await form.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([page.waitForURL(`**/u/${handle}`), form.locator('button[type="submit"]').click()]);
    const viewer = await page.getByTestId('viewer-handle').textContent();
    assert.ok(viewer.includes(`@${handle}`), `viewer-handle shows @${handle}, got ${JSON.stringify(viewer)}`);
  });

  test('log out through the header form', async () => {
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/'),
      page.getByTestId('nav-logout').locator('button').click(),
    ]);
    await page.getByTestId('nav-login').waitFor({ state: 'visible' });
    assert.equal(await page.getByTestId('viewer-handle').count(), 0, 'no viewer after logout');
  });

  test('log in through the form', async () => {
    await Promise.all([page.waitForURL('**/login**'), page.getByTestId('nav-login').click()]);
    const form = page.getByTestId('login-form');
    await form.locator('input[name="handle"]').fill(handle);
    await form.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/login')),
      form.locator('button[type="submit"]').click(),
    ]);
    const viewer = await page.getByTestId('viewer-handle').textContent();
    assert.ok(viewer.includes(`@${handle}`), `viewer-handle shows @${handle}, got ${JSON.stringify(viewer)}`);
  });

  test('write a post with Markdown and hostile HTML through the compose form', async () => {
    await Promise.all([page.waitForURL('**/compose'), page.getByTestId('nav-compose').click()]);
    await page.getByTestId('compose-title').fill(TITLE);
    await page.getByTestId('compose-body').fill(BODY);
    await page.getByTestId('compose-lang').selectOption('en');
    await Promise.all([page.waitForURL(/\/p\/\d+-[a-z0-9-]+$/), page.getByTestId('compose-submit').click()]);
    postUrl = page.url();
    await expectText(page.getByTestId('post-title'), TITLE);
  });

  test('the Markdown is rendered and the HTML is inert', async () => {
    assert.ok(postUrl, 'the post was published');
    const body = page.getByTestId('post-body');
    assert.equal(
      await body.locator('h1, h2, h3, h4, h5, h6').filter({ hasText: 'Market notes' }).count(),
      1,
      'a heading',
    );
    await expectText(body.locator('strong'), 'bold claim');
    assert.deepEqual(await body.locator('li').allTextContents(), ['first item', 'second item'], 'list items');
    const link = body.locator('a[href="https://example.org/source"]');
    assert.equal(await link.count(), 1, 'the link is there');
    const rel = ((await link.getAttribute('rel')) ?? '').split(/\s+/).filter(Boolean).sort();
    assert.deepEqual(rel, ['noopener', 'nofollow', 'ugc'].sort(), `rel="nofollow ugc noopener", got ${rel}`);

    assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined', 'no injected script ran');
    assert.equal(await body.locator('script').count(), 0, 'no <script> inside post-body');
    const handlers = await body.evaluate((root) =>
      [...root.querySelectorAll('*')].flatMap((el) =>
        [...el.attributes]
          .filter((a) => /^on/i.test(a.name))
          .map((a) => `<${el.tagName.toLowerCase()} ${a.name}>`),
      ),
    );
    assert.deepEqual(handlers, [], 'no event-handler attributes inside post-body');
    assert.equal(await body.locator('img[src="x"]').count(), 0, 'no <img src=x> element');
    // The title's markup shows as text.
    assert.equal(await page.getByTestId('post-title').locator('b').count(), 0, 'no <b> in the title');
  });

  test('the post page holds every element of the reference page', async () => {
    assert.ok(postUrl, 'the post was published');
    const visible = async (id) => {
      const el = page.getByTestId(id);
      assert.equal(await el.count(), 1, `exactly one data-testid="${id}"`);
      assert.ok(await el.isVisible(), `data-testid="${id}" is visible`);
      return el;
    };
    await visible('post-title');
    const author = await (await visible('post-author')).textContent();
    assert.ok(author.includes('Browser Béatrice') && author.includes(`@${handle}`), `post-author: ${author}`);
    const time = await visible('post-time');
    assert.match(
      (await time.getAttribute('datetime')) ?? '',
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/,
      'post-time datetime',
    );
    assert.notEqual((await time.textContent()).trim(), '', 'post-time text');
    await visible('summary-box');
    assert.notEqual((await page.getByTestId('summary-text').textContent()).trim(), '', 'summary text');
    await visible('post-body');
    await visible('token-chips');
    assert.equal(
      await page.locator('[data-testid="token-chip"][data-symbol="BTC"]').count(),
      1,
      'a BTC chip for $BTC',
    );
    assert.equal(await page.getByTestId('view-original').count(), 1, 'the view-original slot is in the page');
    assert.notEqual((await (await visible('disclaimer')).textContent()).trim(), '', 'disclaimer text');
    await visible('action-bar');
    for (const action of ['reward', 'comment', 'repost', 'share']) {
      await visible(`action-${action}`);
      const count = page.getByTestId('action-bar').getByTestId(`action-${action}-count`);
      assert.match((await count.textContent()).trim(), /^0$/, `action-${action}-count is 0`);
    }
    await visible('comment-composer');
    await expectText(page.getByTestId('comment-counter'), '0/400');
    assert.equal(await page.getByTestId('comment-list').count(), 1, 'comment-list');
    await visible('comments-empty');
    await visible('pin-action');
    await visible('promo-block');
    const qr = page.getByTestId('promo-block').getByTestId('promo-qr');
    assert.equal(await qr.count(), 1, 'promo-qr inside the promo block');
    assert.equal(await qr.evaluate((el) => el.tagName.toLowerCase()), 'svg', 'promo-qr is an inline <svg>');
    const box = await qr.boundingBox();
    assert.ok(
      box && box.width >= 64 && box.height >= 64,
      `the QR code is large enough to scan: ${JSON.stringify(box)}`,
    );
    await visible('footer');
    const switcher = await visible('language-switcher');
    const links = await switcher
      .locator('[data-testid^="lang-"]')
      .evaluateAll((els) =>
        els.map((el) => [el.getAttribute('data-testid').slice(5), el.textContent.trim()]),
      );
    assert.deepEqual(links, LOCALES, 'the 13 locales in the reference order with their own names');
  });

  test('the comment counter counts grapheme clusters', async () => {
    assert.ok(postUrl, 'the post was published');
    const input = page.getByTestId('comment-input');
    await input.click();
    await input.pressSequentially('👍🏽👍🏽');
    assert.equal(await input.inputValue(), '👍🏽👍🏽');
    await expectText(page.getByTestId('comment-counter'), '2/400');
    await input.pressSequentially('é');
    await expectText(page.getByTestId('comment-counter'), '3/400');
    await input.fill('');
    await expectText(page.getByTestId('comment-counter'), '0/400');
  });

  test('the post page as its author, screenshot', async () => {
    // The header is sticky: scrolled away from the top it would be drawn mid-page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shotsDir(), 'own-post-desktop-light.png'), fullPage: true });
  });

  test('no CSP violations, JS errors or failed loads on any page visited', async () => {
    assert.deepEqual(await watch.problems(), []);
  });
});
