// Reposts and quotes, shares, pins, follows and the feeds through the JSON API against the real
// binary, on SQLite and (with PLAZA_TEST_PG) PostgreSQL. Every /api/v1 answer is checked against
// the OpenAPI document by the harness.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  createPost,
  describeResponse,
  expectError,
  expectStatus,
  forEachBackend,
  registerUser,
  request,
  useServer,
} from '../e2e/harness.mjs';
import { openStream } from './event_stream.mjs';

const FAMILY = '👨‍👩‍👧‍👦'; // one grapheme cluster, seven code points
const FLAG = '🇫🇷';

await forEachBackend((backend, storage) => {
  const serverOptions = async () => {
    const options = {
      env: {
        ...GENEROUS_LIMITS,
        PLAZA_LIMITS_POSTS_PER_USER: '100000/60',
        PLAZA_SOCIAL_WRITES_PER_MINUTE: '100000',
      },
    };
    if (storage) {
      const db = await storage();
      options.storage = db.uri;
      options.onStopped = db.drop;
    }
    return options;
  };

  describe(`social API on ${backend}`, () => {
    const s = useServer(serverOptions);
    const api = (method, path, opts) => request(s.server.url, method, path, opts);
    const people = async () => {
      const author = await registerUser(s.server.url);
      const reader = await registerUser(s.server.url);
      const post = await createPost(s.server.url, author.token, { title: 'On $BTC', lang: 'en' });
      return { author, reader, post };
    };

    test('a repost counts once, a quote replaces it, undo brings the counts back', async () => {
      const { reader, post } = await people();
      const first = expectStatus(
        await api('POST', `/api/v1/posts/${post.id}/repost`, { token: reader.token }),
        201,
      );
      assert.equal(first.json.repost.reposted, true);
      assert.equal(first.json.repost.quote, null);
      assert.equal(first.json.repost.counts.reposts, 1);
      const again = expectStatus(
        await api('POST', `/api/v1/posts/${post.id}/repost`, { token: reader.token, body: {} }),
        200,
      );
      assert.equal(again.json.repost.counts.reposts, 1, 'reposting twice is one repost');

      const quote = `Agreed ${FAMILY}${FLAG}`;
      const quoted = expectStatus(
        await api('POST', `/api/v1/posts/${post.id}/repost`, {
          token: reader.token,
          body: { quote: `  ${quote}  ` },
        }),
        201,
      );
      assert.equal(quoted.json.repost.quote, quote, 'trimmed');
      assert.deepEqual(
        [quoted.json.repost.counts.reposts, quoted.json.repost.counts.quotes],
        [1, 1],
      );
      const read = expectStatus(await api('GET', `/api/v1/posts/${post.id}`), 200);
      assert.equal(read.json.post.counts.quotes, 1, 'the post carries its counts');

      const undone = expectStatus(
        await api('DELETE', `/api/v1/posts/${post.id}/repost`, { token: reader.token }),
        200,
      );
      assert.deepEqual(
        [undone.json.repost.reposted, undone.json.repost.counts.reposts,
          undone.json.repost.counts.quotes],
        [false, 0, 0],
      );
    });

    test('a quote of 400 clusters passes, 401 is 422 naming the limit', async () => {
      const { reader, post } = await people();
      const ok = await api('POST', `/api/v1/posts/${post.id}/repost`, {
        token: reader.token,
        body: { quote: FAMILY.repeat(100) + 'a'.repeat(300) },
      });
      expectStatus(ok, 201);
      const over = await api('POST', `/api/v1/posts/${post.id}/repost`, {
        token: reader.token,
        body: { quote: 'é'.repeat(401) },
      });
      expectError(over, 422, 'limit_exceeded', { field: 'quote', limit: 400 });
      const marks = await api('POST', `/api/v1/posts/${post.id}/repost`, {
        token: reader.token,
        body: { quote: 'e' + '\u0301'.repeat(31) },
      });
      expectError(marks, 422, 'limit_exceeded', { field: 'quote', limit: 30 });
    });

    test('reposting, sharing and pinning a deleted post are 410; anonymous is 401', async () => {
      const { author, reader, post } = await people();
      expectError(await api('POST', `/api/v1/posts/${post.id}/repost`), 401, 'unauthenticated');
      expectStatus(await api('DELETE', `/api/v1/posts/${post.id}`, { token: author.token }), 204);
      for (const [method, path, token] of [
        ['POST', 'repost', reader.token],
        ['DELETE', 'repost', reader.token],
        ['POST', 'share', reader.token],
        ['POST', 'pin', author.token],
      ]) {
        expectError(await api(method, `/api/v1/posts/${post.id}/${path}`, { token }), 410, 'gone');
      }
      expectError(
        await api('POST', '/api/v1/posts/987654321/repost', { token: reader.token }),
        404,
        'not_found',
      );
    });

    test('a share counts once per reader', async () => {
      const { author, reader, post } = await people();
      const path = `/api/v1/posts/${post.id}/share`;
      const first = expectStatus(await api('POST', path, { token: reader.token }), 201);
      assert.equal(first.json.share.counted, true);
      const second = expectStatus(await api('POST', path, { token: reader.token }), 200);
      assert.equal(second.json.share.counted, false);
      assert.equal(second.json.share.counts.shares, 1);
      const other = expectStatus(await api('POST', path, { token: author.token }), 201);
      assert.equal(other.json.share.counts.shares, 2);
    });

    test('an author pins up to three posts; a fourth is 422 with limit 3', async () => {
      const { author, reader, post } = await people();
      const more = [];
      for (let i = 0; i < 3; i++) more.push(await createPost(s.server.url, author.token));
      expectError(
        await api('POST', `/api/v1/posts/${post.id}/pin`, { token: reader.token }),
        403,
        'forbidden',
      );
      for (const p of [post, more[0], more[1]]) {
        expectStatus(await api('POST', `/api/v1/posts/${p.id}/pin`, { token: author.token }), 201);
      }
      expectError(
        await api('POST', `/api/v1/posts/${more[2].id}/pin`, { token: author.token }),
        422,
        'limit_exceeded',
        { limit: 3 },
      );
      const listed = expectStatus(await api('GET', `/api/v1/users/${author.handle}/posts`), 200);
      assert.deepEqual(
        listed.json.pinned.map((p) => p.id),
        [more[1].id, more[0].id, post.id],
        'newest pin first',
      );
      assert.equal(listed.json.items.length, 4);
      const unpinned = expectStatus(
        await api('DELETE', `/api/v1/posts/${more[0].id}/pin`, { token: author.token }),
        200,
      );
      assert.equal(unpinned.json.pin.changed, true);
      expectStatus(
        await api('POST', `/api/v1/posts/${more[2].id}/pin`, { token: author.token }),
        201,
      );
    });

    test('following yourself is 400 naming the field; lists page by keyset', async () => {
      const star = await registerUser(s.server.url);
      const fans = [];
      for (let i = 0; i < 3; i++) fans.push(await registerUser(s.server.url));
      expectError(
        await api('POST', `/api/v1/users/${star.handle}/follow`, { token: star.token }),
        400,
        'invalid_argument',
        { field: 'handle' },
      );
      expectError(
        await api('POST', '/api/v1/users/nobody_here_at_all/follow', { token: star.token }),
        404,
        'not_found',
      );
      for (const fan of fans) {
        const res = expectStatus(
          await api('POST', `/api/v1/users/${star.handle}/follow`, { token: fan.token }),
          200,
        );
        assert.equal(res.json.follow.following, true);
      }
      const first = expectStatus(
        await api('GET', `/api/v1/users/${star.handle}/followers?limit=2`),
        200,
      );
      assert.deepEqual(first.json.items.map((p) => p.handle), [fans[2].handle, fans[1].handle]);
      assert.ok(first.json.next_cursor, describeResponse(first));
      const second = expectStatus(
        await api(
          'GET',
          `/api/v1/users/${star.handle}/followers?limit=2&cursor=${encodeURIComponent(first.json.next_cursor)}`,
        ),
        200,
      );
      assert.deepEqual(second.json.items.map((p) => p.handle), [fans[0].handle]);
      assert.equal(second.json.next_cursor, null);
      const following = expectStatus(
        await api('GET', `/api/v1/users/${fans[0].handle}/following`),
        200,
      );
      assert.deepEqual(following.json.items.map((p) => p.handle), [star.handle]);
      const un = expectStatus(
        await api('DELETE', `/api/v1/users/${star.handle}/follow`, { token: fans[0].token }),
        200,
      );
      assert.equal(un.json.follow.following, false);
    });

    test('the following feed: followees\' posts and reposts, newest first, by keyset', async () => {
      const reader = await registerUser(s.server.url);
      const alice = await registerUser(s.server.url);
      const bob = await registerUser(s.server.url);
      const stranger = await registerUser(s.server.url);
      for (const who of [alice, bob]) {
        expectStatus(
          await api('POST', `/api/v1/users/${who.handle}/follow`, { token: reader.token }),
          200,
        );
      }
      const a1 = await createPost(s.server.url, alice.token, { title: 'a1' });
      const s1 = await createPost(s.server.url, stranger.token, { title: 's1' });
      const b1 = await createPost(s.server.url, bob.token, { title: 'b1' });
      expectStatus(
        await api('POST', `/api/v1/posts/${s1.id}/repost`, {
          token: bob.token,
          body: { quote: 'Look at this' },
        }),
        201,
      );
      expectError(await api('GET', '/api/v1/feeds/following'), 401, 'unauthenticated');
      const page1 = expectStatus(
        await api('GET', '/api/v1/feeds/following?limit=2', { token: reader.token }),
        200,
      );
      assert.deepEqual(
        page1.json.items.map((i) => [i.post.title, i.repost?.by.handle ?? null]),
        [['s1', bob.handle], ['b1', null]],
      );
      assert.equal(page1.json.items[0].repost.quote, 'Look at this');
      const page2 = expectStatus(
        await api(
          'GET',
          `/api/v1/feeds/following?limit=2&cursor=${encodeURIComponent(page1.json.next_cursor)}`,
          { token: reader.token },
        ),
        200,
      );
      assert.deepEqual(page2.json.items.map((i) => i.post.id), [a1.id]);
      assert.equal(page2.json.next_cursor, null);
      expectError(
        await api('GET', '/api/v1/feeds/following?cursor=zzz', { token: reader.token }),
        400,
        'invalid_argument',
        { field: 'cursor' },
      );
      const latest = expectStatus(await api('GET', '/api/v1/feeds/latest?limit=1'), 200);
      assert.equal(latest.json.items[0].post.id, b1.id);
      assert.equal(latest.json.items[0].repost, null);
      expectError(await api('GET', '/api/v1/feeds/trending'), 404, 'not_found');
    });

    test('a follow, a repost and a quote notify their user once, live; a quote\'s @mention notifies; oneself never', async () => {
      const { author, reader, post } = await people();
      const friend = await registerUser(s.server.url);
      const kinds = async (user) =>
        expectStatus(await api('GET', '/api/v1/notifications?lang=fr', { token: user.token }), 200).json;
      const stream = await openStream(s.server.url, `/api/v1/events?topics=user:${author.handle}`, {
        authorization: `Bearer ${author.token}`,
      });
      try {
        assert.equal(stream.status, 200, stream.text);
        expectStatus(await api('POST', `/api/v1/users/${author.handle}/follow`, { token: reader.token }), 200);
        let message = await stream.next();
        while (message.event !== 'notification.created') message = await stream.next();
        const data = JSON.parse(message.data);
        assert.equal(data.unread, 1);
        assert.equal(data.notification.kind, 'follow');
        assert.equal(data.notification.actor.handle, reader.handle);
      } finally {
        stream.close();
      }
      // Undone and done again: still one notification of each.
      expectStatus(await api('DELETE', `/api/v1/users/${author.handle}/follow`, { token: reader.token }), 200);
      expectStatus(await api('POST', `/api/v1/users/${author.handle}/follow`, { token: reader.token }), 200);
      expectStatus(await api('POST', `/api/v1/posts/${post.id}/repost`, { token: reader.token }), 201);
      expectStatus(await api('DELETE', `/api/v1/posts/${post.id}/repost`, { token: reader.token }), 200);
      expectStatus(await api('POST', `/api/v1/posts/${post.id}/repost`, { token: reader.token }), 201);
      expectStatus(
        await api('POST', `/api/v1/posts/${post.id}/repost`, {
          token: reader.token,
          body: { quote: `Read this, @${friend.handle} and @${author.handle}` },
        }),
        201,
      );
      // The author's own repost and follow-backs of oneself tell nobody.
      expectStatus(await api('POST', `/api/v1/posts/${post.id}/repost`, { token: author.token }), 201);
      const mine = await kinds(author);
      assert.deepEqual(mine.items.map((n) => n.kind), ['quote', 'repost', 'follow']);
      assert.ok(mine.items.every((n) => n.actor.handle === reader.handle));
      assert.equal(mine.unread, 3);
      assert.match(mine.items[2].text, /vous suit désormais/);
      assert.match(mine.items[0].excerpt, /^Read this/);
      assert.equal(mine.items[0].post_id, post.id);
      const theirs = await kinds(friend);
      assert.deepEqual(theirs.items.map((n) => [n.kind, n.post_id]), [['mention', post.id]]);
      assert.deepEqual((await kinds(reader)).items, [], 'the actor is told nothing');
    });
  });
});

// The throttles of conversation writes, per user and per client address, with tight limits.
await forEachBackend((backend, storage) => {
  const serverOptions = async () => {
    const options = {
      env: {
        ...GENEROUS_LIMITS,
        PLAZA_LIMITS_POSTS_PER_USER: '100000/60',
        PLAZA_SOCIAL_WRITES_PER_MINUTE: '2',
        PLAZA_SOCIAL_ADDRESS_WRITES_PER_MINUTE: '3',
        PLAZA_COMMENTS_COMMENTS_PER_USER: '2/60',
        PLAZA_COMMENTS_LIKES_PER_USER: '2/60',
        PLAZA_COMMENTS_WRITES_PER_ADDRESS: '5/60',
      },
    };
    if (storage) {
      const db = await storage();
      options.storage = db.uri;
      options.onStopped = db.drop;
    }
    return options;
  };

  describe(`throttles on conversation writes on ${backend}`, () => {
    const s = useServer(serverOptions);
    const api = (method, path, opts) => request(s.server.url, method, path, opts);
    const throttled = (res) => {
      expectError(res, 429, 'rate_limited');
      assert.match(res.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/, 'Retry-After in seconds');
    };

    test('follows and reposts: per user, then per address across users; comments and likes likewise', async () => {
      const [author, a, b] = [
        await registerUser(s.server.url),
        await registerUser(s.server.url),
        await registerUser(s.server.url),
      ];
      const post = await createPost(s.server.url, author.token);
      expectStatus(await api('POST', `/api/v1/users/${author.handle}/follow`, { token: a.token }), 200);
      expectStatus(await api('POST', `/api/v1/posts/${post.id}/repost`, { token: a.token }), 201);
      throttled(await api('POST', `/api/v1/posts/${post.id}/share`, { token: a.token }));
      // b has writes left of its own, but the address has one left for every account on it.
      expectStatus(await api('POST', `/api/v1/users/${author.handle}/follow`, { token: b.token }), 200);
      throttled(await api('POST', `/api/v1/posts/${post.id}/repost`, { token: b.token }));

      const comment = (user, body) =>
        api('POST', `/api/v1/posts/${post.id}/comments`, { token: user.token, body: { body } });
      expectStatus(await comment(a, 'one'), 201);
      expectError(await comment(a, '   '), 400, 'invalid_argument', { field: 'body' });
      expectStatus(await comment(a, 'two'), 201, 'a refused body is not counted');
      throttled(await comment(a, 'three'));
      expectStatus(await api('POST', `/api/v1/posts/${post.id}/like`, { token: a.token }), 200);
      expectStatus(await api('DELETE', `/api/v1/posts/${post.id}/like`, { token: a.token }), 200);
      throttled(await api('POST', `/api/v1/posts/${post.id}/like`, { token: a.token }));
      // Four comment and like writes from this address so far; the fifth is the last.
      expectStatus(await comment(b, 'from b'), 201);
      throttled(await api('POST', `/api/v1/posts/${post.id}/like`, { token: b.token }));
      const read = expectStatus(await api('GET', `/api/v1/posts/${post.id}`), 200).json.post;
      assert.equal(read.counts.comments, 3);
      assert.equal(read.counts.likes, 0);
    });
  });
});
