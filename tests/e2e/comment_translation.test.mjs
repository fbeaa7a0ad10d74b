// A Spanish reader and an English comment (docs/translation.md, "Comments"), in headless Chromium
// against the real `plaza` binary with the REAL Apertium (eng-spa): the comment offers
// "Traducir"; a click asks the API and the page, without reloading, shows "on its way" and then
// the translation as comment.translation brings it, with "Traducido del inglés" and the original
// behind "Ver original". With script off, the "Traducir" link (?translate=<id>) queues the job
// and shows the state; once stored, the post page (cached before) shows the translation. Every
// wait is on the page's own state or the server's event stream, never a fixed sleep.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';

import { openStream } from '../app/event_stream.mjs';
import { catalogString } from './catalogs.mjs';
import {
  GENEROUS_LIMITS,
  createPost,
  expectStatus,
  registerUser,
  request,
  shotsDir,
  useBrowser,
  useServer,
  watchPage,
} from './harness.mjs';

const DESKTOP = { width: 1280, height: 900 };
// Apertium loads its dictionaries on a busy two-core machine.
const TRANSLATED_DEADLINE_MS = 150_000;
const FIRST =
  'I think this analysis of the market is very good, and $BTC will pass 64,250 next week: https://example.com/chart';
const LIVE = 'This is a new comment about the price of the coin and the risks of the market.';
const SECOND = 'The author explains the risks very clearly and I agree with most of the points in this post.';

/// How many of Spanish's commonest short words the text holds.
function spanishWords(text) {
  const words = text.toLowerCase().split(/[^a-záéíóúñü]+/u);
  return words.filter((w) => ['el', 'la', 'los', 'las', 'de', 'que', 'y', 'es', 'muy', 'en', 'este'].includes(w))
    .length;
}

describe('a Spanish reader translates an English comment', { timeout: 420_000 }, () => {
  let modes;
  const s = useServer(() => {
    modes = mkdtempSync(join(tmpdir(), 'plaza-modes-'));
    symlinkSync('/usr/share/apertium/modes/eng-spa.mode', join(modes, 'eng-spa.mode'));
    return {
      env: {
        ...GENEROUS_LIMITS,
        PLAZA_TRANSLATION_ENGINES: 'apertium',
        PLAZA_TRANSLATION_APERTIUM_MODES_DIR: modes,
        // No French route with eng-spa alone: nothing is translated without being asked.
        PLAZA_TRANSLATION_EAGER: 'fr',
      },
      onStopped: () => rmSync(modes, { recursive: true, force: true }),
    };
  });
  const b = useBrowser();
  let post;
  let first;
  let second;
  let commenter;

  before(async () => {
    const author = await registerUser(s.server.url);
    const reader = await registerUser(s.server.url);
    commenter = reader;
    post = await createPost(s.server.url, author.token, { title: 'Market notes', body: 'A short body.' });
    const comment = async (text) =>
      expectStatus(
        await request(s.server.url, 'POST', `/api/v1/posts/${post.id}/comments`, {
          token: reader.token,
          body: { body: text },
        }),
        201,
      ).json.comment;
    first = await comment(FIRST);
    second = await comment(SECOND);
    assert.equal(first.lang, 'en');
    assert.equal(second.lang, 'en');
  });

  const path = () => new URL(post.url).pathname;

  test('a click asks for it and the translation arrives live, with the original a click away', async () => {
    const context = await b.browser.newContext({ viewport: DESKTOP, baseURL: s.server.url });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const watch = await watchPage(page);
      assert.equal((await page.goto(`${path()}?lang=es`)).status(), 200);
      const item = page.locator(`#c-${first.id}`);
      const translate = item.getByTestId('comment-translate');
      assert.equal((await translate.textContent()).trim(), catalogString('es', 'comments.translate', 'comments'));
      assert.equal(await translate.getAttribute('href'), `?translate=${first.id}#c-${first.id}`);
      assert.equal(await translate.getAttribute('rel'), 'nofollow');
      await page.evaluate(() => {
        window.plazaTestMark = 'same document';
      });

      // The click shows "on its way" at once, in the same task; the translation replaces it when
      // it comes (read in one evaluation: it may come at any moment).
      const pendingText = await translate.evaluate((link) => {
        const item = link.closest('[data-testid="comment"]');
        link.click();
        const pending = item.querySelector('[data-testid="comment-translation-pending"]');
        return pending ? pending.textContent.trim() : null;
      });
      assert.equal(pendingText, catalogString('es', 'comments.translation_pending', 'comments'));
      const ready = item.locator('[data-testid="comment-translation"][data-status="ready"]');
      await ready.waitFor({ timeout: TRANSLATED_DEADLINE_MS });
      assert.equal(await page.evaluate(() => window.plazaTestMark), 'same document', 'no reload');

      const body = item.getByTestId('comment-body');
      assert.equal(await body.getAttribute('lang'), 'es', 'the body names the language shown');
      const text = (await body.textContent()).trim();
      assert.notEqual(text, FIRST);
      assert.ok(spanishWords(text) >= 3, `Spanish words in ${text}`);
      for (const kept of ['$BTC', '64,250', 'https://example.com/chart']) {
        assert.ok(text.includes(kept), `${kept} is kept in ${text}`);
      }
      assert.equal((await item.getByTestId('comment-translated-from').textContent()).trim(), 'Traducido del inglés');
      // The original is behind "Ver original".
      const original = item.getByTestId('comment-original');
      assert.equal(await original.isVisible(), false);
      await item.getByTestId('comment-view-original').click();
      assert.equal((await original.textContent()).trim(), FIRST);
      assert.equal(await original.getAttribute('lang'), 'en');
      // The other comment was not asked for: still offered.
      assert.equal(await page.locator(`#c-${second.id}`).getByTestId('comment-translate').count(), 1);
      await page.screenshot({ path: join(shotsDir(), 'comment-translation-es.png'), fullPage: true });

      // A comment that arrives live (comment.created) is offered too, and translated in place.
      const live = expectStatus(
        await request(s.server.url, 'POST', `/api/v1/posts/${post.id}/comments`, {
          token: commenter.token,
          body: { body: LIVE },
        }),
        201,
      ).json.comment;
      const liveItem = page.locator(`#c-${live.id}`);
      await liveItem.getByTestId('comment-translate').click();
      await liveItem.locator('[data-testid="comment-translation"][data-status="ready"]').waitFor({
        timeout: TRANSLATED_DEADLINE_MS,
      });
      assert.equal(await liveItem.getByTestId('comment-body').getAttribute('lang'), 'es');
      assert.ok(spanishWords(await liveItem.getByTestId('comment-body').textContent()) >= 2);
      assert.equal(await page.evaluate(() => window.plazaTestMark), 'same document', 'no reload');
      assert.deepEqual(await watch.problems(), []);

      // A page loaded now (the cached one was dropped when the translation was stored) shows it.
      await page.goto(`${path()}?lang=es`);
      assert.equal(
        await page.locator(`#c-${first.id} [data-testid="comment-translation"][data-status="ready"]`).count(),
        1,
      );
    } finally {
      await context.close();
    }
  });

  test('without script the Translate link queues it and the page shows it once stored', async () => {
    const context = await b.browser.newContext({
      viewport: DESKTOP,
      baseURL: s.server.url,
      javaScriptEnabled: false,
    });
    const stream = await openStream(s.server.url, `/api/v1/events?topics=post:${post.id}&lang=es`);
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      // The plain page first, so that it is in the cache when the translation is stored.
      await page.goto(`${path()}?lang=es`);
      const item = page.locator(`#c-${second.id}`);
      await Promise.all([page.waitForURL(/\?translate=/), item.getByTestId('comment-translate').click()]);
      const state = page.locator(`#c-${second.id} [data-testid="comment-translation"]`);
      const status = await state.getAttribute('data-status');
      assert.ok(['pending', 'ready'].includes(status), status);
      if (status === 'pending') {
        assert.equal(
          (await page.locator(`#c-${second.id}`).getByTestId('comment-translation-pending').textContent()).trim(),
          catalogString('es', 'comments.translation_pending', 'comments'),
        );
        // The server says when it is stored (the page itself has no script to listen).
        const deadline = Date.now() + TRANSLATED_DEADLINE_MS;
        for (;;) {
          const message = await stream.next(Math.max(1, deadline - Date.now()));
          if (message.event !== 'comment.translation') continue;
          const data = JSON.parse(message.data);
          if (data.comment_id === second.id && data.status === 'ready') break;
        }
      }
      await page.goto(`${path()}?lang=es`);
      const ready = page.locator(`#c-${second.id} [data-testid="comment-translation"][data-status="ready"]`);
      assert.equal(await ready.count(), 1, 'the cached page was dropped and shows the translation');
      const body = page.locator(`#c-${second.id}`).getByTestId('comment-body');
      assert.equal(await body.getAttribute('lang'), 'es');
      assert.ok(spanishWords(await body.textContent()) >= 3);
      // <details> opens without script.
      await page.locator(`#c-${second.id}`).getByTestId('comment-view-original').click();
      assert.equal((await page.locator(`#c-${second.id}`).getByTestId('comment-original').textContent()).trim(), SECOND);
    } finally {
      stream.close();
      await context.close();
    }
  });
});
