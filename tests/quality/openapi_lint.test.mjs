// Redocly CLI (npm @redocly/cli, pinned) lints src/web/static/openapi.json with its recommended
// rules (redocly.yaml): no errors and no warnings. Offline: telemetry and the update check are off.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

import { sourceDir } from '../e2e/harness.mjs';
import { nodeModules } from './site.mjs';

test('Redocly lint finds no problems in openapi.json', { timeout: 120_000 }, async () => {
  const root = sourceDir();
  const { stdout, stderr } = await new Promise((resolveRun, rejectRun) => {
    execFile(
      process.execPath,
      [
        join(nodeModules(), '@redocly/cli/bin/cli.js'),
        'lint',
        '--format=json',
        '--config',
        join(root, 'tests/quality/redocly.yaml'),
        join(root, 'src/web/static/openapi.json'),
      ],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        maxBuffer: 16 * 1024 * 1024,
        timeout: 110_000,
      },
      // Redocly exits 1 when it finds errors; its JSON report is on stdout either way.
      (err, out, errOut) => (out ? resolveRun({ stdout: out, stderr: errOut }) : rejectRun(err ?? new Error(errOut))),
    );
  });
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    assert.fail(`redocly lint did not print its JSON report:\n${stdout}\n${stderr}`);
  }
  const problems = report.problems.map(
    (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location?.map((l) => l.pointer).join(', ')}`,
  );
  assert.deepEqual(problems, [], `redocly lint reports:\n${problems.join('\n')}`);
  assert.deepEqual(report.totals, { errors: 0, warnings: 0, ignored: 0 });
});
