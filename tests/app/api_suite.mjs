// The JSON API against the real binary, defined once and run on every storage backend
// (api_sqlite.test.mjs, api_pg.test.mjs).

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  createPost,
  describeResponse,
  expectError,
  expectStatus,
  onBackend,
  rawRequest,
  registerUser,
  request,
  uniqueHandle,
  useServer,
  PASSWORD,
} from '../e2e/harness.mjs';
import { LISTING_ARTICLE, waitForSummary } from './summary_fixtures.mjs';

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const THUMB = '👍🏽'; // one grapheme cluster, two code points, eight bytes
const MIB = 1024 * 1024;

/// `storage`: async () => ({uri, drop}) for a fresh database, or undefined for SQLite in the
/// server's temporary data directory.
export function defineApiSuite(backend, storage) {
  const serverOptions = () =>
    onBackend(storage, { env: { ...GENEROUS_LIMITS, PLAZA_LIMITS_POSTS_PER_USER: '100000/60' } });

  describe(`JSON API on ${backend}`, () => {
    const s = useServer(serverOptions);
    const base = () => s.server.url;
    const api = (method, path, opts) => request(base(), method, path, opts);

    describe('operations', () => {
      test('GET /healthz answers 200 with status ok', async () => {
        const res = expectStatus(await api('GET', '/healthz'), 200);
        assert.equal(res.json?.status, 'ok', describeResponse(res));
      });

      test('GET /metrics from 127.0.0.1 answers Prometheus text', async () => {
        const res = expectStatus(await api('GET', '/metrics'), 200);
        assert.match(res.headers.get('content-type') ?? '', /^text\/plain/, 'content-type');
        assert.match(res.text, /^# TYPE \w+ (counter|gauge|histogram|summary)$/m, 'a # TYPE line');
      });

      test('GET /metrics relayed with X-Forwarded-For is 403', async () => {
        const res = await api('GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } });
        expectError(res, 403, 'forbidden');
        assert.doesNotMatch(res.text, /# TYPE/, 'no metrics in the refusal');
      });
    });

    describe('accounts', () => {
      test('register answers 201 {user, token}', async () => {
        const handle = uniqueHandle('reg');
        const res = await api('POST', '/api/v1/auth/register', {
          body: { handle, password: PASSWORD, display_name: 'Régine Ü' },
        });
        expectStatus(res, 201);
        assert.equal(res.json.user?.handle, handle);
        assert.equal(res.json.user?.display_name, 'Régine Ü');
        assert.equal(typeof res.json.user?.id, 'number');
        assert.match(res.json.user?.created_at ?? '', RFC3339_UTC);
        assert.equal(typeof res.json.token, 'string');
        assert.ok(res.json.token.length >= 32, `token too short: ${res.json.token}`);
        assert.equal(res.json.user.password_hash, undefined, 'no password hash in the answer');
      });

      test('login answers 200 {user, token}; logout 204 revokes that token', async () => {
        const u = await registerUser(base());
        const login = expectStatus(
          await api('POST', '/api/v1/auth/login', { body: { handle: u.handle, password: u.password } }),
          200,
        );
        assert.equal(login.json.user?.handle, u.handle);
        assert.equal(typeof login.json.token, 'string');
        assert.notEqual(login.json.token, u.token, 'a new token per login');
        const token = login.json.token;
        expectStatus(
          await api('POST', '/api/v1/posts', { token, body: { title: 'Before logout', body: 'x' } }),
          201,
        );
        const out = expectStatus(await api('POST', '/api/v1/auth/logout', { token }), 204);
        assert.equal(out.text, '', '204 has no body');
        expectError(
          await api('POST', '/api/v1/posts', { token, body: { title: 'After logout', body: 'x' } }),
          401,
          'unauthenticated',
        );
        // The registration token is another session and still works.
        expectStatus(
          await api('POST', '/api/v1/posts', { token: u.token, body: { title: 'Other token', body: 'x' } }),
          201,
        );
      });

      test('login with a wrong password is 401', async () => {
        const u = await registerUser(base());
        expectError(
          await api('POST', '/api/v1/auth/login', {
            body: { handle: u.handle, password: 'not the password at all' },
          }),
          401,
          'unauthenticated',
        );
      });

      test('a taken handle is 409 conflict naming handle', async () => {
        const u = await registerUser(base());
        expectError(
          await api('POST', '/api/v1/auth/register', {
            body: { handle: u.handle, password: PASSWORD, display_name: 'Copycat' },
          }),
          409,
          'conflict',
          { field: 'handle' },
        );
      });

      for (const bad of ['ab', 'Has-Caps', 'white space', 'x'.repeat(31), 'émile', '']) {
        test(`handle ${JSON.stringify(bad)} is 400 naming handle`, async () => {
          expectError(
            await api('POST', '/api/v1/auth/register', {
              body: { handle: bad, password: PASSWORD, display_name: 'Bad' },
            }),
            400,
            'invalid_argument',
            { field: 'handle' },
          );
        });
      }

      test('a password of 11 characters is 400 naming password', async () => {
        expectError(
          await api('POST', '/api/v1/auth/register', {
            body: { handle: uniqueHandle('pw'), password: '12345678901', display_name: 'Short' },
          }),
          400,
          'invalid_argument',
          { field: 'password' },
        );
      });

      test('a common or one-character password is 400 naming password', async () => {
        for (const password of ['123456789012', 'Password1234', 'zzzzzzzzzzzzzz']) {
          const res = await api('POST', '/api/v1/auth/register', {
            body: { handle: uniqueHandle('pw'), password, display_name: 'Weak' },
          });
          expectError(
            res,
            400,
            'invalid_argument',
            { field: 'password' },
          );
          assert.match(JSON.stringify(res.json), /common|repeated/, password);
        }
      });

      test('a password registered in NFC logs in with its NFD form', async () => {
        const handle = uniqueHandle('nfc');
        const nfc = 'Cr\u00e8me br\u00fbl\u00e9e 42';
        expectStatus(
          await api('POST', '/api/v1/auth/register', { body: { handle, password: nfc, display_name: 'N' } }),
          201,
        );
        expectStatus(
          await api('POST', '/api/v1/auth/login', { body: { handle, password: nfc.normalize('NFD') } }),
          200,
        );
      });

      test('logout without a token is 401', async () => {
        expectError(await api('POST', '/api/v1/auth/logout'), 401, 'unauthenticated');
      });
    });

    describe('posts', () => {
      let author;
      let other;
      before(async () => {
        author = await registerUser(base(), { display_name: 'Ada Author' });
        other = await registerUser(base(), { display_name: 'Otto Other' });
      });

      test('POST /posts answers 201 {post} with every field of DESIGN.md §6', async () => {
        const title = 'Bitcoin at the open: a first look';
        const body =
          'Markets opened **higher** today, and $BTC led the way while traders waited for the ' +
          'inflation figures that are due later this week.\n\n- one\n- two\n';
        const res = await api('POST', '/api/v1/posts', { token: author.token, body: { title, body } });
        expectStatus(res, 201);
        const post = res.json.post;
        assert.ok(post, `expected {"post": ...}, got ${res.text}`);
        for (const key of [
          'id',
          'url',
          'title',
          'body_md',
          'body_html',
          'lang',
          'revision',
          'author',
          'created_at',
          'edited_at',
          'counts',
        ]) {
          assert.ok(key in post, `post lacks "${key}": ${res.text}`);
        }
        assert.ok(Number.isInteger(post.id) && post.id > 0, `id ${post.id}`);
        assert.match(
          post.url,
          new RegExp(`^https?://[^/]+/p/${post.id}-[a-z0-9-]+$`),
          'url is the permalink',
        );
        assert.equal(post.title, title);
        assert.equal(post.body_md, body);
        assert.match(post.body_html, /<strong>higher<\/strong>/);
        assert.match(post.body_html, /<li>one<\/li>/);
        assert.equal(post.lang, 'en');
        assert.equal(post.revision, 1);
        assert.deepEqual(post.author, { handle: author.handle, display_name: 'Ada Author' });
        assert.match(post.created_at, RFC3339_UTC);
        assert.ok(
          Math.abs(Date.parse(post.created_at) - Date.now()) < 10 * 60_000,
          `created_at ${post.created_at} is now`,
        );
        assert.equal(post.edited_at, null);
        assert.deepEqual(post.counts, { comments: 0, likes: 0, reposts: 0, quotes: 0, shares: 0, tips: 0 });
        assert.equal(res.headers.get('location'), `/api/v1/posts/${post.id}`);

        assert.deepEqual(post.summary, { status: 'pending', text: null, lang: null, engine: null, revision: null });

        // The summary job may have run by now (this body is too short for a summary): the rest
        // is what POST returned.
        const got = expectStatus(await api('GET', `/api/v1/posts/${post.id}`), 200);
        assert.ok(['pending', 'none'].includes(got.json.post.summary.status), JSON.stringify(got.json.post.summary));
        assert.deepEqual({ ...got.json.post, summary: post.summary }, post, 'GET returns what POST returned');
      });

      test('GET /posts pages newest first with next_cursor until null', async () => {
        const writer = await registerUser(base());
        const mine = [];
        for (let i = 0; i < 5; i++)
          mine.push((await createPost(base(), writer.token, { title: `Page test ${i}` })).id);
        const seen = [];
        let cursor = null;
        let pages = 0;
        do {
          const q = cursor === null ? '?limit=2' : `?limit=2&cursor=${encodeURIComponent(cursor)}`;
          const res = expectStatus(await api('GET', `/api/v1/posts${q}`), 200);
          assert.ok(Array.isArray(res.json.items), `items array: ${res.text.slice(0, 200)}`);
          assert.ok('next_cursor' in res.json, 'next_cursor key present');
          assert.ok(res.json.items.length <= 2, `page of ${res.json.items.length} > limit 2`);
          if (res.json.next_cursor !== null) {
            assert.equal(typeof res.json.next_cursor, 'string');
            assert.equal(res.json.items.length, 2, 'a page with a next cursor is full');
          }
          seen.push(...res.json.items.map((p) => p.id));
          cursor = res.json.next_cursor;
          pages += 1;
          assert.ok(pages < 500, 'pagination does not end');
        } while (cursor !== null);
        assert.equal(new Set(seen).size, seen.length, `duplicate ids across pages: ${seen}`);
        const sorted = [...seen].sort((a, b) => b - a);
        assert.deepEqual(seen, sorted, 'newest (highest id) first');
        assert.deepEqual(seen.slice(0, 5), [...mine].reverse(), 'the five newest posts lead');
      });

      test('GET /posts?limit=0 and ?limit=101 are 400 naming limit', async () => {
        expectError(await api('GET', '/api/v1/posts?limit=0'), 400, 'invalid_argument', { field: 'limit' });
        expectError(await api('GET', '/api/v1/posts?limit=101'), 400, 'invalid_argument', { field: 'limit' });
      });

      test('GET /posts with a forged cursor is 400', async () => {
        expectError(await api('GET', '/api/v1/posts?cursor=not-a-cursor%27%3B--'), 400, 'invalid_argument');
      });

      test('PATCH with the current revision makes revision 2 with edited_at set', async () => {
        const post = await createPost(base(), author.token, {
          title: 'Original title',
          body: 'Original body.',
        });
        const res = await api('PATCH', `/api/v1/posts/${post.id}`, {
          token: author.token,
          body: { revision: 1, title: 'Edited title' },
        });
        expectStatus(res, 200);
        const edited = res.json.post;
        assert.equal(edited.revision, 2);
        assert.equal(edited.title, 'Edited title');
        assert.equal(edited.body_md, 'Original body.', 'a field left out keeps its value');
        assert.match(edited.edited_at ?? '', RFC3339_UTC, 'edited_at is set');
        assert.ok(Date.parse(edited.edited_at) >= Date.parse(post.created_at), 'edited after created');
        assert.equal(edited.created_at, post.created_at);
        const got = expectStatus(await api('GET', `/api/v1/posts/${post.id}`), 200);
        assert.equal(got.json.post.revision, 2, 'GET sees the edit');
        assert.equal(got.json.post.title, 'Edited title');
      });

      test('an edit shows at once on a post page and JSON that were already cached', async () => {
        const post = await createPost(base(), author.token, { title: 'Cached before edit' });
        const page = new URL(post.url).pathname;
        for (let i = 0; i < 2; i++) {  // the second read is served from the cache
          expectStatus(await api('GET', `/api/v1/posts/${post.id}`), 200);
          assert.match(expectStatus(await api('GET', page), 200).text, /Cached before edit/);
        }
        expectStatus(
          await api('PATCH', `/api/v1/posts/${post.id}`, {
            token: author.token,
            body: { revision: 1, title: 'Cached after edit' },
          }),
          200,
        );
        const json = expectStatus(await api('GET', `/api/v1/posts/${post.id}`), 200);
        assert.equal(json.json.post.title, 'Cached after edit', 'JSON is not stale');
        const moved = await api('GET', page, { redirect: 'manual' });
        assert.equal(moved.status, 301, 'the old slug redirects to the new one');
        const fresh = expectStatus(await api('GET', new URL(json.json.post.url).pathname), 200);
        assert.match(fresh.text, /Cached after edit/, 'the page is not stale');
        const home = expectStatus(await api('GET', '/'), 200);
        assert.match(home.text, /Cached after edit/, 'the home page is not stale');
      });

      test('a long post gets a summary: pending, then ready with text, lang and engine', async () => {
        const res = await api('POST', '/api/v1/posts', {
          token: author.token,
          body: { title: 'Exchange tightens its listing rules', body: LISTING_ARTICLE },
        });
        expectStatus(res, 201);
        assert.deepEqual(res.json.post.summary, {
          status: 'pending',
          text: null,
          lang: null,
          engine: null,
          revision: null,
        });
        const summary = await waitForSummary(base(), res.json.post.id, 'ready');
        const html = expectStatus(await api('GET', new URL(res.json.post.url).pathname), 200).text;
        assert.match(html, /data-state="ready"/, 'the page carries the summary');
        assert.equal(summary.engine, 'extractive');
        assert.equal(summary.lang, 'en');
        assert.equal(summary.revision, 1);
        const sentences = summary.text.split('\n');
        assert.ok(sentences.length >= 2 && sentences.length <= 3, `2–3 sentences: ${summary.text}`);
        assert.ok([...summary.text].length <= 400 + sentences.length, 'at most 400 characters');
        for (const sentence of sentences) assert.ok(LISTING_ARTICLE.includes(sentence), sentence);
      });

      test('an edit shows the previous summary as updating, then its own', async () => {
        const post = await createPost(base(), author.token, { title: 'Listing rules', body: LISTING_ARTICLE });
        await waitForSummary(base(), post.id, 'ready', { revision: 1 });
        const edited = await api('PATCH', `/api/v1/posts/${post.id}`, {
          token: author.token,
          body: { revision: 1, body: `${LISTING_ARTICLE} A seventh sentence was added to the article later on.` },
        });
        expectStatus(edited, 200);
        assert.ok(
          ['updating', 'ready'].includes(edited.json.post.summary.status),
          `right after the edit: ${JSON.stringify(edited.json.post.summary)}`,
        );
        const summary = await waitForSummary(base(), post.id, 'ready', { revision: 2 });
        assert.equal(summary.revision, 2);
      });

      test('a short post gets no summary (status none)', async () => {
        const post = await createPost(base(), author.token, { title: 'Short', body: 'Only a line.' });
        const summary = await waitForSummary(base(), post.id, 'none');
        assert.equal(summary.text, null);
      });

      test('GET /posts/{id}?lang= adds translation (null without it); a bad lang never fails', async () => {
        const post = await createPost(base(), author.token, {
          title: 'Translate me',
          body: 'Only a line.',
          lang: 'en',
        });
        const id = post.id;
        assert.equal(expectStatus(await api('GET', `/api/v1/posts/${id}`), 200).json.post.translation, null);
        const same = expectStatus(await api('GET', `/api/v1/posts/${id}?lang=en`), 200).json.post;
        assert.deepEqual(same.translation, {
          status: 'original', from: 'en', to: 'en', engines: [], title: null, body_html: null, summary: null,
        });
        // The statuses this binary can give depend on its engines (docs/translation.md).
        const fr = expectStatus(await api('GET', `/api/v1/posts/${id}?lang=fr`), 200).json.post;
        assert.equal(fr.translation.from, 'en');
        assert.equal(fr.translation.to, 'fr');
        assert.ok(['ready', 'pending', 'unavailable'].includes(fr.translation.status), JSON.stringify(fr));
        const br = expectStatus(await api('GET', `/api/v1/posts/${id}?lang=pt-BR`), 200).json.post;
        assert.equal(br.translation.to, 'pt-BR');
        for (const lang of ['xx', '%00', '%ED%A0%80', '%E2%80%AE', 'en%0D%0AX: y', 'a'.repeat(300)]) {
          const res = expectStatus(await api('GET', `/api/v1/posts/${id}?lang=${lang}`), 200);
          assert.ok(res.json.post.translation, `lang=${lang}: ${res.text}`);
        }
      });

      test('PATCH with a stale revision is 409 and changes nothing', async () => {
        const post = await createPost(base(), author.token, { title: 'Stale test' });
        expectStatus(
          await api('PATCH', `/api/v1/posts/${post.id}`, {
            token: author.token,
            body: { revision: 1, title: 'Second' },
          }),
          200,
        );
        expectError(
          await api('PATCH', `/api/v1/posts/${post.id}`, {
            token: author.token,
            body: { revision: 1, title: 'Lost update' },
          }),
          409,
          'conflict',
        );
        const got = expectStatus(await api('GET', `/api/v1/posts/${post.id}`), 200);
        assert.equal(got.json.post.title, 'Second');
        assert.equal(got.json.post.revision, 2);
      });

      test('DELETE is 204, then the post is 410 gone in the API and on its page', async () => {
        const post = await createPost(base(), author.token, { title: 'Soon deleted' });
        const page = new URL(post.url).pathname;
        expectStatus(await api('GET', page), 200, 'the page before deletion');
        const del = expectStatus(
          await api('DELETE', `/api/v1/posts/${post.id}`, { token: author.token }),
          204,
        );
        assert.equal(del.text, '');
        expectError(await api('GET', `/api/v1/posts/${post.id}`), 410, 'gone');
        expectStatus(await api('GET', `/p/${post.id}`), 410, 'the short permalink of a deleted post');
        const gonePage = expectStatus(await api('GET', page), 410, 'the canonical page of a deleted post');
        assert.match(gonePage.text, /data-testid="error-status"/, 'an error page');
        assert.doesNotMatch(gonePage.text, /Soon deleted/, 'the deleted title is not shown');
        expectError(
          await api('PATCH', `/api/v1/posts/${post.id}`, {
            token: author.token,
            body: { revision: 1, title: 'Zombie' },
          }),
          410,
          'gone',
        );
        const list = expectStatus(await api('GET', '/api/v1/posts?limit=100'), 200);
        assert.ok(!list.json.items.some((p) => p.id === post.id), 'the deleted post left the list');
      });

      test('an unknown id is 404 in the API and on the page', async () => {
        expectError(await api('GET', '/api/v1/posts/987654321'), 404, 'not_found');
        expectError(await api('GET', '/api/v1/posts/abc'), 404, 'not_found');
        expectStatus(await api('GET', '/p/987654321'), 404);
        expectStatus(await api('GET', '/p/987654321-some-slug'), 404);
      });

      test('writes without a token, or with a bogus one, are 401', async () => {
        const post = await createPost(base(), author.token);
        expectError(
          await api('POST', '/api/v1/posts', { body: { title: 't', body: 'b' } }),
          401,
          'unauthenticated',
        );
        expectError(
          await api('POST', '/api/v1/posts', { token: 'x'.repeat(43), body: { title: 't', body: 'b' } }),
          401,
          'unauthenticated',
        );
        expectError(
          await api('PATCH', `/api/v1/posts/${post.id}`, { body: { revision: 1, title: 't' } }),
          401,
          'unauthenticated',
        );
        expectError(await api('DELETE', `/api/v1/posts/${post.id}`), 401, 'unauthenticated');
      });

      test("editing or deleting another user's post is 403", async () => {
        const post = await createPost(base(), author.token, { title: 'Not yours' });
        expectError(
          await api('PATCH', `/api/v1/posts/${post.id}`, {
            token: other.token,
            body: { revision: 1, title: 'Mine now' },
          }),
          403,
          'forbidden',
        );
        expectError(
          await api('DELETE', `/api/v1/posts/${post.id}`, { token: other.token }),
          403,
          'forbidden',
        );
        const got = expectStatus(await api('GET', `/api/v1/posts/${post.id}`), 200);
        assert.equal(got.json.post.title, 'Not yours');
        assert.equal(got.json.post.revision, 1);
      });
    });

    describe('limits and bad input', () => {
      let u;
      before(async () => {
        u = await registerUser(base());
      });

      test('a title of 201 grapheme clusters is 422 limit_exceeded (limit 200, field title)', async () => {
        expectError(
          await api('POST', '/api/v1/posts', {
            token: u.token,
            body: { title: 'e\u0301'.repeat(201), body: 'b' },
          }),
          422,
          'limit_exceeded',
          { field: 'title', limit: 200 },
        );
      });

      test('a title over 1,600 bytes is 422 limit_exceeded (limit 1600), whatever its length', async () => {
        // 201 thumbs are 1,608 bytes: the byte cap answers before the grapheme count.
        expectError(
          await api('POST', '/api/v1/posts', {
            token: u.token,
            body: { title: THUMB.repeat(201), body: 'b' },
          }),
          422,
          'limit_exceeded',
          { field: 'title', limit: 1600 },
        );
        expectError(
          await api('POST', '/api/v1/posts', {
            token: u.token,
            body: { title: 'Z' + '\u0301'.repeat(300000), body: 'b' },
          }),
          422,
          'limit_exceeded',
          { field: 'title', limit: 1600 },
        );
      });

      test('a title of 200 grapheme clusters (400 code points) is accepted verbatim', async () => {
        const title = THUMB.repeat(200);
        const res = expectStatus(
          await api('POST', '/api/v1/posts', { token: u.token, body: { title, body: 'b' } }),
          201,
        );
        assert.equal(res.json.post.title, title);
      });

      test('a body of 50,001 code points is 422 limit_exceeded (field body)', async () => {
        expectError(
          await api('POST', '/api/v1/posts', {
            token: u.token,
            body: { title: 'Long', body: 'é'.repeat(50_001) },
          }),
          422,
          'limit_exceeded',
          { field: 'body', limit: 50_000 },
        );
      });

      test('a body of 50,000 code points (100,000 bytes) is accepted', async () => {
        const body = 'é'.repeat(50_000);
        const res = expectStatus(
          await api('POST', '/api/v1/posts', { token: u.token, body: { title: 'Longest', body } }),
          201,
        );
        assert.equal(res.json.post.body_md.length, 50_000);
      });

      test('invalid UTF-8 inside a JSON string is 400', async () => {
        const body = Buffer.concat([
          Buffer.from('{"title":"bad '),
          Buffer.from([0xc3, 0x28]),
          Buffer.from(' text","body":"fine"}'),
        ]);
        const res = await api('POST', '/api/v1/posts', {
          token: u.token,
          body,
          headers: { 'content-type': 'application/json' },
        });
        const err = expectError(res, 400, 'invalid_argument');
        assert.equal(err.field, 'title', `the error names the field: ${res.text}`);
      });

      test('malformed JSON is 400 with the position in the message', async () => {
        const text = '{"title": "a" "body": "b"}';
        const res = await api('POST', '/api/v1/posts', {
          token: u.token,
          body: text,
          headers: { 'content-type': 'application/json' },
        });
        const err = expectError(res, 400, 'invalid_argument');
        const m = /\b(?:byte|position|offset|column|char(?:acter)?)\s+(\d+)/i.exec(err.message);
        assert.ok(m, `message names the position: ${err.message}`);
        assert.ok(
          Number(m[1]) >= 13 && Number(m[1]) <= 15,
          `position ${m[1]} points at the missing comma (14)`,
        );
      });

      test('a truncated JSON body is 400', async () => {
        expectError(
          await api('POST', '/api/v1/posts', {
            token: u.token,
            body: '{"title": "a", "body": ',
            headers: { 'content-type': 'application/json' },
          }),
          400,
          'invalid_argument',
        );
      });

      test('an unknown JSON field is 400 naming it', async () => {
        const res = await api('POST', '/api/v1/posts', {
          token: u.token,
          body: { title: 'a', body: 'b', colour: 'red' },
        });
        const err = expectError(res, 400, 'invalid_argument');
        assert.ok(err.field === 'colour' || err.message.includes('colour'), `names "colour": ${res.text}`);
      });

      test('a field of the wrong type is 400 naming it', async () => {
        const res = await api('POST', '/api/v1/posts', { token: u.token, body: { title: 42, body: 'b' } });
        const err = expectError(res, 400, 'invalid_argument');
        assert.ok(err.field === 'title' || err.message.includes('title'), `names "title": ${res.text}`);
      });

      test('an HTTP body over 1 MiB (Content-Length) is 413 payload_too_large', async () => {
        const body = Buffer.alloc(MIB + 1, 'a');
        const res = await rawRequest(base(), 'POST', '/api/v1/posts', {
          headers: {
            'content-type': 'application/json',
            'content-length': String(body.length),
            authorization: `Bearer ${u.token}`,
          },
          body,
        });
        expectError(res, 413, 'payload_too_large');
      });

      test('an HTTP body over 1 MiB sent chunked is 413 payload_too_large', async () => {
        const body = Buffer.alloc(MIB + 4096, 'a');
        const res = await rawRequest(base(), 'POST', '/api/v1/posts', {
          headers: {
            'content-type': 'application/json',
            'transfer-encoding': 'chunked',
            authorization: `Bearer ${u.token}`,
          },
          body,
        });
        expectError(res, 413, 'payload_too_large');
      });

      test('SQL and HTML metacharacters are stored verbatim and rendered inert', async () => {
        const title = `'; DROP TABLE posts; -- <img src=x onerror=alert(1)>`;
        const body =
          `Robert'); DROP TABLE posts;--\n\n<img src=x onerror=alert(1)>\n\n<script>alert(2)</script>\n\n` +
          `"quoted" & 'single' [click](javascript:alert(3)) <a href="javascript:alert(4)">raw</a>`;
        const created = expectStatus(
          await api('POST', '/api/v1/posts', { token: u.token, body: { title, body } }),
          201,
        ).json.post;
        assert.equal(created.title, title);
        assert.equal(created.body_md, body);
        assert.doesNotMatch(created.body_html, /<img[^>]*onerror/i, 'no live <img onerror> in body_html');
        assert.doesNotMatch(created.body_html, /<script/i, 'no <script> in body_html');
        assert.doesNotMatch(
          created.body_html,
          /href\s*=\s*["']?\s*javascript:/i,
          'no javascript: link in body_html',
        );

        const got = expectStatus(await api('GET', `/api/v1/posts/${created.id}`), 200).json.post;
        assert.equal(got.title, title, 'title read back verbatim');
        assert.equal(got.body_md, body, 'body read back verbatim');
        const list = expectStatus(await api('GET', '/api/v1/posts?limit=5'), 200);
        assert.ok(
          list.json.items.some((p) => p.id === created.id),
          'the posts table still answers',
        );

        const page = expectStatus(await api('GET', new URL(created.url).pathname), 200);
        assert.doesNotMatch(page.text, /<img[^>]*onerror/i, 'no live <img onerror> on the page');
        assert.doesNotMatch(page.text, /<script>alert/i, 'no live <script> on the page');
        assert.doesNotMatch(page.text, /href\s*=\s*["']?\s*javascript:/i, 'no javascript: link on the page');
        assert.match(
          page.text,
          /&lt;img src=x onerror=(alert\(1\)|alert&#40;1&#41;)&gt;/,
          'the title shows the markup as text',
        );
      });

      test('/p/{id} and a wrong slug redirect 301 to /p/{id}-{slug}', async () => {
        const post = await createPost(base(), u.token, { title: 'Slugs Are Stable Here' });
        const canonical = new URL(post.url).pathname;
        assert.match(canonical, new RegExp(`^/p/${post.id}-slugs-are-stable-here$`));
        for (const path of [`/p/${post.id}`, `/p/${post.id}-wrong-slug`, `/p/${post.id}-`]) {
          const res = expectStatus(await api('GET', path), 301, path);
          const location = new URL(res.headers.get('location') ?? '', base()).pathname;
          assert.equal(location, canonical, `${path} redirects to the canonical path`);
        }
        expectStatus(await api('GET', canonical), 200);
      });
    });

    describe('security headers on pages', () => {
      let postPath;
      before(async () => {
        const u = await registerUser(base());
        postPath = new URL((await createPost(base(), u.token, { title: 'Headers' })).url).pathname;
      });

      const pages = () => ['/', '/login', '/register', postPath, '/p/987654321', '/no/such/page'];
      test('CSP forbids inline scripts and framing; nosniff; Referrer-Policy', async () => {
        for (const path of pages()) {
          const res = await api('GET', path);
          assert.match(res.headers.get('content-type') ?? '', /^text\/html/, `${path} is HTML`);
          const csp = res.headers.get('content-security-policy');
          assert.ok(csp, `${path} has a Content-Security-Policy`);
          const directives = Object.fromEntries(
            csp
              .split(';')
              .map((d) => d.trim())
              .filter(Boolean)
              .map((d) => {
                const [name, ...values] = d.split(/\s+/);
                return [name.toLowerCase(), values];
              }),
          );
          const scripts = directives['script-src'] ?? directives['default-src'];
          assert.ok(scripts, `${path}: CSP restricts scripts: ${csp}`);
          assert.ok(!scripts.includes("'unsafe-inline'"), `${path}: no 'unsafe-inline' for scripts: ${csp}`);
          assert.ok(!scripts.includes("'unsafe-eval'"), `${path}: no 'unsafe-eval' for scripts: ${csp}`);
          assert.ok(!scripts.includes('*'), `${path}: scripts not from anywhere: ${csp}`);
          assert.deepEqual(
            directives['frame-ancestors'],
            ["'none'"],
            `${path}: frame-ancestors 'none': ${csp}`,
          );
          assert.equal(res.headers.get('x-content-type-options'), 'nosniff', `${path}: nosniff`);
          assert.ok(
            ['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin'].includes(
              res.headers.get('referrer-policy'),
            ),
            `${path}: a strict Referrer-Policy, got ${res.headers.get('referrer-policy')}`,
          );
        }
      });

      test('API answers carry nosniff too', async () => {
        const res = await api('GET', '/api/v1/posts?limit=1');
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      });
    });
  });
}

/// A server with the default posting limit (5 a minute) for the throttle test.
export function defineThrottleSuite(backend, storage) {
  describe(`posting throttle on ${backend}`, () => {
    const s = useServer(async () => {
      const options = { env: { ...GENEROUS_LIMITS, PLAZA_LIMITS_POSTS_PER_USER: '5/60' } };
      if (storage) {
        const db = await storage();
        options.storage = db.uri;
        options.onStopped = db.drop;
      }
      return options;
    });

    test('the sixth post within a minute is 429 with Retry-After; other users still post', async () => {
      const base = s.server.url;
      const u = await registerUser(base);
      for (let i = 0; i < 5; i++) await createPost(base, u.token, { title: `Burst ${i}` });
      const res = await request(base, 'POST', '/api/v1/posts', {
        token: u.token,
        body: { title: 'One too many', body: 'b' },
      });
      expectError(res, 429, 'rate_limited');
      const retry = res.headers.get('retry-after');
      assert.match(retry ?? '', /^\d+$/, `Retry-After is whole seconds, got ${retry}`);
      assert.ok(Number(retry) >= 1 && Number(retry) <= 60, `Retry-After ${retry} within the 60 s window`);
      const v = await registerUser(base);
      await createPost(base, v.token, { title: 'Someone else' });
    });
  });
}
