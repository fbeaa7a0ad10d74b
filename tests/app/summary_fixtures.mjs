// Shared by the tests that wait for summaries: an article long enough for one, and a wait for a
// post's summary to reach a state (summary jobs run in the background: poll with a deadline,
// never sleep a fixed time and hope).

import assert from 'node:assert/strict';

import { expectStatus, request } from '../e2e/harness.mjs';

/// Six sentences of news prose, about 100 words: enough for a summary.
export const LISTING_ARTICLE = [
  'The exchange said on Monday that it would stop listing new tokens without an audit of their contracts.',
  'Traders had complained for months that several recent listings collapsed within days of launch.',
  'Under the new rule, a project must publish the audit and name the firm that carried it out.',
  'The exchange will also hold back part of the listing fee until ninety days have passed.',
  'Analysts said the change could slow the pace of listings but would make the market safer for small investors.',
  'Two rival exchanges said they were studying similar rules and would decide before the end of the quarter.',
].join(' ');

/// Polls GET /api/v1/posts/{id} until its summary has status `wanted` (and, when given, is of
/// `revision`); resolves with the summary, fails the test after `ms`.
export async function waitForSummary(base, id, wanted, { revision, ms = 20_000 } = {}) {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = expectStatus(await request(base, 'GET', `/api/v1/posts/${id}`), 200);
    const summary = res.json.post.summary;
    if (summary.status === wanted && (revision === undefined || summary.revision === revision)) {
      return summary;
    }
    if (Date.now() > deadline) {
      assert.fail(`post ${id}: summary still ${JSON.stringify(summary)}, waited for ${wanted}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
