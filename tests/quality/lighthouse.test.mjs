// Lighthouse (npm, pinned) with Debian's Chromium (no browser download, no network): 100 in
// accessibility, best practices and SEO on the home and post pages of a demo server. The
// performance score depends on the machine's load: it is printed, never asserted (bench/README.md
// has what was measured).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';

import { CHROMIUM_ARGS, request, useServer, withDeadline } from '../e2e/harness.mjs';
import { DEMO_SERVER, importPackage } from './site.mjs';

const ASSERTED = ['accessibility', 'best-practices', 'seo'];
const DEVTOOLS = /^DevTools listening on (ws:\/\/127\.0\.0\.1:(\d+)\/\S+)$/;

/// Debian's Chromium with a DevTools port for Lighthouse; resolves with {port, close()}.
async function launchChromium() {
  const profile = mkdtempSync(join(tmpdir(), 'plaza-lighthouse-'));
  const child = spawn(
    process.env.PLAZA_CHROMIUM || '/usr/bin/chromium',
    [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    // Its own process group: its helpers (renderers, the GPU process, crashpad's handler) write
    // into the profile too and must be gone before the profile is removed.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
      return true;
    } catch {
      return false;  // ESRCH: no process of the group is left
    }
  };
  // Waits up to `ms` for the group to be empty; whether it is.
  const groupGone = async (ms) => {
    const end = Date.now() + ms;
    while (signalGroup(0)) {
      if (Date.now() > end) return false;
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
    return true;
  };
  const close = async () => {
    signalGroup('SIGTERM');
    await withDeadline(exited, 10_000, 'Chromium to exit').catch(() => signalGroup('SIGKILL'));
    if (!(await groupGone(5_000))) {
      signalGroup('SIGKILL');
      await groupGone(2_000);
    }
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  };
  const lines = [];
  const port = new Promise((resolvePort, rejectPort) => {
    createInterface({ input: child.stderr }).on('line', (line) => {
      lines.push(line);
      const m = DEVTOOLS.exec(line.trim());
      if (m) resolvePort(Number(m[2]));
    });
    exited.then((code) => rejectPort(new Error(`Chromium exited (${code}): ${lines.join('\n')}`)));
  });
  try {
    return { port: await withDeadline(port, 60_000, 'Chromium\'s DevTools port'), close };
  } catch (err) {
    await close();
    throw err;
  }
}

describe('Lighthouse', { timeout: 300_000 }, () => {
  const s = useServer(DEMO_SERVER);
  let chromium;
  let lighthouse;
  before(async () => {
    ({ default: lighthouse } = await importPackage('lighthouse'));
    chromium = await launchChromium();
  });
  after(async () => {
    if (chromium) await chromium.close();
  });

  async function audit(path) {
    const result = await lighthouse(`${s.server.url}${path}`, {
      port: chromium.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', ...ASSERTED],
      disableFullPageScreenshot: true,
    });
    const { categories, audits, runtimeError, runWarnings } = result.lhr;
    assert.equal(runtimeError, undefined, `Lighthouse failed on ${path}: ${JSON.stringify(runtimeError)}`);
    const scores = Object.fromEntries(
      Object.entries(categories).map(([id, c]) => [id, c.score === null ? null : Math.round(c.score * 100)]),
    );
    const metrics = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'speed-index']
      .map((id) => `${id} ${audits[id]?.displayValue ?? '?'}`)
      .join(', ');
    console.log(
      `lighthouse ${path}: ${JSON.stringify(scores)}; ${metrics}${runWarnings.length ? `; warnings: ${runWarnings}` : ''}`,
    );
    const failed = [];
    for (const id of ASSERTED) {
      for (const ref of categories[id].auditRefs) {
        const a = audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) {
          failed.push(`${id}: ${a.id} (${a.score}) ${a.title}${a.explanation ? ` — ${a.explanation}` : ''}`);
        }
      }
    }
    for (const id of ASSERTED) {
      assert.equal(scores[id], 100, `${path}: ${id} is ${scores[id]}; failed audits:\n${failed.join('\n')}`);
    }
  }

  test('home page: 100 in accessibility, best practices and SEO', async () => {
    await audit('/');
  });

  test('post page: 100 in accessibility, best practices and SEO', async () => {
    const home = await request(s.server.url, 'GET', '/');
    const postPath = /href="(\/p\/\d+-[a-z0-9-]+)"/.exec(home.text)?.[1];
    assert.ok(postPath, 'the demo home page links to a post');
    await audit(postPath);
  });
});
