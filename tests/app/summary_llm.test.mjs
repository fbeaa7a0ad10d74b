// The LLM summary engine inside the real server, against a local fake of an OpenAI-compatible
// endpoint (tests/e2e/fake_llm.mjs speaks the documented wire format; a real model cannot run
// here). An endpoint that answers 500, 429, malformed JSON and then nothing in time is retried
// with backoff until the job is dead: the post page still renders, without a summary box. A
// healthy answer becomes the summary, labelled with the model.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  createPost,
  expectStatus,
  registerUser,
  request,
  useServer,
} from '../e2e/harness.mjs';
import { apiError, completion, startFakeLlm } from '../e2e/fake_llm.mjs';
import { LISTING_ARTICLE, waitForSummary } from './summary_fixtures.mjs';

const MODEL = 'plaza-fake-model';
const SUMMARY =
  'The exchange will list no new token without a published audit of its contracts. ' +
  'Part of each listing fee is held back for ninety days.';
const BODY = LISTING_ARTICLE;

describe('LLM summaries through the job queue', { timeout: 90_000 }, () => {
  let llm;
  // Each post's requests, in order: the failing post gets the failures, the other a summary.
  const failures = [
    apiError(500, 'internal error'),
    apiError(429, 'rate limit reached'),
    { status: 200, body: '{"choices": [{"message": ' },
    'hang',
  ];
  let hung = [];
  let releaseHeld;
  const held = new Promise((r) => {
    releaseHeld = r;
  });
  const s = useServer(async () => {
    llm = await startFakeLlm(async (req) => {
      const user = req.messages?.find((m) => m.role === 'user')?.content ?? '';
      if (user.includes('HELD')) {
        await held;
        return completion(MODEL, SUMMARY);
      }
      if (!user.includes('FAILING')) return completion(MODEL, SUMMARY);
      const next = failures.shift() ?? apiError(500, 'still failing');
      if (next !== 'hang') return next;
      // Longer than llm.timeout_ms: the engine gives up first. Released when the test ends.
      return new Promise((r) => hung.push(() => r(apiError(500, 'too late'))));
    });
    return {
      env: {
        ...GENEROUS_LIMITS,
        PLAZA_LIMITS_POSTS_PER_USER: '100/60',
        PLAZA_SUMMARY_ENGINE: 'llm',
        PLAZA_LLM_URL: llm.url,
        PLAZA_LLM_MODEL: MODEL,
        PLAZA_LLM_TIMEOUT_MS: '500',
        PLAZA_JOBS_MAX_ATTEMPTS: '4',
        // One request per job attempt: the job's retries are under test, not the HTTP client's
        // in-call retries (tests/outgoing/).
        PLAZA_HTTP_CLIENT_MAX_ATTEMPTS: '1',
        PLAZA_JOBS_BACKOFF_BASE_MS: '50',
        PLAZA_JOBS_BACKOFF_MAX_MS: '200',
      },
    };
  });
  let author;
  before(async () => {
    author = await registerUser(s.server.url);
  });
  after(async () => {
    releaseHeld();
    for (const release of hung) release();
    hung = [];
    if (llm) await llm.close();
  });

  test('500, 429, malformed JSON and a timeout: retried, then dead; the page still renders', async () => {
    const base = s.server.url;
    const post = await createPost(base, author.token, { title: 'FAILING listing rules', body: `FAILING ${BODY}` });
    await waitForSummary(base, post.id, 'failed');
    assert.equal(failures.length, 0, 'all four failures were tried');
    const failing = llm.requests.filter((r) => r.messages.some((m) => m.content.includes('FAILING')));
    assert.equal(failing.length, 4, 'one request per attempt, no more after the job died');

    const page = expectStatus(await request(base, 'GET', new URL(post.url).pathname), 200);
    assert.match(page.text, /FAILING listing rules/);
    assert.doesNotMatch(page.text, /data-testid="summary-box"/, 'no summary box after the last failure');
    const metrics = expectStatus(await request(base, 'GET', '/metrics'), 200).text;
    assert.match(metrics, /^plaza_jobs\{kind="summary",state="dead"\} 1$/m);
    assert.match(metrics, /^plaza_job_failures_total\{kind="summary"\} 4$/m);
  });

  test('a healthy answer becomes the summary, labelled with the model', async () => {
    const base = s.server.url;
    const post = await createPost(base, author.token, { title: 'Listing rules', body: BODY });
    const summary = await waitForSummary(base, post.id, 'ready');
    assert.equal(summary.engine, `llm:${MODEL}`);
    assert.equal(summary.text.replace(/\n/g, ' '), SUMMARY);
    const sent = llm.requests.at(-1);
    assert.equal(sent.model, MODEL);
    assert.ok(sent.messages.find((m) => m.role === 'user').content.includes('ninety days'));
    const page = expectStatus(await request(base, 'GET', new URL(post.url).pathname), 200);
    assert.match(page.text, new RegExp(`AI summary · ${MODEL}`));
  });
  test('a cached anonymous page of a pending post is dropped when its summary is stored', async () => {
    const base = s.server.url;
    const post = await createPost(base, author.token, { title: 'HELD listing rules', body: `HELD ${BODY}` });
    const page = new URL(post.url).pathname;
    // Anonymous reads are cached: the second one is served from the cache.
    for (let i = 0; i < 2; i++) {
      const html = expectStatus(await request(base, 'GET', page), 200).text;
      assert.match(html, /data-state="pending"/);
    }
    releaseHeld();
    await waitForSummary(base, post.id, 'ready');
    const html = expectStatus(await request(base, 'GET', page), 200).text;
    assert.match(html, /data-state="ready"/, 'not the cached pending page');
    assert.match(html, /AI summary · plaza-fake-model/);
  });
});
