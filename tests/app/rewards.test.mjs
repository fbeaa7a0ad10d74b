// Rewards over HTTP (docs/rewards.md), on SQLite and (with PLAZA_TEST_PG) PostgreSQL: bad input,
// 500 concurrent tips from a wallet holding enough for 100, 50 parallel retries with one key,
// the reward form without script (one tip per one-time token, refusals sent back to the form,
// the wallet page), and kill -9 under tip load — after each, `plaza ledger verify` must pass.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  createPost,
  describeResponse,
  expectError,
  expectStatus,
  forEachBackend,
  registerUser,
  request,
  runPlaza,
  startServer,
  withDeadline,
} from '../e2e/harness.mjs';
import { signUp } from '../quality/site.mjs';

// The default asset: PTS, 2 decimals, a welcome grant of 100.00.
const WELCOME_TIPS = 100; // tips of 1.00 the welcome grant pays for

function tip(base, token, postId, amount, key, extra = {}) {
  const headers = key === undefined ? {} : { 'idempotency-key': key };
  return request(base, 'POST', `/api/v1/posts/${postId}/tips`, {
    token,
    headers,
    body: { asset: 'PTS', amount, ...extra },
  });
}

async function balance(base, token) {
  const res = await request(base, 'GET', '/api/v1/wallet', { token });
  expectStatus(res, 200, 'the wallet');
  return res.json.wallet.balances.find((b) => b.asset === 'PTS').amount;
}

function verify(server, storage) {
  const args = ['ledger', 'verify', '--data', server.dataDir];
  if (storage) args.push('--storage', storage);
  return runPlaza(args);
}

/// Runs `tasks` (functions returning promises) with at most `width` in flight.
async function pool(tasks, width) {
  const results = new Array(tasks.length);
  let next = 0;
  async function worker() {
    while (next < tasks.length) {
      const i = next++;
      try {
        results[i] = await tasks[i]();
      } catch (err) {
        results[i] = { status: 0, error: err };
      }
    }
  }
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

function defineRewardsSuite(backend, storage) {
  describe(`rewards on ${backend}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plaza-rewards-'));
    const servers = [];
    let db = null;
    let server = null;
    let uri;
    after(async () => {
      for (const s of servers) await s.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (db) await db.drop();
    });

    async function start() {
      const s = await startServer({ dataDir, storage: uri, env: GENEROUS_LIMITS });
      servers.push(s);
      return s;
    }

    test('bad tips are refused naming the problem, and move nothing', { timeout: 60_000 }, async () => {
      if (storage) db = await storage();
      uri = db?.uri;
      server = await start();
      const base = server.url;
      const author = await registerUser(base);
      const reader = await registerUser(base);
      const post = await createPost(base, author.token);
      assert.equal(await balance(base, reader.token), '100.00');

      const bad = ['-1', '0', '1e3', '0.001', '99999999999999999999', ' 1', '1,5', 'NaN', ''];
      for (const amount of bad) {
        expectError(await tip(base, reader.token, post.id, amount, `bad-${amount}`), 400, 'invalid_argument', {
          field: 'amount',
        });
      }
      expectError(await tip(base, reader.token, post.id, 5, 'number'), 400, 'invalid_argument', { field: 'amount' });
      expectError(
        await request(base, 'POST', `/api/v1/posts/${post.id}/tips`, {
          token: reader.token,
          headers: { 'idempotency-key': 'asset' },
          body: { asset: 'DOGE', amount: '1' },
        }),
        400,
        'invalid_argument',
        { field: 'asset' },
      );
      expectError(await tip(base, reader.token, post.id, '1'), 400, 'invalid_argument', { field: 'Idempotency-Key' });
      expectError(await tip(base, reader.token, post.id, '1', 'k'.repeat(256)), 400, 'invalid_argument', {
        field: 'Idempotency-Key',
      });
      expectError(await tip(base, author.token, post.id, '1', 'self'), 403, 'forbidden');
      expectError(await tip(base, reader.token, post.id, '100.01', 'short'), 409, 'conflict', { field: 'amount' });
      expectError(await tip(base, reader.token, post.id + 1000, '1', 'missing'), 404, 'not_found');
      expectError(await tip(base, reader.token, post.id, '1', 'long', { message: 'é'.repeat(201) }), 422, 'limit_exceeded', {
        field: 'message',
      });
      const gone = await createPost(base, author.token);
      expectStatus(await request(base, 'DELETE', `/api/v1/posts/${gone.id}`, { token: author.token }), 204);
      expectError(await tip(base, reader.token, gone.id, '1', 'gone'), 410, 'gone');
      expectError(await request(base, 'POST', `/api/v1/posts/${post.id}/tips`, { body: { asset: 'PTS', amount: '1' } }), 401, 'unauthenticated');
      assert.equal(await balance(base, reader.token), '100.00', 'nothing moved');

      const ok = await tip(base, reader.token, post.id, '12.5', 'first', { message: 'merci' });
      expectStatus(ok, 201, 'a good tip');
      assert.equal(ok.json.tip.amount, '12.50');
      assert.equal(ok.json.tip.author.handle, author.handle);
      const again = await tip(base, reader.token, post.id, '12.50', 'first', { message: 'merci' });
      expectStatus(again, 201, 'the same tip again');
      assert.deepEqual(again.json, ok.json, 'the replay answers the first response');
      expectError(await tip(base, reader.token, post.id, '13', 'first'), 409, 'conflict', { field: 'Idempotency-Key' });
      assert.equal(await balance(base, reader.token), '87.50');
      assert.equal(await balance(base, author.token), '112.50');
      const got = await request(base, 'GET', `/api/v1/posts/${post.id}`);
      assert.equal(got.json.post.counts.tips, 1);
      const list = await request(base, 'GET', `/api/v1/posts/${post.id}/tips`);
      expectStatus(list, 200);
      assert.deepEqual(list.json.items.map((t) => t.tipper.handle), [reader.handle]);
    });

    test('500 concurrent tips from a wallet holding enough for 100: exactly 100 go through', { timeout: 120_000 }, async () => {
      const base = server.url;
      const author = await registerUser(base);
      const reader = await registerUser(base);
      const post = await createPost(base, author.token);
      const results = await pool(
        Array.from({ length: 500 }, (_, i) => () => tip(base, reader.token, post.id, '1.00', `c-${i}`)),
        32,
      );
      const statuses = {};
      for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      assert.deepEqual(statuses, { 201: WELCOME_TIPS, 409: 500 - WELCOME_TIPS }, JSON.stringify(statuses));
      for (const r of results.filter((x) => x.status === 409)) assert.equal(r.json.error.field, 'amount');
      assert.equal(await balance(base, reader.token), '0.00');
      assert.equal(await balance(base, author.token), '200.00');
      const v = verify(server, uri);
      assert.equal(v.code, 0, v.out);
    });

    test('the same tip retried 50 times in parallel with one key moves value once', { timeout: 60_000 }, async () => {
      const base = server.url;
      const author = await registerUser(base);
      const reader = await registerUser(base);
      const post = await createPost(base, author.token);
      const results = await Promise.all(
        Array.from({ length: 50 }, () => tip(base, reader.token, post.id, '3.00', 'one-key')),
      );
      for (const r of results) expectStatus(r, 201, 'every retry answers the tip');
      assert.equal(new Set(results.map((r) => r.json.tip.id)).size, 1, 'one tip id');
      assert.equal(await balance(base, reader.token), '97.00');
      const v = verify(server, uri);
      assert.equal(v.code, 0, v.out);
    });

    test('the reward form without script: one tip per token, refusals named, the wallet lists it', { timeout: 60_000 }, async () => {
      const base = server.url;
      const author = await registerUser(base);
      const post = await createPost(base, author.token);
      const reader = await signUp(base);
      const cookie = reader.cookie;
      const path = `/p/${post.id}/reward`;
      async function form() {
        const page = expectStatus(await request(base, 'GET', path, { headers: { cookie } }), 200, 'the reward form');
        return {
          csrf: /name="csrf" value="([^"]*)"/.exec(page.text)[1],
          token: /name="token" value="([^"]*)"/.exec(page.text)[1],
          text: page.text,
        };
      }
      function send(fields) {
        return request(base, 'POST', path, {
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ asset: 'PTS', confirm: '1', ...fields }).toString(),
        });
      }
      const first = await form();
      assert.match(first.text, /Your balance: 100\.00 PTS/);
      // The same form sent 10 times at once (a double click, a retry): one tip.
      const sent = await Promise.all(Array.from({ length: 10 }, () => send({ csrf: first.csrf, token: first.token, amount: '3.00' })));
      for (const r of sent) {
        assert.equal(r.status, 303, describeResponse(r));
        assert.equal(r.headers.get('location'), `${path}?done=sent`);
      }
      const tips = await request(base, 'GET', `/api/v1/posts/${post.id}/tips`);
      assert.equal(tips.json.items.length, 1, 'one tip for one token');
      const after = await form();
      assert.match(after.text, /Reward sent|Your balance: 97\.00 PTS/);
      assert.match(after.text, /1 reward</);
      // Refusals come back to the form with their code; nothing moves.
      const refusals = [
        [{ csrf: after.csrf, token: after.token, amount: '500' }, 'short'],
        [{ csrf: after.csrf, token: after.token, amount: '1,5' }, 'amount'],
        [{ csrf: after.csrf, token: after.token, amount: '1.00', confirm: '' }, 'confirm'],
        [{ csrf: after.csrf, token: `${'0'.repeat(32)}.${'0'.repeat(32)}`, amount: '1.00' }, 'token'],
        // The used token with other parameters: the key is taken.
        [{ csrf: first.csrf, token: first.token, amount: '4.00' }, 'token'],
      ];
      for (const [fields, code] of refusals) {
        const r = await send(fields);
        assert.equal(r.status, 303, describeResponse(r));
        assert.match(r.headers.get('location'), new RegExp(`^${path}\\?error=${code}&amount=`), code);
      }
      // A form without the session's CSRF token is refused outright.
      const forged = await send({ csrf: 'x', token: after.token, amount: '1.00' });
      assert.equal(forged.status, 403);
      const wallet = expectStatus(await request(base, 'GET', '/wallet', { headers: { cookie } }), 200, 'the wallet page');
      assert.match(wallet.text, /97\.00 PTS/);
      assert.match(wallet.text, /\u22123\.00 PTS/);
      assert.match(wallet.text, /Welcome grant/);
      assert.equal(expectStatus(await request(base, 'GET', '/wallet'), 303, 'anonymous').headers.get('location'), '/login?next=%2Fwallet');
      const v = verify(server, uri);
      assert.equal(v.code, 0, v.out);
    });

    test('kill -9 under tip load: verify passes and every acknowledged tip is in the ledger', { timeout: 120_000 }, async (t) => {
      const base = server.url;
      const author = await registerUser(base);
      const readers = await Promise.all(Array.from({ length: 8 }, () => registerUser(base)));
      const post = await createPost(base, author.token);
      const acked = new Map(); // key -> {reader, id}
      let killed = false;
      let sent = 0;
      const victim = server;
      async function writer(w) {
        const reader = readers[w];
        for (let i = 0; !killed && i < 200; i++) {
          const key = `crash-${w}-${i}`;
          sent++;
          try {
            const res = await tip(base, reader.token, post.id, '0.10', key);
            if (res.status === 201) acked.set(key, { reader, id: res.json.tip.id });
            if (acked.size >= 300 && !killed) {
              killed = true;
              victim.child.kill('SIGKILL');
            }
          } catch {
            // the connection died with the server
          }
        }
      }
      await withDeadline(Promise.all(readers.map((_, w) => writer(w))), 90_000, 'the tip writers');
      assert.ok(killed, `the server was killed (acknowledged ${acked.size})`);
      await withDeadline(victim.exited, 10_000, 'the killed server to exit');
      t.diagnostic(`SIGKILL after ${sent} tips sent, ${acked.size} acknowledged`);

      const v = verify(victim, uri);
      assert.equal(v.code, 0, v.out);
      server = await start();
      // Each acknowledged tip, sent again with its key, must come back as the same tip.
      const lost = [];
      await pool(
        [...acked.entries()].map(([key, { reader, id }]) => async () => {
          const res = await tip(server.url, reader.token, post.id, '0.10', key);
          if (res.status !== 201 || res.json.tip.id !== id || res.headers.get('idempotent-replayed') !== 'true') {
            lost.push(`${key}: ${describeResponse(res)}`);
          }
        }),
        8,
      );
      assert.deepEqual(lost, [], 'acknowledged tips missing after the restart');
      const after = verify(server, uri);
      assert.equal(after.code, 0, after.out);
    });
  });
}

await forEachBackend(defineRewardsSuite);
