// An open Server-Sent Events stream read with node:http, for the suites that watch
// /api/v1/events (events.test.mjs, social.test.mjs).

import http from 'node:http';

import { withDeadline } from '../e2e/harness.mjs';

/// One open event stream read with node:http. `next()` resolves with the next message
/// ({id, event, data, retry, comment}) or rejects at its deadline; `close()` hangs up.
export class EventStream {
  constructor(req, res) {
    this.req = req;
    this.res = res;
    this.status = res.statusCode;
    this.headers = res.headers;
    this.text = '';
    this.pending = '';
    this.messages = [];
    this.waiter = null;
    this.ended = new Promise((resolveEnd) => {
      res.on('end', resolveEnd);
      res.on('close', resolveEnd);
      res.on('error', resolveEnd);
    });
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      this.text += chunk;
      this.pending += chunk;
      let end;
      while ((end = this.pending.indexOf('\n\n')) !== -1) {
        this.messages.push(parseMessage(this.pending.slice(0, end)));
        this.pending = this.pending.slice(end + 2);
      }
      this.wake();
    });
    this.ended.then(() => this.wake());
  }

  wake() {
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w();
    }
  }

  async next(ms = 10_000) {
    const deadline = Date.now() + ms;
    while (this.messages.length === 0) {
      if (this.res.complete || this.res.destroyed) throw new Error(`the stream ended; it sent ${JSON.stringify(this.text)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event within ${ms} ms; the stream sent ${JSON.stringify(this.text)}`);
      await withDeadline(new Promise((r) => (this.waiter = r)), left, 'the next event').catch(() => {});
    }
    return this.messages.shift();
  }

  close() {
    this.req.destroy();
  }
}

function parseMessage(block) {
  const message = { id: undefined, event: undefined, data: undefined, retry: undefined, comment: undefined };
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) {
      message.comment = line.slice(1).trimStart();
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
    else if (field === 'retry') message.retry = Number(value);
    else if (field === 'id' || field === 'event') message[field] = value;
  }
  return message;
}

/// Opens `path` on `base`; resolves once the response head is in.
export function openStream(base, path, headers = {}) {
  const u = new URL(path, base);
  return withDeadline(
    new Promise((resolveOpen, rejectOpen) => {
      const req = http.request(
        { host: u.hostname, port: u.port, path: u.pathname + u.search, method: 'GET', headers, agent: false },
        (res) => resolveOpen(new EventStream(req, res)),
      );
      req.on('error', rejectOpen);
      req.end();
    }),
    10_000,
    `the head of GET ${path}`,
  );
}
