// GET /api/v1/events (Server-Sent Events) against the real binary, on SQLite and (with
// PLAZA_TEST_PG) on PostgreSQL: the stream's headers and first lines, heartbeats, resync on an
// unknown Last-Event-ID, topic validation, the caps on open streams, and that SIGTERM ends open
// streams at once. Publishing and resuming real events are tested in C++
// (tests/http/sse_server_test.cpp), where the test publishes directly.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  checkApiResponse,
  describeResponse,
  expectError,
  expectStatus,
  forEachBackend,
  registerUser,
  request,
  startServer,
  useServer,
  withDeadline,
} from '../e2e/harness.mjs';
import { openStream } from './event_stream.mjs';
import { LISTING_ARTICLE, waitForSummary } from './summary_fixtures.mjs';

const HEARTBEAT_MS = 200;
const ENV = {
  PLAZA_EVENTS_HEARTBEAT_MS: String(HEARTBEAT_MS),
  PLAZA_EVENTS_MAX_CONNECTIONS: '3',
  PLAZA_EVENTS_MAX_PER_ADDRESS: '2',
  // So that the caps can be tested from several client addresses on one machine.
  PLAZA_SERVER_TRUSTED_PROXIES: '127.0.0.1',
};

/// A refused stream's JSON error body, as request() would have parsed it.
async function refusal(stream, path) {
  await withDeadline(stream.ended, 10_000, 'the refusal body');
  let json;
  try {
    json = JSON.parse(stream.text);
  } catch {
    json = undefined;
  }
  const res = { method: 'GET', path, status: stream.status, headers: new Headers(stream.headers), text: stream.text, json };
  await checkApiResponse(res);
  return res;
}

/// Waits until /metrics reports `value` for the unlabelled metric `name`.
async function waitForMetric(base, name, value) {
  const deadline = Date.now() + 10_000;
  let last;
  while (Date.now() < deadline) {
    const res = expectStatus(await request(base, 'GET', '/metrics'), 200);
    const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(res.text);
    last = m?.[1];
    if (last !== undefined && Number(last) === value) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${name} stayed ${last}, expected ${value}`);
}

function defineEventsSuite(backend, storage) {
  const serverOptions = async () => {
    const options = { env: ENV };
    if (storage) {
      const db = await storage();
      options.storage = db.uri;
      options.onStopped = db.drop;
    }
    return options;
  };

  describe(`GET /api/v1/events on ${backend}`, () => {
    const s = useServer(serverOptions);
    const base = () => s.server.url;

    test('a user: topic is private: its owner only (bearer token), 401 without one, 403 for another', async () => {
      const alice = await registerUser(base());
      const bob = await registerUser(base());
      const path = `/api/v1/events?topics=post:1,user:${alice.handle}`;
      const own = await openStream(base(), path, { authorization: `Bearer ${alice.token}` });
      try {
        assert.equal(own.status, 200, own.text);
      } finally {
        own.close();
      }
      const other = await openStream(base(), path, { authorization: `Bearer ${bob.token}` });
      const forbidden = await refusal(other, path);
      expectError(forbidden, 403, 'forbidden', { field: 'topics' });
      const anonymous = await openStream(base(), path);
      expectError(await refusal(anonymous, path), 401, 'unauthenticated', { field: 'topics' });
    });

    test('answers an event stream that starts with retry: 3000', async () => {
      const stream = await openStream(base(), '/api/v1/events?topics=post:1,ticker:BTC');
      try {
        assert.equal(stream.status, 200, stream.text);
        assert.equal(stream.headers['content-type'], 'text/event-stream; charset=utf-8');
        assert.equal(stream.headers['cache-control'], 'no-store');
        assert.equal(stream.headers['x-accel-buffering'], 'no');
        assert.equal(stream.headers['content-length'], undefined);
        const first = await stream.next();
        assert.equal(first.retry, 3000, `first message ${JSON.stringify(first)}`);
      } finally {
        stream.close();
      }
    });

    test(`an idle stream gets a ": hb" comment every heartbeat_ms (${HEARTBEAT_MS} ms here)`, async () => {
      const stream = await openStream(base(), '/api/v1/events?topics=post:1&lang=fr');
      try {
        await stream.next(); // retry
        for (let i = 0; i < 2; i++) {
          const beat = await stream.next(10 * HEARTBEAT_MS);
          assert.equal(beat.comment, 'hb', `message ${JSON.stringify(beat)}`);
        }
      } finally {
        stream.close();
      }
    });

    test('a Last-Event-ID this server never issued starts the stream with a resync event', async () => {
      const stream = await openStream(base(), '/api/v1/events?topics=post:1', { 'last-event-id': '1' });
      try {
        assert.equal(stream.status, 200, stream.text);
        await stream.next(); // retry
        const resync = await stream.next();
        assert.equal(resync.event, 'resync', `message ${JSON.stringify(resync)}`);
        assert.equal(resync.data, '{}');
        assert.match(resync.id ?? '', /^\d+$/, 'the resync carries the id to resume from');
      } finally {
        stream.close();
      }
    });

    test('missing, malformed and too many topics are 400 invalid_argument', async () => {
      const many = Array.from({ length: 33 }, (_, i) => `post:${i + 1}`).join(',');
      for (const query of ['', '?topics=', '?topics=post:abc', '?topics=ticker:btc', '?topics=comment:1', `?topics=${many}`]) {
        const res = await request(base(), 'GET', `/api/v1/events${query}`);
        expectError(res, 400, 'invalid_argument', { field: 'topics' });
      }
      const res = await request(base(), 'GET', `/api/v1/events?topics=${many}`);
      expectError(res, 400, 'invalid_argument', { limit: 32 });
      const badId = await request(base(), 'GET', '/api/v1/events?topics=post:1&last_event_id=abc');
      expectError(badId, 400, 'invalid_argument', { field: 'last_event_id' });
    });

    test('open streams are capped per client address (429) and in total (503), with Retry-After', async () => {
      await waitForMetric(base(), 'plaza_event_streams_open', 0);
      const path = '/api/v1/events?topics=post:1';
      const from = (address) => ({ 'x-forwarded-for': address });
      const open = [];
      try {
        for (let i = 0; i < 2; i++) {
          const stream = await openStream(base(), path, from('198.51.100.1'));
          open.push(stream);
          assert.equal(stream.status, 200, stream.text);
        }
        const third = await openStream(base(), path, from('198.51.100.1'));
        const perAddress = await refusal(third, path);
        expectError(perAddress, 429, 'rate_limited', { limit: 2 });
        assert.match(perAddress.headers.get('retry-after') ?? '', /^\d+$/, describeResponse(perAddress));

        const other = await openStream(base(), path, from('198.51.100.2'));
        open.push(other);
        assert.equal(other.status, 200, other.text);
        const over = await refusal(await openStream(base(), path, from('198.51.100.3')), path);
        expectError(over, 503, 'unavailable', { limit: 3 });
        assert.match(over.headers.get('retry-after') ?? '', /^\d+$/, describeResponse(over));

        // A stream that closes gives its place back.
        open.shift().close();
        await waitForMetric(base(), 'plaza_event_streams_open', 2);
        const again = await openStream(base(), path, from('198.51.100.3'));
        open.push(again);
        assert.equal(again.status, 200, again.text);
      } finally {
        for (const stream of open) stream.close();
      }
    });

    test('a write answers X-Plaza-Event-Id; resuming from it delivers the summary of that revision', async () => {
      const author = await registerUser(base());
      const created = expectStatus(
        await request(base(), 'POST', '/api/v1/posts', {
          token: author.token,
          body: { title: 'Listings need audits', body: LISTING_ARTICLE },
        }),
        201,
      );
      const id = created.json.post.id;
      const edited = () =>
        request(base(), 'PATCH', `/api/v1/posts/${id}`, {
          token: author.token,
          body: { revision: 1, body: `${LISTING_ARTICLE} The rule takes effect next month.` },
        });
      // The summary is published within milliseconds, before a client could subscribe: it is
      // found again by resuming from the id the write answered.
      for (const [res, revision] of [[created, 1], [null, 2]]) {
        const write = res ?? expectStatus(await edited(), 200);
        const eventId = write.headers.get('x-plaza-event-id');
        assert.match(eventId ?? '', /^\d+$/, `X-Plaza-Event-Id of ${describeResponse(write)}`);
        await waitForSummary(base(), id, 'ready', { revision });
        const stream = await openStream(base(), `/api/v1/events?topics=post:${id}`, { 'last-event-id': eventId });
        try {
          await stream.next(); // retry
          const until = Date.now() + 10_000;
          let message;
          do {
            assert.ok(Date.now() < until, `no summary.ready of revision ${revision}: ${stream.text}`);
            message = await stream.next();
            assert.notEqual(message.event, 'resync', 'no gap after the id the write answered');
          } while (message.event !== 'summary.ready' || JSON.parse(message.data).revision !== revision);
          assert.equal(JSON.parse(message.data).post_id, id);
          assert.ok(BigInt(message.id) > BigInt(eventId), `event ${message.id} comes after ${eventId}`);
        } finally {
          stream.close();
        }
      }
    });

    test('/metrics counts subscribers', async () => {
      await waitForMetric(base(), 'plaza_event_subscribers', 0);
      const stream = await openStream(base(), '/api/v1/events?topics=post:7');
      try {
        await stream.next();
        await waitForMetric(base(), 'plaza_event_subscribers', 1);
        const res = await request(base(), 'GET', '/metrics');
        assert.match(res.text, /^plaza_events_published_total \d+$/m);
        assert.match(res.text, /^plaza_event_clients_dropped_total \d+$/m);
      } finally {
        stream.close();
      }
      await waitForMetric(base(), 'plaza_event_subscribers', 0);
    });
  });

  describe(`SIGTERM with an open event stream on ${backend}`, () => {
    test('ends the stream and exits 0 well within the shutdown grace period', { timeout: 60_000 }, async () => {
      const options = await serverOptions();
      const server = await startServer(options);
      try {
        const stream = await openStream(server.url, '/api/v1/events?topics=post:1');
        await stream.next();
        const started = Date.now();
        const info = await server.stop();
        const took = Date.now() - started;
        assert.equal(info.forced, false, 'exited on SIGTERM');
        assert.equal(info.code, 0, `exit code; log:\n${server.logTail()}`);
        await withDeadline(stream.ended, 5_000, 'the stream to end');
        // The grace period is 10 s: an open stream must not hold the exit up until it runs out.
        assert.ok(took < 5_000, `exit took ${took} ms`);
      } finally {
        await server.stop();
        server.removeDataDir();
        if (options.onStopped) await options.onStopped();
      }
    });
  });
}

await forEachBackend(defineEventsSuite);
