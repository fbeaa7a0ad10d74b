// Comment translation through the JSON API (docs/translation.md, "Comments") against the real
// binary with the REAL Apertium (eng-spa only, so the engine starts fast), on SQLite and (with
// PLAZA_TEST_PG) on PostgreSQL. Every answer is checked against the OpenAPI document by the
// harness. The translation is awaited on the post's event stream (comment.translation), never
// by sleeping.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  createPost,
  expectError,
  expectStatus,
  forEachBackend,
  registerUser,
  request,
  useServer,
} from '../e2e/harness.mjs';
import { openStream } from './event_stream.mjs';

// Apertium loads its dictionaries on a busy two-core machine.
const TRANSLATED_DEADLINE_MS = 150_000;
const COMMENT =
  'I think this analysis of the market is very good, and $BTC will pass 64,250 next week: https://example.com/chart';

function defineSuite(backend, storage) {
  let modes;
  const serverOptions = async () => {
    modes = mkdtempSync(join(tmpdir(), 'plaza-modes-'));
    symlinkSync('/usr/share/apertium/modes/eng-spa.mode', join(modes, 'eng-spa.mode'));
    const options = {
      env: {
        ...GENEROUS_LIMITS,
        PLAZA_TRANSLATION_ENGINES: 'apertium',
        PLAZA_TRANSLATION_APERTIUM_MODES_DIR: modes,
        // No route into French with eng-spa alone: nothing is translated without being asked.
        PLAZA_TRANSLATION_EAGER: 'fr',
        PLAZA_TRANSLATION_ON_DEMAND_PER_MINUTE: '3',
        // Every page is rendered or the kept page of comments (docs/conversation.md).
        PLAZA_SERVER_PAGE_CACHE: 'false',
      },
      onStopped: () => rmSync(modes, { recursive: true, force: true }),
    };
    if (storage) {
      const db = await storage();
      options.storage = db.uri;
      const removeModes = options.onStopped;
      options.onStopped = async () => {
        removeModes();
        await db.drop();
      };
    }
    return options;
  };

  describe(`comment translation on ${backend}`, { timeout: 300_000 }, () => {
    const s = useServer(serverOptions);
    const base = () => s.server.url;

    const comment = async (token, postId, body) =>
      expectStatus(await request(base(), 'POST', `/api/v1/posts/${postId}/comments`, { token, body: { body } }), 201)
        .json.comment;
    const list = async (postId, query = '') =>
      expectStatus(await request(base(), 'GET', `/api/v1/posts/${postId}/comments${query}`), 200).json.items;
    const ask = (commentId, lang) =>
      request(base(), 'POST', `/api/v1/comments/${commentId}/translation${lang ? `?lang=${lang}` : ''}`);

    test('a comment is offered, translated on request and arrives on the post topic', async () => {
      const author = await registerUser(base());
      const reader = await registerUser(base());
      // Posts written in Spanish: their pages queue no translation of their own for a Spanish
      // reader, which would spend this address's on-demand allowance.
      const post = await createPost(base(), author.token, { lang: 'es' });
      const c = await comment(reader.token, post.id, COMMENT);
      assert.equal(c.lang, 'en');
      // The same words under another post: a Spanish reader of either page is offered them.
      const other = await createPost(base(), author.token, { lang: 'es' });
      await comment(author.token, other.id, COMMENT);
      const spanishPage = async (p) =>
        expectStatus(
          await request(base(), 'GET', new URL(p.url).pathname, { headers: { 'accept-language': 'es' } }),
          200,
        ).text;
      for (const p of [post, other]) {
        assert.match(await spanishPage(p), /data-testid="comment-translation" data-status="available"/);
      }

      assert.equal((await list(post.id))[0].translation, null, 'no ?lang=: no translation');
      const english = (await list(post.id, '?lang=en'))[0].translation;
      assert.equal(english.status, 'original');
      const offered = (await list(post.id, '?lang=es'))[0].translation;
      assert.deepEqual(offered, {
        comment_id: c.id, status: 'available', from: 'en', to: 'es', engines: ['apertium'], body: null,
      });
      // Reading never queues: asking again still finds it only offered.
      assert.equal((await list(post.id, '?lang=es'))[0].translation.status, 'available');

      const stream = await openStream(base(), `/api/v1/events?topics=post:${post.id}&lang=es`);
      try {
        const asked = expectStatus(await ask(c.id, 'es'), 200).json.translation;
        assert.equal(asked.status, 'pending');
        assert.equal(asked.comment_id, c.id);
        // A second reader's request joins the same job.
        assert.equal(expectStatus(await ask(c.id, 'es'), 200).json.translation.status, 'pending');

        let event;
        const deadline = Date.now() + TRANSLATED_DEADLINE_MS;
        while (!event) {
          const message = await stream.next(Math.max(1, deadline - Date.now()));
          if (message.event === 'comment.translation') event = JSON.parse(message.data);
        }
        assert.equal(event.post_id, post.id);
        assert.equal(event.comment_id, c.id);
        assert.equal(event.status, 'ready');
        assert.equal(event.to, 'es');
        assert.equal(event.lang, 'es');
        assert.match(event.label, /ingl[ée]s/i, event.label);
        // Cashtags, numbers and URLs pass through the engine untouched.
        for (const kept of ['$BTC', '64,250', 'https://example.com/chart']) {
          assert.ok(event.body.includes(kept), `${kept} is kept in ${event.body}`);
        }
        assert.notEqual(event.body, COMMENT);
        assert.ok(!event.body_html.includes('<script'), event.body_html);

        const ready = (await list(post.id, '?lang=es'))[0].translation;
        assert.equal(ready.status, 'ready');
        // Both pages show it now: the one it was asked on, and the other with the same words.
        for (const p of [post, other]) {
          assert.match(await spanishPage(p), /data-testid="comment-translation" data-status="ready"/, p.url);
        }
        assert.equal(ready.body, event.body);
        assert.equal(expectStatus(await ask(c.id, 'es'), 200).json.translation.body, event.body);
      } finally {
        stream.close();
      }
    });

    test('unknown and deleted comments are refused; the per-address limit answers 429', async () => {
      const author = await registerUser(base());
      const reader = await registerUser(base());
      const post = await createPost(base(), author.token);
      expectError(await ask(987654321, 'es'), 404, 'not_found');
      const gone = await comment(reader.token, post.id, 'This comment will be deleted before anyone reads it again.');
      expectStatus(await request(base(), 'DELETE', `/api/v1/comments/${gone.id}`, { token: reader.token }), 204);
      expectError(await ask(gone.id, 'es'), 410, 'gone');
      // The same language needs no engine and no allowance.
      const same = await comment(reader.token, post.id, 'Another comment written in plain English by the reader.');
      assert.equal(expectStatus(await ask(same.id, 'en'), 200).json.translation.status, 'original');

      // Three requests that queue a job a minute per address (the first test used one; the
      // limit's window may have turned since): the next one is refused with Retry-After.
      let refused = null;
      for (let i = 0; i < 5 && !refused; ++i) {
        const c = await comment(reader.token, post.id, `Comment number ${i} says the market looks strong this week.`);
        const res = await ask(c.id, 'es');
        if (res.status === 429) refused = res;
        else assert.equal(expectStatus(res, 200).json.translation.status, 'pending');
      }
      assert.ok(refused, 'the limit refused a request');
      expectError(refused, 429, 'rate_limited');
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    });
  });
}

await forEachBackend((backend, storage) => defineSuite(backend, storage));
