// The OpenAPI document and the server's /api/v1 routes must describe the same API: every
// documented path and method answers (not 404/405 for the route itself), undocumented methods on
// documented paths are 405, and every /api/v1 route in src/http/routes.cpp is documented. The
// answer checker that the harness runs on every /api/v1 answer (tests/e2e/api_schema.mjs) is
// tested here too: it must refuse answers that differ from the document.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { apiSchema } from '../e2e/api_schema.mjs';
import {
  GENEROUS_LIMITS,
  createPost,
  describeResponse,
  expectStatus,
  registerUser,
  request,
  sourceDir,
  useServer,
} from '../e2e/harness.mjs';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PREFIX = '/api/v1';

/// "METHOD /path" for every operation of an OpenAPI document (paths relative to its server).
function documentedOperations(doc) {
  const ops = new Set();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) ops.add(`${method.toUpperCase()} ${path}`);
    }
  }
  return ops;
}

/// "METHOD /path" for every /api/v1 route in route table text: any "METHOD", "/api/v1/pattern"
/// pair of string literals, which covers the {"METHOD", "/pattern", &Handler} rows,
/// router.Add("METHOD", "/pattern", ...) calls and the modules' own adder helpers.
function registeredApiRoutes(text) {
  const ops = new Set();
  const re = /"(GET|POST|PUT|PATCH|DELETE)"\s*,\s*"(\/api\/v1\/[^"]*)"/g;
  for (const m of text.matchAll(re)) ops.add(`${m[1]} ${m[2].slice(PREFIX.length)}`);
  return ops;
}

describe('route table parser', () => {
  test('reads both the table rows and router.Add calls', () => {
    const text = `
      {"GET", "/", &HomePage},
      {"POST", "/api/v1/things", &ApiThings},
      {"DELETE",  "/api/v1/things/{id}", &ApiDelete},
      router.Add("GET", "/api/v1/openapi.json", BindFast(&ApiOpenApi, deps));
      router.Add("GET", "/metrics", BindFast(&MetricsText, deps));
      add_like("POST", "/api/v1/things/{id}/like", LikeTarget::kPost, true);
      router.Add(
          "PATCH",
          "/api/v1/things/{id}", &ApiPatch);
      const char* kNotARoute = "/api/v1/things";`;
    assert.deepEqual([...registeredApiRoutes(text)].sort(), [
      'DELETE /things/{id}',
      'GET /openapi.json',
      'PATCH /things/{id}',
      'POST /things',
      'POST /things/{id}/like',
    ]);
  });
});

describe('the answer checker (tests/e2e/api_schema.mjs)', () => {
  const JSON_TYPE = { 'content-type': 'application/json' };
  const answer = (method, path, status, headers, body) => ({
    method,
    path,
    status,
    header: (name) => headers[name.toLowerCase()] ?? null,
    text: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const post = {
    id: 1,
    url: 'http://127.0.0.1:1/p/1-a',
    title: 'A',
    body_md: 'b',
    body_html: '<p>b</p>',
    lang: 'en',
    lang_source: 'detected',
    revision: 1,
    author: { handle: 'ada', display_name: 'Ada' },
    created_at: '2026-01-01T00:00:00Z',
    edited_at: null,
    cashtags: [],
    tokens: [],
    chips: [],
    counts: { comments: 0, likes: 0, reposts: 0, quotes: 0, shares: 0, tips: 0 },
    summary: { status: 'pending', text: null, lang: null, engine: null, revision: null },
    translation: null,
  };
  const created = { ...JSON_TYPE, location: '/api/v1/posts/1', 'x-plaza-event-id': '17' };
  const error = (code) => ({ error: { code, message: 'm' } });
  let schema;
  const check = async (...args) => {
    schema ??= await apiSchema(sourceDir());
    return schema.check(answer(...args));
  };

  test('accepts answers as documented', async () => {
    assert.deepEqual(await check('POST', '/api/v1/posts', 201, created, { post }), []);
    assert.deepEqual(await check('GET', '/api/v1/posts?limit=1', 200, JSON_TYPE, { items: [post], next_cursor: null }), []);
    assert.deepEqual(await check('GET', '/api/v1/posts/1', 500, JSON_TYPE, error('internal')), []);
    assert.deepEqual(await check('PUT', '/api/v1/posts/1', 405, { ...JSON_TYPE, allow: 'GET, HEAD' }, error('method_not_allowed')), []);
    assert.deepEqual(await check('GET', '/api/v1/nope', 404, JSON_TYPE, error('not_found')), []);
    assert.deepEqual(await check('HEAD', '/api/v1/posts/1', 200, JSON_TYPE), []);
  });

  test('refuses an undocumented status, header, field, body or media type', async () => {
    const cases = [
      [['GET', '/api/v1/posts/1', 403, JSON_TYPE, error('forbidden')], /status 403 is not documented/],
      [['POST', '/api/v1/posts', 201, { ...JSON_TYPE, location: '/x' }, { post }], /X-Plaza-Event-Id .*missing/],
      [['POST', '/api/v1/posts', 201, created, { post: { ...post, extra: 1 } }], /additional properties/],
      [['POST', '/api/v1/posts', 201, created, { post: { ...post, summary: undefined } }], /summary/],
      [['PUT', '/api/v1/posts/1', 405, JSON_TYPE, error('method_not_allowed')], /Allow .*missing/],
      [['GET', '/api/v1/nope', 404, JSON_TYPE, error('no_such_code')], /allowed values/],
      [['DELETE', '/api/v1/posts/1', 204, {}, 'x'], /no body/],
      [['GET', '/api/v1/posts/1', 200, { 'content-type': 'text/html' }, '<p>'], /content-type/],
    ];
    for (const [args, expected] of cases) {
      const problems = await check(...args);
      assert.match(problems.join('\n'), expected, `${args[0]} ${args[1]} ${args[2]}`);
    }
  });
});

describe('OpenAPI document', () => {
  const s = useServer({ env: GENEROUS_LIMITS });
  let doc;
  let fixture;

  test('GET /api/v1/openapi.json is an OpenAPI 3 document served under /api/v1', async () => {
    const res = expectStatus(await request(s.server.url, 'GET', '/api/v1/openapi.json'), 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
    doc = JSON.parse(res.text);
    assert.match(String(doc.openapi), /^3\.\d+\.\d+$/, 'openapi version');
    assert.equal(doc.servers?.[0]?.url, PREFIX, 'paths are relative to /api/v1');
    assert.ok(Object.keys(doc.paths ?? {}).length > 0, 'paths present');
    // Every $ref resolves inside the document.
    const refs = [...res.text.matchAll(/"\$ref"\s*:\s*"#\/([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) {
      const target = ref.split('/').reduce((node, key) => node?.[key], doc);
      assert.ok(target, `$ref #/${ref} resolves`);
    }
  });

  test('every /api/v1 route in src/http/routes.cpp is documented, and nothing else', () => {
    assert.ok(doc, 'the document was fetched');
    // The core table and the modules' route tables (src/http/handlers/*_handlers.cpp and
    // src/<module>/*_routes.cpp).
    const handlers = join(sourceDir(), 'src/http/handlers');
    const src = join(sourceDir(), 'src');
    const moduleRoutes = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(join(src, d.name))
          .filter((f) => f.endsWith('_routes.cpp'))
          .map((f) => join(src, d.name, f)),
      );
    const text = [join(src, 'http/routes.cpp'), ...moduleRoutes]
      .concat(readdirSync(handlers).filter((f) => f.endsWith('_handlers.cpp')).map((f) => join(handlers, f)))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const registered = registeredApiRoutes(text);
    assert.ok(registered.size >= 5, `found the route table (${[...registered]})`);
    const documented = documentedOperations(doc);
    const undocumented = [...registered].filter((op) => !documented.has(op));
    const unregistered = [...documented].filter((op) => !registered.has(op));
    assert.deepEqual(undocumented, [], 'routes in routes.cpp missing from openapi.json');
    assert.deepEqual(unregistered, [], 'operations in openapi.json missing from routes.cpp');
  });

  test('every documented operation is served (not 404/405 for the route itself)', async () => {
    assert.ok(doc, 'the document was fetched');
    const base = s.server.url;
    fixture ??= await (async () => {
      const u = await registerUser(base);
      const post = await createPost(base, u.token, { title: 'OpenAPI probe' });
      // A comment for the /comments/{id} operations that anyone may call (translation).
      const comment = await request(base, 'POST', `${PREFIX}/posts/${post.id}/comments`, {
        token: u.token,
        body: { body: 'A comment to probe with.' },
      });
      return { token: u.token, id: post.id, handle: u.handle, commentId: comment.json.comment.id };
    })();
    for (const op of documentedOperations(doc)) {
      const [method, path] = op.split(' ');
      const concrete =
        PREFIX +
        path
          .replace('{id}', String(path.startsWith('/comments/') ? fixture.commentId : fixture.id))
          .replace('{symbol}', 'BTC')
          .replace('{handle}', fixture.handle)
          .replace('{feed}', 'latest');
      assert.doesNotMatch(concrete, /\{/, `${op}: a path parameter the probe cannot fill`);
      // No token and an empty object: enough to reach the handler, which then answers 400/401;
      // only the router answers 404 (no such endpoint) or 405 (no such method).
      const body = ['POST', 'PATCH', 'PUT'].includes(method) ? {} : undefined;
      const res = await request(base, method, concrete, { body });
      assert.ok(
        res.status !== 404 && res.status !== 405 && res.status < 500,
        `${op} is documented but the server answers ${describeResponse(res)}`,
      );
    }
  });

  test('undocumented methods on documented paths are 405 with an Allow header of the documented ones', async () => {
    assert.ok(doc, 'the document was fetched');
    const base = s.server.url;
    const id = fixture?.id ?? 1;
    for (const [path, item] of Object.entries(doc.paths)) {
      const documented = METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
      const concrete =
        PREFIX +
        path
          .replace('{id}', String(id))
          .replace('{symbol}', 'BTC')
          .replace('{handle}', fixture?.handle ?? 'nobody')
          .replace('{feed}', 'latest');
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        if (documented.includes(method)) continue;
        const res = await request(base, method, concrete, { body: method === 'GET' ? undefined : {} });
        assert.equal(
          res.status,
          405,
          `${method} ${path} is not documented: expected 405, got ${describeResponse(res)}`,
        );
        const allow = (res.headers.get('allow') ?? '')
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean);
        const expected = new Set(documented);
        if (expected.has('GET')) expected.add('HEAD');
        assert.deepEqual(new Set(allow), expected, `${method} ${path}: Allow lists the documented methods`);
      }
    }
  });
});
