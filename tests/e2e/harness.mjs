// Shared harness for the HTTP integration tests (tests/app) and the browser tests (tests/e2e):
// starts the real `plaza` binary on port 0 in a fresh data directory, stops it pass or fail,
// talks to it over HTTP, and launches Debian's Chromium through playwright-core.
//
// Nothing here sleeps for timing: every wait is for an event (a line on stdout, a process exit)
// bounded by a deadline.

import { spawn, spawnSync, execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, mkdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before } from 'node:test';
import http from 'node:http';

import { API_PREFIX, apiSchema } from './api_schema.mjs';

export const START_DEADLINE_MS = 30_000;
export const STOP_DEADLINE_MS = 10_000;

const LISTENING = /^listening on (http:\/\/127\.0\.0\.1:(\d+))$/;

// Children still alive when the test process exits are killed, whatever happened.
const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
});

export function plazaBin() {
  const bin = process.env.PLAZA_BIN;
  if (!bin) throw new Error('PLAZA_BIN is not set: it must name the plaza binary (ctest sets it)');
  if (!existsSync(bin)) throw new Error(`PLAZA_BIN=${bin} does not exist: build the plaza target`);
  return bin;
}

export function sourceDir() {
  return process.env.PLAZA_SOURCE_DIR || resolve(new URL('../..', import.meta.url).pathname);
}

/// Settings that keep the per-address limits out of the way of a test that registers many users
/// from 127.0.0.1. Tests of the limits themselves start their own server without these.
export const GENEROUS_LIMITS = {
  PLAZA_LIMITS_REGISTER_PER_ADDRESS: '100000/60',
  PLAZA_LIMITS_LOGIN_PER_ADDRESS: '100000/60',
  PLAZA_LIMITS_LOGIN_PER_ACCOUNT: '100000/60',
  PLAZA_LIMITS_LOGIN_FREE_FAILURES: '1000',
  // Conversation throttles (docs/conversation.md): suites write far faster than people do.
  PLAZA_COMMENTS_COMMENTS_PER_USER: '100000/60',
  PLAZA_COMMENTS_LIKES_PER_USER: '100000/60',
  PLAZA_COMMENTS_WRITES_PER_ADDRESS: '100000/60',
  PLAZA_SOCIAL_ADDRESS_WRITES_PER_MINUTE: '100000',
};

/// Waits for `promise` at most `ms`; rejects with `what` in the message when the time is up.
export async function withDeadline(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/// A running plaza server. Use startServer(); stop() in an `after` hook.
export class PlazaServer {
  constructor({ child, url, port, dataDir, ownsDataDir, stderrLines, exited }) {
    this.child = child;
    this.url = url;
    this.port = port;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.stderrLines = stderrLines;
    this.exited = exited; // Promise<{code, signal}>
    this.exitInfo = null;
    this.expectedExit = false;
    exited.then((info) => {
      this.exitInfo = info;
    });
  }

  get pid() {
    return this.child.pid;
  }

  /// The last lines the server wrote to stderr (its log), for failure messages.
  logTail(n = 40) {
    return this.stderrLines.slice(-n).join('\n');
  }

  /// True while the process runs.
  get alive() {
    return this.exitInfo === null;
  }

  /// SIGTERM, then SIGKILL when it has not exited by the deadline. Resolves with
  /// {code, signal, forced}; `forced` is true when SIGKILL was needed.
  async stop() {
    this.expectedExit = true;
    let forced = false;
    if (this.alive) {
      this.child.kill('SIGTERM');
      try {
        await withDeadline(this.exited, STOP_DEADLINE_MS, `plaza pid ${this.pid} to exit on SIGTERM`);
      } catch {
        forced = true;
        this.child.kill('SIGKILL');
        await withDeadline(this.exited, STOP_DEADLINE_MS, `plaza pid ${this.pid} to die on SIGKILL`);
      }
    }
    const info = await this.exited;
    return { ...info, forced };
  }

  /// SIGKILL now; resolves when the process is gone.
  async kill9() {
    this.expectedExit = true;
    if (this.alive) this.child.kill('SIGKILL');
    return withDeadline(this.exited, STOP_DEADLINE_MS, `plaza pid ${this.pid} to die on SIGKILL`);
  }

  removeDataDir() {
    if (this.ownsDataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/// The environment of a `plaza` process: the test runner's own PLAZA_* variables other than the
/// ones Plaza reads stay out (Plaza refuses unknown ones), and logs are quiet.
function commandEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('PLAZA_') || k.startsWith('PLAZA_TEST_') || k === 'PLAZA_SOURCE_DIR') {
      env[k] = v;
    }
  }
  env.PLAZA_LOG_LEVEL = 'warn';
  return env;
}

/// Runs `plaza ARGS...` to its end, as an operator runs a command beside the server (`plaza
/// ledger verify`, `plaza jobs recurring`); returns {code, out} (stdout then stderr).
export function runPlaza(args) {
  const run = spawnSync(plazaBin(), args, { encoding: 'utf8', env: commandEnv() });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/// Starts `plaza serve --listen 127.0.0.1:0 --data DIR [--demo] [--storage URL]` and resolves once
/// it printed its `listening on` line. Options: demo, dataDir (reuse one), storage (a URL),
/// env (extra variables), args (extra flags).
export async function startServer(options = {}) {
  const bin = plazaBin();
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'plaza-test-'));
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', dataDir];
  if (options.storage) args.push('--storage', options.storage);
  if (options.demo) args.push('--demo');
  if (options.args) args.push(...options.args);
  const env = { ...commandEnv(), ...(options.env ?? {}) };

  const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const exited = new Promise((resolveExit) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolveExit({ code, signal });
    });
  });
  const stderrLines = [];
  createInterface({ input: child.stderr }).on('line', (line) => {
    stderrLines.push(line);
    if (stderrLines.length > 400) stderrLines.shift();
  });
  const stdout = createInterface({ input: child.stdout });
  const firstLine = new Promise((resolveLine, rejectLine) => {
    stdout.once('line', resolveLine);
    child.once('error', rejectLine);
    exited.then(({ code, signal }) =>
      rejectLine(new Error(`plaza exited (code ${code}, signal ${signal}) before listening`)),
    );
  });
  // Keep draining stdout so the child never blocks on a full pipe.
  stdout.on('line', () => {});

  let line;
  try {
    line = await withDeadline(firstLine, START_DEADLINE_MS, 'the "listening on" line');
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw new Error(
      `plaza ${args.join(' ')} did not start: ${err.message}\n--- stderr ---\n${stderrLines.join('\n')}`,
    );
  }
  const m = LISTENING.exec(line);
  if (!m) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(
      `expected the first stdout line to be "listening on http://127.0.0.1:PORT", got ${JSON.stringify(line)}`,
    );
  }
  return new PlazaServer({
    child,
    url: m[1],
    port: Number(m[2]),
    dataDir,
    ownsDataDir,
    stderrLines,
    exited,
  });
}

/// Registers before/after hooks in the current suite: a server starts before its tests and stops
/// after them, pass or fail. `options` (or a function resolving to them) are startServer's, plus
/// `onStopped` (async, run once the server is gone, e.g. to drop its database). The returned holder's `.server` is set once started. The after hook
/// fails when the server died on its own or did not stop cleanly on SIGTERM.
export function useServer(options = {}) {
  const holder = { server: null, options: null };
  before(async () => {
    holder.options = typeof options === 'function' ? await options() : options;
    holder.server = await startServer(holder.options);
  });
  after(async () => {
    const server = holder.server;
    if (!server) {
      if (holder.options?.onStopped) await holder.options.onStopped();
      return;
    }
    const diedEarly = !server.alive;
    const info = await server.stop();
    server.removeDataDir();
    if (holder.options?.onStopped) await holder.options.onStopped();
    if (diedEarly) {
      throw new Error(
        `plaza died during the tests (code ${info.code}, signal ${info.signal})\n--- stderr ---\n${server.logTail()}`,
      );
    }
    if (info.forced) {
      throw new Error(`plaza did not exit within ${STOP_DEADLINE_MS} ms of SIGTERM`);
    }
    if (info.code !== 0) {
      throw new Error(
        `plaza exited with code ${info.code} (signal ${info.signal}) on SIGTERM, expected 0\n--- stderr ---\n${server.logTail()}`,
      );
    }
  });
  return holder;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/// The conninfo of the test PostgreSQL server (PLAZA_TEST_PG), or null. Throws when
/// PLAZA_REQUIRE_PG=1 and there is none, so that a missing server fails instead of skipping.
/// `options` for useServer on the backend `storage` names (forEachBackend): with a fresh database
/// (dropped when the server stops) when `storage` is given, SQLite in the server's directory
/// otherwise.
export async function onBackend(storage, options) {
  if (!storage) return options;
  const db = await storage();
  return { ...options, storage: db.uri, onStopped: db.drop };
}

export function testPg() {
  const conninfo = process.env.PLAZA_TEST_PG;
  if (conninfo) return conninfo;
  if (process.env.PLAZA_REQUIRE_PG === '1') {
    throw new Error('PLAZA_REQUIRE_PG=1 but PLAZA_TEST_PG is not set (start one: scripts/pg.sh start)');
  }
  return null;
}

function parseConninfo(conninfo) {
  const out = {};
  const re = /\s*([A-Za-z_]+)\s*=\s*(?:'((?:\\.|[^'])*)'|(\S+))/g;
  let m;
  while ((m = re.exec(conninfo)) !== null) {
    out[m[1]] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return out;
}

/// A postgresql:// URI for database `db` on the server of `conninfo` (key=value or a URI).
export function pgUri(conninfo, db) {
  if (/^postgres(ql)?:\/\//.test(conninfo)) {
    const u = new URL(conninfo);
    u.pathname = '/' + db;
    return u.toString();
  }
  const kv = parseConninfo(conninfo);
  const params = new URLSearchParams();
  for (const key of ['host', 'port', 'user', 'password', 'sslmode']) {
    if (kv[key] !== undefined) params.set(key, kv[key]);
  }
  return `postgresql:///${db}?${params.toString()}`;
}

function psql(conninfo, sql) {
  return new Promise((resolvePsql, rejectPsql) => {
    execFile(
      'psql',
      [conninfo, '-v', 'ON_ERROR_STOP=1', '-X', '-q', '-c', sql],
      { timeout: 30_000 },
      (err, stdout, stderr) => {
        if (err) rejectPsql(new Error(`psql -c "${sql}" failed: ${stderr || err.message}`));
        else resolvePsql(stdout);
      },
    );
  });
}

/// Creates a fresh database for one server run; resolves with {uri, drop()}.
export async function createPgDatabase(conninfo, prefix = 'plaza_test') {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  await psql(conninfo, `CREATE DATABASE ${name}`);
  return {
    name,
    uri: pgUri(conninfo, name),
    drop: () => psql(conninfo, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

/// One request. `body` may be an object (sent as JSON), a string or a Buffer. Resolves with
/// {status, headers (Headers), text, json (parsed or undefined), setCookies: string[]}.
export async function request(base, method, path, { token, body, headers = {}, redirect = 'manual' } = {}) {
  const h = { ...headers };
  let payload;
  if (body !== undefined) {
    if (Buffer.isBuffer(body) || typeof body === 'string') {
      payload = body;
    } else {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
  }
  if (token) h.authorization = `Bearer ${token}`;
  const res = await fetch(new URL(path, base), { method, headers: h, body: payload, redirect });
  const text = await res.text();
  let json;
  if ((res.headers.get('content-type') || '').includes('json') && text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  const out = {
    method,
    path,
    status: res.status,
    headers: res.headers,
    text,
    json,
    setCookies: res.headers.getSetCookie ? res.headers.getSetCookie() : [],
  };
  await checkApiResponse(out);
  return out;
}

/// Fails when an /api/v1 answer differs from the OpenAPI document (tests/e2e/api_schema.mjs):
/// an undocumented status, a missing documented header, a body that does not match its schema.
/// request() and rawRequest() call it on every answer; `res.headers` is a Headers or node:http's
/// plain object.
export async function checkApiResponse(res) {
  if (!new URL(res.path, 'http://plaza.invalid').pathname.startsWith(API_PREFIX + '/')) return;
  const schema = await apiSchema(sourceDir());
  const header =
    typeof res.headers.get === 'function'
      ? (name) => res.headers.get(name)
      : (name) => {
          const value = res.headers[name.toLowerCase()];
          return Array.isArray(value) ? value.join(', ') : (value ?? null);
        };
  const problems = schema.check({ ...res, header });
  if (problems.length > 0) {
    throw new Error(`the answer differs from src/web/static/openapi.json:\n${problems.join('\n')}`);
  }
}

/// The same with node:http, for requests fetch handles poorly (a body the server refuses early).
export function rawRequest(base, method, path, { headers = {}, body } = {}) {
  return new Promise((resolveRaw, rejectRaw) => {
    const u = new URL(path, base);
    const req = http.request(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          const out = { method, path, status: res.statusCode, headers: res.headers, text, json };
          checkApiResponse(out).then(() => resolveRaw(out), rejectRaw);
        });
        res.on('error', rejectRaw);
      },
    );
    // The server may answer and close before reading all of a body it refuses; the answer is
    // what counts, so a write error after it arrived is not a failure.
    req.on('error', rejectRaw);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

/// "METHOD /path → STATUS body" for failure messages.
export function describeResponse(res) {
  const body = res.text && res.text.length > 600 ? res.text.slice(0, 600) + '…' : res.text;
  return `${res.method} ${res.path} → ${res.status} ${body}`;
}

/// Asserts the status; the message carries the request and the response.
export function expectStatus(res, status, why = '') {
  if (res.status !== status) {
    throw new Error(`expected ${status}${why ? ` (${why})` : ''}, got ${describeResponse(res)}`);
  }
  return res;
}

/// Asserts an API error: status, error.code and (when given) field and limit.
export function expectError(res, status, code, { field, limit } = {}) {
  expectStatus(res, status);
  const err = res.json && res.json.error;
  if (!err || typeof err !== 'object') {
    throw new Error(`expected {"error": {...}} in ${describeResponse(res)}`);
  }
  if (err.code !== code) throw new Error(`expected error.code "${code}", got ${describeResponse(res)}`);
  if (typeof err.message !== 'string' || err.message === '') {
    throw new Error(`expected a non-empty error.message, got ${describeResponse(res)}`);
  }
  if (field !== undefined && err.field !== field) {
    throw new Error(`expected error.field "${field}", got ${describeResponse(res)}`);
  }
  if (limit !== undefined && err.limit !== limit) {
    throw new Error(`expected error.limit ${limit}, got ${describeResponse(res)}`);
  }
  return err;
}

let counter = 0;
/// A handle that is valid (3..30 of [a-z0-9_]) and unique within this process run.
export function uniqueHandle(prefix = 'u') {
  counter += 1;
  return `${prefix}_${process.pid.toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 6)}`.slice(
    0,
    30,
  );
}

export const PASSWORD = 'correct horse battery staple';

/// Registers a user through the API; resolves with {user, token, handle, password}.
export async function registerUser(
  base,
  { handle = uniqueHandle(), display_name, password = PASSWORD } = {},
) {
  const res = await request(base, 'POST', '/api/v1/auth/register', {
    body: { handle, password, display_name: display_name ?? `User ${handle}` },
  });
  expectStatus(res, 201, `registering ${handle}`);
  return { ...res.json, handle, password };
}

/// Publishes a post through the API; resolves with the post object.
export async function createPost(base, token, { title, body = 'A body.', lang } = {}) {
  const payload = { title: title ?? `Post ${uniqueHandle('t')}`, body };
  if (lang !== undefined) payload.lang = lang;
  const res = await request(base, 'POST', '/api/v1/posts', { token, body: payload });
  expectStatus(res, 201, 'publishing a post');
  return res.json.post;
}

// ---------------------------------------------------------------------------------------------
// Browser

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/// Debian's Chromium through playwright-core (imported here, so that the HTTP suites need no
/// node_modules).
export async function launchBrowser() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    throw new Error(`playwright-core is not installed: run \`npm ci\` in tests/e2e (${err.message})`);
  }
  return chromium.launch({
    executablePath: process.env.PLAZA_CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
}

/// Where screenshots go (PLAZA_SHOTS_DIR, created if missing).
export function shotsDir() {
  const dir = process.env.PLAZA_SHOTS_DIR || join(tmpdir(), 'plaza-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/// Defines a suite once per storage backend: `define(backendName, storage)` where `storage` is
/// undefined for SQLite and an async factory of a fresh PostgreSQL database ({uri, drop})
/// otherwise. Without PLAZA_TEST_PG the PostgreSQL run is skipped, or fails when
/// PLAZA_REQUIRE_PG=1.
export async function forEachBackend(define) {
  const { test } = await import('node:test');
  define('SQLite', undefined);
  let conninfo = null;
  let missing = null;
  try {
    conninfo = testPg();
  } catch (err) {
    missing = err;
  }
  if (missing) {
    test('PostgreSQL run', () => {
      throw missing;
    });
  } else if (!conninfo) {
    test('PostgreSQL run', { skip: 'PLAZA_TEST_PG is not set' }, () => {});
  } else {
    define('PostgreSQL', () => createPgDatabase(conninfo));
  }
}

/// Registers before/after hooks: Chromium launches before the suite's tests and closes after.
export function useBrowser() {
  const holder = { browser: null };
  before(async () => {
    holder.browser = await withDeadline(launchBrowser(), 60_000, 'Chromium to launch');
  });
  after(async () => {
    if (holder.browser) await holder.browser.close();
  });
  return holder;
}

/// Records what a page complains about: console errors, uncaught exceptions, CSP violations and
/// failed subresource responses. `problems()` lists them; `clear()` starts over.
export async function watchPage(page) {
  const found = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const list = (window.__plazaTestCsp = window.__plazaTestCsp || []);
      list.push(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile || '?'}:${e.lineNumber}`,
      );
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) {
      found.push(`console ${msg.type()} on ${page.url()}: ${msg.text()}`);
    }
  });
  page.on('pageerror', (err) => found.push(`uncaught exception on ${page.url()}: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document') {
      found.push(`${res.status()} for ${res.request().resourceType()} ${res.url()}`);
    }
  });
  return {
    async problems() {
      let csp = [];
      try {
        csp = (await page.evaluate(() => window.__plazaTestCsp || [])).map(
          (v) => `CSP violation on ${page.url()}: ${v}`,
        );
      } catch {
        // the page is closing
      }
      return [...found, ...csp];
    },
    clear() {
      found.length = 0;
    },
  };
}

/// Waits until `locator`'s text (trimmed) equals `expected`; fails naming what was there instead.
export async function expectText(locator, expected, timeout = 5_000) {
  const el = await locator
    .first()
    .elementHandle({ timeout })
    .catch(() => null);
  if (!el)
    throw new Error(`expected ${locator} to read ${JSON.stringify(expected)}, but it is not on the page`);
  try {
    await locator.page().waitForFunction(([node, want]) => node.textContent.trim() === want, [el, expected], {
      timeout,
      polling: 'raf',
    });
  } catch {
    const actual = await el.evaluate((node) => node.textContent.trim()).catch(() => '(detached)');
    throw new Error(`expected ${locator} to read ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
