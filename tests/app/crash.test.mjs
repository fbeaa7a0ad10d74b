// Durability: every post the server acknowledged (201) survives a SIGKILL in the middle of a
// stream of concurrent writes. On SQLite and (with PLAZA_TEST_PG) on PostgreSQL.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  describeResponse,
  expectStatus,
  forEachBackend,
  registerUser,
  request,
  startServer,
  withDeadline,
} from '../e2e/harness.mjs';

const TOTAL = 300;
const IN_FLIGHT = 8;
const KILL_AFTER = 150;
const ENV = { ...GENEROUS_LIMITS, PLAZA_LIMITS_POSTS_PER_USER: '100000/60' };

function defineCrashSuite(backend, storage) {
  describe(`kill -9 on ${backend}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plaza-crash-'));
    const servers = [];
    let db = null;
    after(async () => {
      for (const server of servers) await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (db) await db.drop();
    });

    test(
      `every acknowledged post survives SIGKILL after ${KILL_AFTER} of ${TOTAL}`,
      { timeout: 120_000 },
      async (t) => {
        if (storage) db = await storage();
        const options = { dataDir, env: ENV, storage: db?.uri };
        const first = await startServer(options);
        servers.push(first);
        const author = await registerUser(first.url);

        const run = Math.random().toString(36).slice(2, 8);
        const acked = new Map(); // id → title, for every 201 received, before or after the kill
        const errorsBeforeKill = [];
        let sent = 0;
        let killedAt = null; // requests sent when SIGKILL went out
        const killed = new Promise((resolveKilled) => {
          first.exited.then(resolveKilled);
        });

        async function writer() {
          while (sent < TOTAL && killedAt === null) {
            const i = sent++;
            const title = `crash ${run} #${i} ‘quoted’ ${'x'.repeat(1 + (i % 7))}`;
            try {
              const res = await request(first.url, 'POST', '/api/v1/posts', {
                token: author.token,
                body: { title, body: `Body of post ${i}.\n\n- item $BTC\n` },
              });
              if (res.status === 201) {
                acked.set(res.json.post.id, title);
                if (res.json.post.title !== title && killedAt === null) {
                  errorsBeforeKill.push(
                    `POST #${i} acknowledged title ${JSON.stringify(res.json.post.title)}, sent ${JSON.stringify(title)}`,
                  );
                }
                if (acked.size >= KILL_AFTER && killedAt === null) {
                  killedAt = sent;
                  first.child.kill('SIGKILL'); // now, without waiting for the requests in flight
                }
              } else if (killedAt === null) {
                errorsBeforeKill.push(describeResponse(res));
              }
            } catch (err) {
              if (killedAt === null)
                errorsBeforeKill.push(`POST #${i}: ${err.cause?.message ?? err.message}`);
            }
          }
        }
        await withDeadline(
          Promise.all(Array.from({ length: IN_FLIGHT }, writer)),
          90_000,
          'the concurrent writers to finish',
        );
        assert.deepEqual(errorsBeforeKill, [], 'every write before the kill succeeded');
        assert.ok(killedAt !== null, `the server was killed (acknowledged ${acked.size} of ${TOTAL})`);
        assert.ok(killedAt < TOTAL, `the kill came mid-stream (after ${killedAt} of ${TOTAL} sent)`);
        const exit = await withDeadline(killed, 10_000, 'the killed server to exit');
        assert.equal(exit.signal, 'SIGKILL', `the server died of SIGKILL, not ${JSON.stringify(exit)}`);
        assert.ok(acked.size >= KILL_AFTER, `${acked.size} acknowledgements`);
        t.diagnostic(`SIGKILL after ${killedAt} requests sent; ${acked.size} acknowledged in all`);

        const second = await startServer(options);
        servers.push(second);
        const missing = [];
        const wrong = [];
        const ids = [...acked.keys()];
        // Read back in parallel batches to keep the test short.
        for (let i = 0; i < ids.length; i += IN_FLIGHT) {
          await Promise.all(
            ids.slice(i, i + IN_FLIGHT).map(async (id) => {
              const res = await request(second.url, 'GET', `/api/v1/posts/${id}`);
              if (res.status !== 200) missing.push(describeResponse(res));
              else if (res.json.post.title !== acked.get(id)) {
                wrong.push(
                  `post ${id}: expected title ${JSON.stringify(acked.get(id))}, got ${JSON.stringify(res.json.post.title)}`,
                );
              }
            }),
          );
        }
        assert.deepEqual(
          missing,
          [],
          `acknowledged posts lost after SIGKILL (${missing.length} of ${acked.size})`,
        );
        assert.deepEqual(wrong, [], 'acknowledged posts read back with another title');

        // The restarted server still takes writes from the same account.
        const res = await request(second.url, 'POST', '/api/v1/posts', {
          token: author.token,
          body: { title: 'After the crash', body: 'Still here.' },
        });
        expectStatus(res, 201, 'a write after the restart');
        assert.ok(!acked.has(res.json.post.id), 'a new id after the restart, not a reused one');
      },
    );
  });
}

await forEachBackend(defineCrashSuite);
