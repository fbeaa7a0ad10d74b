// Durable summary jobs: SIGKILL while 1,000 summary jobs are queued or leased; after a restart
// every post ends with exactly one summary, for its latest revision. On SQLite and (with
// PLAZA_TEST_PG) on PostgreSQL.
//
// 1. A web-only instance (jobs.workers = 0, an operator setting for instances that only serve)
//    takes 1,000 posts and 100 edits: 1,100 summary jobs are queued, none run.
// 2. It is killed; an instance with workers starts on the same data, and is killed once some
//    summaries exist, while jobs are still queued and leased.
// 3. A third instance finishes the queue (the dead worker's leases expire after jobs.lease_ms).

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

const POSTS = 1000;
const EDITS = 100;
const IN_FLIGHT = 8;
const LEASE_MS = 3000;
const ENV = {
  ...GENEROUS_LIMITS,
  PLAZA_LIMITS_POSTS_PER_USER: '100000/60',
  PLAZA_JOBS_LEASE_MS: String(LEASE_MS),
  PLAZA_JOBS_BACKOFF_BASE_MS: '200',
};

const SUBJECTS = ['The central bank', 'A large exchange', 'The mining pool', 'Regulators', 'The fund'];
const VERBS = ['raised', 'cut', 'reviewed', 'announced', 'delayed'];
const OBJECTS = ['interest rates', 'trading fees', 'its reserve report', 'new listing rules', 'the audit'];

// A body of about 120 words, different for every post, so each gets a real summary.
function articleBody(i, revision) {
  const sentences = [];
  for (let s = 0; s < 8; s++) {
    const k = i * 7 + s * 3 + revision;
    sentences.push(
      `${SUBJECTS[k % SUBJECTS.length]} ${VERBS[(k >> 1) % VERBS.length]} ${OBJECTS[(k >> 2) % OBJECTS.length]} ` +
        `on day ${s + 1} of report ${i}, revision ${revision}, and traders watched bitcoin, ether and the dollar closely.`,
    );
  }
  return sentences.join(' ');
}

// plaza_jobs{kind="summary",state="..."} from /metrics (loopback only), by state.
async function summaryJobCounts(base) {
  const res = await request(base, 'GET', '/metrics');
  expectStatus(res, 200, '/metrics');
  const counts = { queued: 0, running: 0, done: 0, dead: 0 };
  const re = /^plaza_jobs\{kind="summary",state="(\w+)"\} (\d+(?:\.\d+)?)$/gm;
  let m;
  while ((m = re.exec(res.text)) !== null) counts[m[1]] = Number(m[2]);
  return counts;
}

// Polls `check` (every 100 ms) until it returns a truthy value or `ms` have passed.
async function waitFor(check, ms, what) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function inBatches(items, fn) {
  for (let i = 0; i < items.length; i += IN_FLIGHT) {
    await Promise.all(items.slice(i, i + IN_FLIGHT).map(fn));
  }
}

function defineSummaryCrashSuite(backend, storage) {
  describe(`summary jobs survive kill -9 on ${backend}`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plaza-summary-crash-'));
    const servers = [];
    let db = null;
    after(async () => {
      for (const server of servers) await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (db) await db.drop();
    });

    test(
      `${POSTS} posts and ${EDITS} edits end with one summary of their latest revision`,
      { timeout: 240_000 },
      async (t) => {
        if (storage) db = await storage();
        const base = { dataDir, storage: db?.uri };

        // 1. Queue every job on an instance that runs none.
        const web = await startServer({ ...base, env: { ...ENV, PLAZA_JOBS_WORKERS: '0' } });
        servers.push(web);
        const author = await registerUser(web.url);
        const ids = [];
        await inBatches(
          Array.from({ length: POSTS }, (_, i) => i),
          async (i) => {
            const res = await request(web.url, 'POST', '/api/v1/posts', {
              token: author.token,
              body: { title: `Market report ${i}`, body: articleBody(i, 1) },
            });
            expectStatus(res, 201, `POST #${i}`);
            assert.equal(res.json.post.summary.status, 'pending', 'a new post waits for its summary');
            ids[i] = res.json.post.id;
          },
        );
        const edited = new Set(ids.slice(0, EDITS));
        await inBatches([...edited], async (id) => {
          const res = await request(web.url, 'PATCH', `/api/v1/posts/${id}`, {
            token: author.token,
            body: { revision: 1, body: articleBody(id, 2) },
          });
          expectStatus(res, 200, `PATCH ${id}`);
          assert.equal(res.json.post.revision, 2);
        });
        const queued = await summaryJobCounts(web.url);
        assert.deepEqual(
          queued,
          { queued: POSTS + EDITS, running: 0, done: 0, dead: 0 },
          'one job per revision, all queued',
        );
        await web.kill9();

        // 2. A worker instance, killed mid-queue.
        const worker = await startServer({ ...base, env: ENV });
        servers.push(worker);
        const atKill = await waitFor(
          async () => {
            const c = await summaryJobCounts(worker.url);
            return c.done >= 50 ? c : null;
          },
          60_000,
          'the first summaries',
        );
        await worker.kill9();
        t.diagnostic(`killed with ${JSON.stringify(atKill)} (counts read just before SIGKILL)`);
        assert.ok(atKill.queued + atKill.running > 0, 'jobs were still waiting when the worker died');

        // 3. The queue finishes after a restart; leases of the dead worker expire.
        const last = await startServer({ ...base, env: ENV });
        servers.push(last);
        const final = await waitFor(
          async () => {
            const c = await summaryJobCounts(last.url);
            return c.queued === 0 && c.running === 0 ? c : null;
          },
          120_000,
          'the queue to drain after the restart',
        );
        assert.deepEqual(
          final,
          { queued: 0, running: 0, done: POSTS + EDITS, dead: 0 },
          'every revision summarized exactly once, none dead',
        );

        const wrong = [];
        await inBatches(ids, async (id) => {
          const res = await request(last.url, 'GET', `/api/v1/posts/${id}`);
          if (res.status !== 200) {
            wrong.push(describeResponse(res));
            return;
          }
          const { revision, summary } = res.json.post;
          const want = edited.has(id) ? 2 : 1;
          if (revision !== want || summary.status !== 'ready' || summary.revision !== want || !summary.text) {
            wrong.push(`post ${id}: revision ${revision}, summary ${JSON.stringify(summary)}`);
          }
        });
        assert.deepEqual(wrong, [], 'posts without a ready summary of their latest revision');
      },
    );
  });
}

await forEachBackend(defineSummaryCrashSuite);
