// Reposting and quoting, the share sheet with its QR code, following and the following feed,
// and pins, in headless Chromium against the real binary: what a person sees.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  createPost,
  expectText,
  registerUser,
  request,
  useBrowser,
  useServer,
  watchPage,
} from './harness.mjs';

const QUOTE = 'Worth reading 👨‍👩‍👧‍👦🇫🇷';

async function logIn(page, user) {
  await page.goto('/login');
  const form = page.getByTestId('login-form');
  await form.locator('input[name="handle"]').fill(user.handle);
  await form.locator('input[name="password"]').fill(user.password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login'), form.locator('button[type="submit"]').click()]);
}

describe('reposts, sharing, follows and pins in the browser', { timeout: 180_000 }, () => {
  const s = useServer({
    env: { ...GENEROUS_LIMITS, PLAZA_LIMITS_POSTS_PER_USER: '1000/60', PLAZA_SOCIAL_WRITES_PER_MINUTE: '1000' },
  });
  const b = useBrowser();
  let author;
  let reader;
  let post;
  let readerContext;
  let page;
  let watch;

  before(async () => {
    author = await registerUser(s.server.url, { display_name: 'Author Anaïs' });
    reader = await registerUser(s.server.url, { display_name: 'Reader Rémi' });
    post = await createPost(s.server.url, author.token, {
      title: 'Why $BTC held',
      body: 'First paragraph about the market.\n\nA second paragraph.',
      lang: 'en',
    });
    readerContext = await b.browser.newContext({ viewport: { width: 1200, height: 900 }, baseURL: s.server.url });
    await readerContext.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: s.server.url });
    page = await readerContext.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page);
    await logIn(page, reader);
  });
  after(async () => {
    if (readerContext) await readerContext.close();
  });

  test('the post page carries Open Graph and Twitter card tags', async () => {
    await page.goto(new URL(post.url).pathname);
    const og = (name) => page.locator(`meta[property="${name}"]`).first().getAttribute('content');
    assert.equal(await og('og:title'), 'Why $BTC held');
    assert.equal(await og('og:description'), 'First paragraph about the market.');
    assert.equal(await og('og:url'), post.url);
    assert.equal(await page.locator('meta[property="og:locale:alternate"]').count(), 12);
    assert.equal(await page.locator('meta[name="twitter:card"]').getAttribute('content'), 'summary');
  });

  test('repost, then undo, through the action bar', async () => {
    await page.goto(new URL(post.url).pathname);
    const button = page.getByTestId('action-repost');
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    await Promise.all([page.waitForLoadState('load'), button.click()]);
    await page.waitForURL(`**${new URL(post.url).pathname}`);
    await expectText(page.getByTestId('action-repost-count'), '1');
    assert.equal(await page.getByTestId('action-repost').getAttribute('aria-pressed'), 'true');
    await page.getByTestId('action-repost').click();
    await expectText(page.getByTestId('action-repost-count'), '0');
  });

  test('quote with the live grapheme counter', async () => {
    await page.goto(new URL(post.url).pathname);
    await page.getByTestId('quote-input').fill(QUOTE);
    // 14 letters and spaces, one family, one flag: 16 user-perceived characters.
    await expectText(page.getByTestId('quote-counter'), '16/400');
    await Promise.all([page.waitForURL(`**${new URL(post.url).pathname}`), page.getByTestId('quote-submit').click()]);
    await expectText(page.locator('[data-count="quotes"]'), '1');
    await expectText(page.getByTestId('action-repost-count'), '1');
    assert.equal(await page.getByTestId('quote-input').inputValue(), QUOTE);
  });

  test('the share sheet: link, QR code, copy counts the share live', async () => {
    await page.goto(new URL(post.url).pathname);
    const sheet = page.getByTestId('share-sheet');
    assert.equal(await sheet.getAttribute('open'), null, 'closed at first');
    await page.getByTestId('action-share').click();
    assert.equal(await page.getByTestId('share-link').inputValue(), post.url);
    const qr = page.getByTestId('share-qr').locator('svg');
    assert.equal(await qr.count(), 1, 'a QR code of the permalink');
    assert.ok((await qr.boundingBox()).width >= 100, 'the QR code is large enough to scan');
    await page.getByTestId('share-copy').click();
    await expectText(page.getByTestId('share-status'), 'Link copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), post.url);
    // Counted through the event stream, without a reload.
    await expectText(page.getByTestId('action-share-count'), '1');
    // A second share by the same reader is not counted again.
    await page.getByTestId('share-copy').click();
    await page.reload();
    await expectText(page.getByTestId('action-share-count'), '1');
  });

  test('the share sheet works without script', async () => {
    const context = await b.browser.newContext({ javaScriptEnabled: false, baseURL: s.server.url });
    try {
      const anon = await context.newPage();
      await anon.goto(new URL(post.url).pathname);
      await anon.getByTestId('action-share').click();
      assert.equal(await anon.getByTestId('share-link').inputValue(), post.url);
      assert.equal(await anon.getByTestId('share-qr').locator('svg').count(), 1);
      assert.ok(await anon.getByTestId('share-qr').isVisible());
      assert.equal(await anon.getByTestId('share-copy').isVisible(), false, 'copy needs script');
    } finally {
      await context.close();
    }
  });

  test('counts change live on an open page', async () => {
    const context = await b.browser.newContext({ baseURL: s.server.url });
    try {
      const other = await context.newPage();
      await other.goto(new URL(post.url).pathname);
      const before = Number((await other.getByTestId('action-repost-count').textContent()).trim());
      const fan = await registerUser(s.server.url);
      const res = await request(s.server.url, 'POST', `/api/v1/posts/${post.id}/repost`, { token: fan.token });
      assert.equal(res.status, 201);
      await expectText(other.getByTestId('action-repost-count'), String(before + 1), 10_000);
    } finally {
      await context.close();
    }
  });

  test('follow from the profile, then read the following feed', async () => {
    await page.goto(`/u/${author.handle}`);
    await expectText(page.getByTestId('follow-button'), 'Follow');
    await page.getByTestId('follow-button').click();
    await expectText(page.getByTestId('follow-button'), 'Unfollow');
    await expectText(page.getByTestId('followers-link'), '1 follower');
    await page.goto('/');
    await page.getByTestId('tab-following').click();
    await page.waitForURL('**/?feed=following');
    assert.equal(await page.getByTestId('tab-following').getAttribute('aria-current'), 'page');
    await expectText(page.getByTestId('post-card-title').first(), 'Why $BTC held');
    await page.goto(`/u/${author.handle}/followers`);
    await expectText(page.getByTestId('person').first().locator('.handle'), `@${reader.handle}`);
  });

  test('a repost by someone followed shows "reposted by" with its quote', async () => {
    const other = await registerUser(s.server.url);
    const theirs = await createPost(s.server.url, other.token, { title: 'Elsewhere on $ETH' });
    const res = await request(s.server.url, 'POST', `/api/v1/posts/${theirs.id}/repost`, {
      token: author.token,
      body: { quote: 'Good point' },
    });
    assert.equal(res.status, 201);
    await page.goto('/?feed=following');
    const card = page.getByTestId('post-card').first();
    await expectText(card.getByTestId('repost-banner'), 'Reposted by Author Anaïs');
    await expectText(card.getByTestId('repost-quote'), 'Good point');
    await expectText(card.getByTestId('post-card-title'), 'Elsewhere on $ETH');
  });

  test('an author pins a post to the top of the profile ("Épingler")', async () => {
    const context = await b.browser.newContext({ baseURL: s.server.url, locale: 'fr-FR' });
    try {
      const own = await context.newPage();
      await logIn(own, author);
      await own.goto(new URL(post.url).pathname + '?lang=fr');
      // "Épingler" comes from the core French catalog; the pressed state is this module's.
      assert.equal(await own.getByTestId('pin-action').getAttribute('aria-pressed'), 'false');
      await own.getByTestId('pin-action').click();
      assert.equal(await own.getByTestId('pin-action').getAttribute('aria-pressed'), 'true');
      await expectText(own.getByTestId('pin-action'), 'Désépingler');
      await own.goto(`/u/${author.handle}`);
      await expectText(own.getByTestId('pinned-list').getByTestId('post-card-title'), 'Why $BTC held');
    } finally {
      await context.close();
    }
    assert.deepEqual(await watch.problems(), []);
  });
});
