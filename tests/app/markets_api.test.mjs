// Tokens attached from the asset registry through the JSON API (docs/markets.md), against the real
// binary on SQLite and (with PLAZA_TEST_PG) PostgreSQL. Every /api/v1 answer is checked against
// the OpenAPI document by the harness.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  expectError,
  expectStatus,
  forEachBackend,
  registerUser,
  request,
  onBackend,
  useServer,
} from '../e2e/harness.mjs';

await forEachBackend((backend, storage) => {
  const serverOptions = () =>
    onBackend(storage, { env: { ...GENEROUS_LIMITS, PLAZA_LIMITS_POSTS_PER_USER: '100000/60' } });

  describe(`attached tokens through the API on ${backend}`, () => {
    const s = useServer(serverOptions);
    const api = (method, path, opts) => request(s.server.url, method, path, opts);
    const publish = async (token, extra) =>
      api('POST', '/api/v1/posts', { token, body: { title: 'Calls', body: 'Long $BTC.', ...extra } });

    test('a post carries its attached tokens apart from its cashtags, and chips show both', async () => {
      const author = await registerUser(s.server.url);
      const created = expectStatus(await publish(author.token, { tokens: ['eth', 'XBT', 'SOL'] }), 201);
      const post = created.json.post;
      assert.deepEqual(post.tokens, ['ETH', 'BTC', 'SOL']);
      assert.deepEqual(post.cashtags, ['BTC', 'ETH', 'SOL']);
      assert.deepEqual(post.chips.map((c) => c.symbol), ['BTC', 'ETH', 'SOL']);
      const got = expectStatus(await api('GET', `/api/v1/posts/${post.id}`), 200);
      assert.deepEqual(got.json.post.tokens, ['ETH', 'BTC', 'SOL']);
      assert.deepEqual(got.json.post.chips.map((c) => c.symbol), ['BTC', 'ETH', 'SOL']);
      // Without tokens a post has none.
      const plain = expectStatus(await publish(author.token, {}), 201);
      assert.deepEqual(plain.json.post.tokens, []);
    });

    test('an edit keeps the attached tokens unless it sends them', async () => {
      const author = await registerUser(s.server.url);
      const post = expectStatus(await publish(author.token, { tokens: ['DOGE'] }), 201).json.post;
      const bodyEdit = expectStatus(
        await api('PATCH', `/api/v1/posts/${post.id}`, {
          token: author.token,
          body: { revision: 1, body: 'Now $SOL.' },
        }),
        200,
      );
      assert.deepEqual(bodyEdit.json.post.tokens, ['DOGE']);
      assert.deepEqual(bodyEdit.json.post.cashtags, ['SOL', 'DOGE']);
      const cleared = expectStatus(
        await api('PATCH', `/api/v1/posts/${post.id}`, { token: author.token, body: { revision: 2, tokens: [] } }),
        200,
      );
      assert.deepEqual(cleared.json.post.tokens, []);
      assert.deepEqual(cleared.json.post.cashtags, ['SOL']);
    });

    test('unknown tokens, too many, and tokens that are not strings are refused, naming the field', async () => {
      const author = await registerUser(s.server.url);
      expectError(await publish(author.token, { tokens: ['BTC', 'NOSUCHCOIN'] }), 400, 'invalid_argument', {
        field: 'tokens',
      });
      expectError(await publish(author.token, { tokens: ['＄ＢＴＣ'] }), 400, 'invalid_argument', { field: 'tokens' });
      expectError(
        await publish(author.token, { tokens: ['BTC', 'ETH', 'SOL', 'DOGE', 'GT', 'XRP'] }),
        422,
        'limit_exceeded',
        { field: 'tokens', limit: 5 },
      );
      expectError(await publish(author.token, { tokens: 'BTC' }), 400, 'invalid_argument', { field: 'tokens' });
      expectError(await publish(author.token, { tokens: ['BTC', 7] }), 400, 'invalid_argument', { field: 'tokens' });
      const post = expectStatus(await publish(author.token, {}), 201).json.post;
      expectError(
        await api('PATCH', `/api/v1/posts/${post.id}`, {
          token: author.token,
          body: { revision: 1, tokens: ['NOSUCHCOIN'] },
        }),
        400,
        'invalid_argument',
        { field: 'tokens' },
      );
    });
  });
});
