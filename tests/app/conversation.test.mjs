// Comments, replies, pins, likes and notifications through the JSON API against the real
// binary, on SQLite and (with PLAZA_TEST_PG) on PostgreSQL. Every answer is checked against the
// OpenAPI document by the harness.

import assert from 'node:assert/strict';
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
import { TRICKY, body } from '../e2e/tricky_strings.mjs';

const ENV = { ...GENEROUS_LIMITS, PLAZA_LIMITS_POSTS_PER_USER: '1000/60' };

function comment(base, token, postId, body, { parentId, key } = {}) {
  const payload = { body };
  if (parentId !== undefined) payload.parent_id = parentId;
  const headers = key ? { 'idempotency-key': key } : {};
  return request(base, 'POST', `/api/v1/posts/${postId}/comments`, { token, body: payload, headers });
}

function defineConversationSuite(backend, storage) {
  const serverOptions = async () => {
    const options = { env: ENV };
    if (storage) {
      const db = await storage();
      options.storage = db.uri;
      options.onStopped = db.drop;
    }
    return options;
  };

  describe(`comments, likes and notifications on ${backend}`, { timeout: 180_000 }, () => {
    const s = useServer(serverOptions);
    const base = () => s.server.url;

    test('a comment is stored, counted and listed; a reply to a reply joins the top comment', async () => {
      const author = await registerUser(base());
      const reader = await registerUser(base());
      const post = await createPost(base(), author.token);
      const top = expectStatus(await comment(base(), reader.token, post.id, '  Bonjour à tous  '), 201).json.comment;
      assert.equal(top.body, 'Bonjour à tous');
      assert.equal(top.parent_id, null);
      assert.equal(top.status, 'live');
      assert.equal(top.author.handle, reader.handle);
      const reply = expectStatus(await comment(base(), author.token, post.id, 'Merci', { parentId: top.id }), 201)
        .json.comment;
      const deeper = expectStatus(await comment(base(), reader.token, post.id, 'De rien', { parentId: reply.id }), 201)
        .json.comment;
      assert.equal(deeper.parent_id, top.id, 'a reply to a reply is attached to the top comment');
      const list = expectStatus(await request(base(), 'GET', `/api/v1/posts/${post.id}/comments`), 200).json;
      assert.deepEqual(
        list.items.map((c) => c.id),
        [top.id, reply.id, deeper.id],
      );
      assert.equal(list.next_cursor, null);
      const read = expectStatus(await request(base(), 'GET', `/api/v1/posts/${post.id}`), 200).json.post;
      assert.equal(read.counts.comments, 3);
    });

    test('comments are keyset-paginated', async () => {
      const author = await registerUser(base());
      const post = await createPost(base(), author.token);
      const ids = [];
      for (let i = 0; i < 5; i++) {
        ids.push(expectStatus(await comment(base(), author.token, post.id, `c${i}`), 201).json.comment.id);
      }
      const seen = [];
      let cursor = '';
      for (let pages = 0; pages < 5; pages++) {
        const q = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page = expectStatus(await request(base(), 'GET', `/api/v1/posts/${post.id}/comments?limit=2${q}`), 200).json;
        seen.push(...page.items.map((c) => c.id));
        if (page.next_cursor === null) break;
        cursor = page.next_cursor;
      }
      assert.deepEqual(seen, ids);
      expectError(
        await request(base(), 'GET', `/api/v1/posts/${post.id}/comments?cursor=nope`),
        400,
        'invalid_argument',
        { field: 'cursor' },
      );
    });

    test('limits: 401 grapheme clusters is 422 naming 400; tricky clusters count as one; empty is 400', async () => {
      const author = await registerUser(base());
      const post = await createPost(base(), author.token);
      for (const t of TRICKY) {
        // 400 of them fit when each is one cluster (and the bytes and marks caps allow it).
        const fits = Math.min(400, Math.floor(3200 / Buffer.byteLength(t.text)));
        expectStatus(await comment(base(), author.token, post.id, body(t, fits)), 201, `${t.name} × ${fits}`);
        if (fits === 400) {
          // Bytes are checked first: 401 clusters of 8 bytes are over both limits.
          const bytes = Buffer.byteLength(body(t, 401));
          expectError(await comment(base(), author.token, post.id, body(t, 401)), 422, 'limit_exceeded', {
            field: 'body',
            limit: bytes > 3200 ? 3200 : 400,
          });
        }
      }
      expectError(await comment(base(), author.token, post.id, 'é'.repeat(1601)), 422, 'limit_exceeded', {
        limit: 3200,
      });
      expectError(await comment(base(), author.token, post.id, 'a' + '\u0301'.repeat(31)), 422, 'limit_exceeded', {
        limit: 30,
      });
      for (const blank of ['', '   ', '\u200b\u3000', '\n\t']) {
        expectError(await comment(base(), author.token, post.id, blank), 400, 'invalid_argument', { field: 'body' });
      }
    });

    test('Idempotency-Key: a repeated request stores one comment; another body with the key is 409', async () => {
      const author = await registerUser(base());
      const post = await createPost(base(), author.token);
      const first = expectStatus(await comment(base(), author.token, post.id, 'once', { key: 'k-1' }), 201);
      const again = expectStatus(await comment(base(), author.token, post.id, 'once', { key: 'k-1' }), 200);
      assert.equal(again.json.comment.id, first.json.comment.id);
      expectError(await comment(base(), author.token, post.id, 'twice', { key: 'k-1' }), 409, 'conflict');
      const read = expectStatus(await request(base(), 'GET', `/api/v1/posts/${post.id}`), 200).json.post;
      assert.equal(read.counts.comments, 1);
    });

    test('delete: by the comment author or the post author, shown deleted, replies kept; others 403', async () => {
      const author = await registerUser(base());
      const reader = await registerUser(base());
      const stranger = await registerUser(base());
      const post = await createPost(base(), author.token);
      const top = expectStatus(await comment(base(), reader.token, post.id, 'top'), 201).json.comment;
      const reply = expectStatus(await comment(base(), reader.token, post.id, 'reply', { parentId: top.id }), 201)
        .json.comment;
      expectError(await request(base(), 'DELETE', `/api/v1/comments/${top.id}`, { token: stranger.token }), 403, 'forbidden');
      expectStatus(await request(base(), 'DELETE', `/api/v1/comments/${top.id}`, { token: author.token }), 204);
      expectStatus(await request(base(), 'DELETE', `/api/v1/comments/${reply.id}`, { token: reader.token }), 204);
      const list = expectStatus(await request(base(), 'GET', `/api/v1/posts/${post.id}/comments`), 200).json;
      assert.deepEqual(
        list.items.map((c) => [c.id, c.status, c.body]),
        [
          [top.id, 'deleted', null],
          [reply.id, 'deleted', null],
        ],
      );
      const read = expectStatus(await request(base(), 'GET', `/api/v1/posts/${post.id}`), 200).json.post;
      assert.equal(read.counts.comments, 0);
    });

    test('pin: the post author pins one top comment, shown first; others 403; a reply 400', async () => {
      const author = await registerUser(base());
      const reader = await registerUser(base());
      const post = await createPost(base(), author.token);
      const a = expectStatus(await comment(base(), reader.token, post.id, 'a'), 201).json.comment;
      const b = expectStatus(await comment(base(), reader.token, post.id, 'b'), 201).json.comment;
      const b1 = expectStatus(await comment(base(), reader.token, post.id, 'b1', { parentId: b.id }), 201).json.comment;
      expectError(await request(base(), 'POST', `/api/v1/comments/${b.id}/pin`, { token: reader.token }), 403, 'forbidden');
      expectError(await request(base(), 'POST', `/api/v1/comments/${b1.id}/pin`, { token: author.token }), 400, 'invalid_argument');
      const pinned = expectStatus(await request(base(), 'POST', `/api/v1/comments/${b.id}/pin`, { token: author.token }), 200);
      assert.equal(pinned.json.comment.pinned, true);
      const list = expectStatus(await request(base(), 'GET', `/api/v1/posts/${post.id}/comments`), 200).json;
      assert.deepEqual(
        list.items.map((c) => c.id),
        [b.id, b1.id, a.id],
      );
      const unpinned = expectStatus(await request(base(), 'DELETE', `/api/v1/comments/${b.id}/pin`, { token: author.token }), 200);
      assert.equal(unpinned.json.comment.pinned, false);
    });

    test('likes: liking twice is one like, on posts and comments; counts in post JSON', async () => {
      const author = await registerUser(base());
      const reader = await registerUser(base());
      const post = await createPost(base(), author.token);
      const c = expectStatus(await comment(base(), author.token, post.id, 'like me'), 201).json.comment;
      for (let i = 0; i < 2; i++) {
        const like = expectStatus(await request(base(), 'POST', `/api/v1/posts/${post.id}/like`, { token: reader.token }), 200);
        assert.deepEqual(like.json.like, { target: 'post', id: post.id, liked: true, count: 1 });
      }
      const cl = expectStatus(await request(base(), 'POST', `/api/v1/comments/${c.id}/like`, { token: reader.token }), 200);
      assert.equal(cl.json.like.count, 1);
      const read = expectStatus(await request(base(), 'GET', `/api/v1/posts/${post.id}`), 200).json.post;
      assert.equal(read.counts.likes, 1);
      const unlike = expectStatus(await request(base(), 'DELETE', `/api/v1/posts/${post.id}/like`, { token: reader.token }), 200);
      assert.deepEqual(unlike.json.like, { target: 'post', id: post.id, liked: false, count: 0 });
      expectError(await request(base(), 'POST', `/api/v1/posts/${post.id}/like`), 401, 'unauthenticated');
    });

    test('a deleted post takes no comments, likes or pins (410) and lists none', async () => {
      const author = await registerUser(base());
      const post = await createPost(base(), author.token);
      const c = expectStatus(await comment(base(), author.token, post.id, 'before'), 201).json.comment;
      expectStatus(await request(base(), 'DELETE', `/api/v1/posts/${post.id}`, { token: author.token }), 204);
      expectError(await comment(base(), author.token, post.id, 'after'), 410, 'gone');
      expectError(await request(base(), 'POST', `/api/v1/posts/${post.id}/like`, { token: author.token }), 410, 'gone');
      expectError(await request(base(), 'POST', `/api/v1/comments/${c.id}/like`, { token: author.token }), 410, 'gone');
      expectError(await request(base(), 'POST', `/api/v1/comments/${c.id}/pin`, { token: author.token }), 410, 'gone');
      expectError(await request(base(), 'GET', `/api/v1/posts/${post.id}/comments`), 410, 'gone');
      expectError(await comment(base(), author.token, 999999, 'nowhere'), 404, 'not_found');
    });

    test('notifications: comment, reply, like and mention; unread count; mark read', async () => {
      const author = await registerUser(base());
      const reader = await registerUser(base());
      const friend = await registerUser(base());
      const post = await createPost(base(), author.token);
      const top = expectStatus(await comment(base(), reader.token, post.id, `hello @${friend.handle}`), 201).json.comment;
      expectStatus(await comment(base(), author.token, post.id, 'thanks', { parentId: top.id }), 201);
      expectStatus(await request(base(), 'POST', `/api/v1/posts/${post.id}/like`, { token: reader.token }), 200);
      expectStatus(await request(base(), 'DELETE', `/api/v1/posts/${post.id}/like`, { token: reader.token }), 200);
      expectStatus(await request(base(), 'POST', `/api/v1/posts/${post.id}/like`, { token: reader.token }), 200);
      const mine = expectStatus(await request(base(), 'GET', '/api/v1/notifications?lang=fr', { token: author.token }), 200).json;
      assert.deepEqual(
        mine.items.map((n) => n.kind),
        ['like', 'comment'],
        'one like notification however often it is redone; nothing for the author’s own reply',
      );
      assert.equal(mine.unread, 2);
      assert.match(mine.items[1].text, /a commenté votre publication/);
      const theirs = expectStatus(await request(base(), 'GET', '/api/v1/notifications', { token: reader.token }), 200).json;
      assert.deepEqual(theirs.items.map((n) => n.kind), ['reply']);
      const mention = expectStatus(await request(base(), 'GET', '/api/v1/notifications', { token: friend.token }), 200).json;
      assert.deepEqual(mention.items.map((n) => n.kind), ['mention']);
      const read = expectStatus(
        await request(base(), 'POST', '/api/v1/notifications/read', { token: author.token, body: { up_to_id: mine.items[1].id } }),
        200,
      );
      assert.equal(read.json.unread, 1);
      expectStatus(await request(base(), 'POST', '/api/v1/notifications/read', { token: author.token }), 200);
      const after = expectStatus(await request(base(), 'GET', '/api/v1/notifications', { token: author.token }), 200).json;
      assert.equal(after.unread, 0);
      assert.ok(after.items.every((n) => n.read));
      expectError(await request(base(), 'GET', '/api/v1/notifications'), 401, 'unauthenticated');
    });
  });

  // The post page keeps the rendered page of comments a reader who is not signed in sees, while
  // the post's conversation version holds (docs/conversation.md): with the page cache off, every
  // answer is that kept page or a new render, and must show each change at once.
  describe(`the kept page of comments on ${backend}`, { timeout: 180_000 }, () => {
    const s = useServer(async () => {
      const options = await serverOptions();
      options.env = { ...options.env, PLAZA_SERVER_PAGE_CACHE: 'false' };
      return options;
    });
    const base = () => s.server.url;

    test('an anonymous page shows each new comment, like, pin, name and deletion at once', async () => {
      const author = await registerUser(base());
      const reader = await registerUser(base());
      const post = await createPost(base(), author.token);
      const path = new URL(post.url).pathname;
      const page = async () => expectStatus(await request(base(), 'GET', path), 200).text;
      const c = expectStatus(await comment(base(), reader.token, post.id, 'first words here'), 201).json.comment;
      const first = await page();
      assert.match(first, /first words here/);
      assert.equal(await page(), first, 'nothing changed: the same page');

      expectStatus(await request(base(), 'POST', `/api/v1/comments/${c.id}/like`, { token: author.token }), 200);
      assert.match(await page(), /data-testid="comment-like-count">1</, 'a like on the comment');
      expectStatus(await request(base(), 'POST', `/api/v1/comments/${c.id}/pin`, { token: author.token }), 200);
      assert.match(await page(), /data-testid="comment-pinned"/, 'the pin');
      expectStatus(
        await request(base(), 'PATCH', '/api/v1/me', { token: reader.token, body: { display_name: 'Renamed Reader' } }),
        200,
      );
      assert.match(await page(), /<bdi>Renamed Reader<\/bdi>/, "the commenter's new name");
      expectStatus(await comment(base(), author.token, post.id, 'a second comment'), 201);
      assert.match(await page(), /a second comment/, 'a new comment');
      expectStatus(await request(base(), 'DELETE', `/api/v1/comments/${c.id}`, { token: reader.token }), 204);
      const gone = await page();
      assert.match(gone, /data-testid="comment-deleted"/, 'the deletion');
      assert.doesNotMatch(gone, /first words here/);
    });
  });
}

await forEachBackend((backend, storage) => defineConversationSuite(backend, storage));

describe('pages of comments on the post page, without script', { timeout: 120_000 }, () => {
  const s = useServer({ env: { ...GENEROUS_LIMITS } });

  test('20 at a time; "More comments" pages on with ?cursor= and links back; a bad cursor is a 400', async () => {
    const author = await registerUser(s.server.url);
    const post = await createPost(s.server.url, author.token, { title: 'Many comments' });
    for (let i = 1; i <= 25; i++) {
      expectStatus(
        await request(s.server.url, 'POST', `/api/v1/posts/${post.id}/comments`, {
          token: author.token,
          body: { body: `comment number ${i}.` },
        }),
        201,
      );
    }
    const path = new URL(post.url).pathname;
    const numbers = (html) => [...html.matchAll(/comment number (\d+)\./g)].map((m) => Number(m[1]));
    const first = expectStatus(await request(s.server.url, 'GET', path), 200);
    assert.deepEqual(numbers(first.text), Array.from({ length: 20 }, (_, i) => i + 1));
    assert.doesNotMatch(first.text, /data-testid="comments-first"/);
    const more = /data-testid="comments-more" href="([^"]+)"/.exec(first.text);
    assert.ok(more, 'the first page links to more comments');
    const next = more[1].replaceAll('&amp;', '&');
    assert.ok(next.startsWith(`${path}?cursor=`) && next.endsWith('#comments'), next);
    const second = expectStatus(await request(s.server.url, 'GET', next.replace(/#comments$/, '')), 200);
    assert.deepEqual(numbers(second.text), [21, 22, 23, 24, 25]);
    assert.doesNotMatch(second.text, /data-testid="comments-more"/);
    assert.match(second.text, new RegExp(`data-testid="comments-first" href="${path}#comments"`));
    const bad = await request(s.server.url, 'GET', `${path}?cursor=not-a-cursor`);
    assert.equal(bad.status, 400, 'a malformed cursor is refused');
  });
});
