// The server's recurring jobs, as an operator sees them with `plaza jobs recurring` beside the
// running server: the core's purges are registered as recurring kinds (the finished-jobs purge was
// once registered as a plain kind, so it never ran) and their first period's job is enqueued.

import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, test } from 'node:test';

import { runPlaza, useServer } from '../e2e/harness.mjs';

/// The KIND column of `plaza jobs recurring` for the store in `dataDir`.
function recurringKinds(dataDir) {
  const run = runPlaza(['jobs', 'recurring', '--data', dataDir]);
  assert.equal(run.code, 0, run.out);
  return run.out
    .split('\n')
    .slice(1)
    .map((line) => line.split(/\s+/)[0])
    .filter(Boolean);
}

describe('recurring jobs of a running server', () => {
  const s = useServer();

  test('the finished-jobs purge and the session purge are recurring kinds', async () => {
    // The runner records a recurring kind when it enqueues its first period, right after start:
    // ask again until it has (a condition, not a timing).
    const expected = ['purge', 'sessions.purge'];
    const deadline = Date.now() + 30_000;
    let kinds = recurringKinds(s.server.dataDir);
    while (!expected.every((k) => kinds.includes(k))) {
      assert.ok(Date.now() < deadline, `the recurring kinds ${expected} within 30 s (listed: ${kinds})`);
      await delay(100);
      kinds = recurringKinds(s.server.dataDir);
    }
    for (const kind of expected) assert.ok(kinds.includes(kind), `${kind} in ${kinds}`);
  });
});
