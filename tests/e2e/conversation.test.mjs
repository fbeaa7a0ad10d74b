// Taking part on a post page in headless Chromium: the composer's counter against the server
// over tricky strings, commenting, replying, pinning, deleting, liking, a double submit, and the
// live notification badge.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  PASSWORD,
  createPost,
  expectStatus,
  expectText,
  registerUser,
  request,
  useBrowser,
  useServer,
  watchPage,
} from './harness.mjs';
import { TRICKY, body } from './tricky_strings.mjs';

async function logIn(browser, base, user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: base });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto('/login');
  const form = page.getByTestId('login-form');
  await form.locator('input[name="handle"]').fill(user.handle);
  await form.locator('input[name="password"]').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    form.locator('button[type="submit"]').click(),
  ]);
  return { context, page };
}

describe('the conversation on a post page', { timeout: 240_000 }, () => {
  const s = useServer({ env: { ...GENEROUS_LIMITS, PLAZA_LIMITS_POSTS_PER_USER: '1000/60' } });
  const b = useBrowser();
  let author;
  let reader;
  let post;
  let readerTab;
  let authorTab;
  let watch;

  before(async () => {
    author = await registerUser(s.server.url);
    reader = await registerUser(s.server.url);
    post = await createPost(s.server.url, author.token, { title: 'Comment on me' });
    readerTab = await logIn(b.browser, s.server.url, reader);
    authorTab = await logIn(b.browser, s.server.url, author);
    watch = await watchPage(readerTab.page);
  });
  after(async () => {
    for (const tab of [readerTab, authorTab]) if (tab) await tab.context.close();
  });

  const postPath = () => new URL(post.url).pathname;

  test('the counter counts like the server over tricky strings (Intl.Segmenter)', async () => {
    const page = readerTab.page;
    await page.goto(postPath());
    assert.equal(await page.evaluate(() => typeof Intl.Segmenter), 'function');
    for (const t of TRICKY) {
      const fits = Math.min(400, Math.floor(3200 / Buffer.byteLength(t.text)));
      for (const n of [fits, fits + 1]) {
        const text = body(t, n);
        const m = await page.evaluate((value) => window.plazaMeasure(value), text);
        assert.equal(m.clusters, n, `${t.name} × ${n}: the page counts ${m.clusters}`);
        const res = await request(s.server.url, 'POST', `/api/v1/posts/${post.id}/comments`, {
          token: reader.token,
          body: { body: text },
        });
        const pageAccepts = m.clusters <= 400 && Buffer.byteLength(text) <= 3200 && m.marks <= 30;
        assert.equal(res.status === 201, pageAccepts, `${t.name} × ${n}: server ${res.status}, page accepts ${pageAccepts}`);
      }
    }
  });

  test('the counter turns red and the button is disabled past 400; without Segmenter it is never laxer', async () => {
    const page = readerTab.page;
    await page.goto(postPath());
    const input = page.getByTestId('comment-input');
    const submit = page.getByTestId('comment-submit');
    await input.fill('é'.repeat(400));
    await expectText(page.getByTestId('comment-counter'), '400/400');
    assert.equal(await submit.isDisabled(), false);
    await input.fill('é'.repeat(401));
    await expectText(page.getByTestId('comment-counter'), '401/400');
    assert.equal(await submit.isDisabled(), true);
    assert.match(await page.getByTestId('comment-counter').getAttribute('class'), /is-over/);
    await input.fill('   ');
    assert.equal(await submit.isDisabled(), true, 'blank');
    // A browser without Intl.Segmenter: counts never below the server's.
    const noSegmenter = await b.browser.newContext({ baseURL: s.server.url });
    try {
      const p = await noSegmenter.newPage();
      await p.addInitScript(() => {
        delete Intl.Segmenter;
      });
      await p.goto(postPath());
      for (const t of TRICKY) {
        const m = await p.evaluate((value) => window.plazaMeasure(value), body(t, 10));
        assert.equal(m.exact, false);
        assert.ok(m.clusters >= 10, `${t.name}: the fallback counts ${m.clusters} ≥ 10`);
      }
      const marks = await p.evaluate(() => window.plazaMeasure('a' + '\u0301'.repeat(31)));
      assert.ok(marks.marks >= 31, 'the fallback sees 31 marks');
    } finally {
      await noSegmenter.close();
    }
  });

  test('commenting without the API: the page reloads at the new comment; a double submit stores one', async () => {
    const page = readerTab.page;
    await page.goto(postPath());
    const before = (await request(s.server.url, 'GET', `/api/v1/posts/${post.id}`)).json.post.counts.comments;
    await page.getByTestId('comment-input').fill('Premier commentaire 👋🏽');
    await Promise.all([page.waitForURL(/#c-\d+$/), page.getByTestId('comment-submit').click()]);
    const id = new URL(page.url()).hash.slice(3);
    await expectText(page.locator(`#c-${id} [data-testid=comment-body]`), 'Premier commentaire 👋🏽');
    assert.equal(await page.getByTestId('comments-empty').isHidden(), true);
    await expectText(page.getByTestId('action-comment-count'), String(before + 1));
    // The same form posted twice (a double click, a resent POST): one comment.
    await page.getByTestId('comment-input').fill('Twice?');
    const statuses = await page.evaluate(async () => {
      const form = document.getElementById('comment-form');
      const data = new URLSearchParams(new FormData(form));
      const send = () => fetch(form.action, { method: 'POST', body: data, redirect: 'manual' });
      const answers = [await send(), await send()];
      return answers.map((r) => r.type);
    });
    assert.deepEqual(statuses, ['opaqueredirect', 'opaqueredirect']);
    const list = (await request(s.server.url, 'GET', `/api/v1/posts/${post.id}/comments?limit=100`)).json;
    assert.equal(list.items.filter((c) => c.body === 'Twice?').length, 1);
  });

  test('replying, pinning and deleting', async () => {
    const page = readerTab.page;
    const top = expectStatus(
      await request(s.server.url, 'POST', `/api/v1/posts/${post.id}/comments`, {
        token: reader.token,
        body: { body: 'A thread to reply to' },
      }),
      201,
    ).json.comment;
    await page.goto(postPath());
    const item = page.locator(`#c-${top.id}`);
    await item.getByTestId('comment-reply').click();
    await item.getByTestId('reply-input').fill('Une réponse');
    await Promise.all([page.waitForURL(/#c-\d+$/), item.getByTestId('reply-submit').click()]);
    const replyId = new URL(page.url()).hash.slice(3);
    assert.match(await page.locator(`#c-${replyId}`).getAttribute('class'), /is-reply/);
    // The post's author pins the thread and deletes the reply.
    const ap = authorTab.page;
    await ap.goto(postPath());
    await Promise.all([ap.waitForURL(/#c-\d+$/), ap.locator(`#c-${top.id}`).getByTestId('comment-pin').click()]);
    await ap.locator(`#c-${top.id}`).getByTestId('comment-pinned').waitFor();
    const first = await ap.getByTestId('comment').first().getAttribute('data-comment-id');
    assert.equal(first, String(top.id), 'the pinned thread comes first');
    await Promise.all([
      ap.waitForURL(/#c-\d+$/),
      ap.locator(`#c-${replyId}`).getByTestId('comment-delete').click(),
    ]);
    await ap.locator(`#c-${replyId}`).getByTestId('comment-deleted').waitFor();
    // The reader's open page saw the deletion live.
    await readerTab.page.locator(`#c-${replyId}`).getByTestId('comment-deleted').waitFor();
  });

  test('liking the post, with its count live on another open page', async () => {
    const rp = readerTab.page;
    const ap = authorTab.page;
    await ap.goto(postPath());
    await rp.goto(postPath());
    const like = rp.getByTestId('action-like');
    assert.equal(await like.getAttribute('aria-pressed'), 'false');
    await like.click();
    await expectText(rp.getByTestId('action-like-count'), '1');
    assert.equal(await like.getAttribute('aria-pressed'), 'true');
    await expectText(ap.getByTestId('action-like-count'), '1');
    await like.click();
    await expectText(rp.getByTestId('action-like-count'), '0');
  });

  test('the unread badge updates live, and the notifications page marks read', async () => {
    const ap = authorTab.page;
    await ap.goto('/');
    const unread = (await request(s.server.url, 'GET', '/api/v1/notifications', { token: author.token })).json.unread;
    await expectText(ap.getByTestId('unread-badge'), String(unread));
    expectStatus(
      await request(s.server.url, 'POST', `/api/v1/posts/${post.id}/comments`, {
        token: reader.token,
        body: { body: 'ping' },
      }),
      201,
    );
    await expectText(ap.getByTestId('unread-badge'), String(unread + 1));
    await ap.getByTestId('nav-notifications').click();
    await ap.getByTestId('notification').first().waitFor();
    await Promise.all([ap.waitForURL('**/notifications'), ap.getByTestId('notifications-mark-read').click()]);
    assert.equal(await ap.getByTestId('unread-badge').isHidden(), true);
  });

  test('no JS errors or failed loads on the reader’s pages', async () => {
    assert.deepEqual(await watch.problems(), []);
  });
});
