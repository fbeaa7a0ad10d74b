// HTML forms over plain HTTP: CSRF (cookie + field), session cookies, safe redirects. On SQLite
// and (with PLAZA_TEST_PG) on PostgreSQL.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  describeResponse,
  expectStatus,
  forEachBackend,
  registerUser,
  request,
  uniqueHandle,
  useServer,
  PASSWORD,
} from '../e2e/harness.mjs';
import { FORM, anonymousForm, csrfField, form, parseSetCookies } from './form_helpers.mjs';

function expectSessionCookie(res) {
  const cookies = parseSetCookies(res.setCookies);
  const session = cookies.plaza_session;
  assert.ok(
    session && session.value.length >= 32,
    `a plaza_session cookie: ${describeResponse(res)} ${res.setCookies}`,
  );
  assert.ok(session.attributes.httponly, `session cookie HttpOnly: ${session.header}`);
  assert.equal(
    String(session.attributes.samesite).toLowerCase(),
    'lax',
    `session cookie SameSite=Lax: ${session.header}`,
  );
  assert.equal(session.attributes.path, '/', `session cookie Path=/: ${session.header}`);
  return `plaza_session=${session.value}`;
}

function defineFormsSuite(backend, storage) {
  describe(`forms on ${backend}`, () => {
    const s = useServer(async () => {
      const options = { env: GENEROUS_LIMITS };
      if (storage) {
        const db = await storage();
        options.storage = db.uri;
        options.onStopped = db.drop;
      }
      return options;
    });
    const base = () => s.server.url;

    test('POST /login without the csrf field is 403 and shows the form again', async () => {
      const u = await registerUser(base());
      const { cookie } = await anonymousForm(base(), '/login');
      const res = await request(base(), 'POST', '/login', {
        headers: { ...FORM, cookie },
        body: form({ handle: u.handle, password: u.password, next: '/' }),
      });
      expectStatus(res, 403);
      assert.match(res.text, /data-testid="form-error"/, 'a form error is shown');
      assert.match(res.text, /data-testid="login-form"/);
      assert.ok(!parseSetCookies(res.setCookies).plaza_session, 'no session');
    });

    test('POST /login with a csrf field but no cookie, or a wrong field, is 403', async () => {
      const u = await registerUser(base());
      const { cookie, field } = await anonymousForm(base(), '/login');
      const noCookie = await request(base(), 'POST', '/login', {
        headers: FORM,
        body: form({ handle: u.handle, password: u.password, next: '/', csrf: field }),
      });
      expectStatus(noCookie, 403, 'field without its cookie');
      const wrong = await request(base(), 'POST', '/login', {
        headers: { ...FORM, cookie },
        body: form({ handle: u.handle, password: u.password, next: '/', csrf: 'A'.repeat(field.length) }),
      });
      expectStatus(wrong, 403, 'cookie with another field');
    });

    test('POST /login and /register refuse a planted cookie+field pair the server did not sign', async () => {
      const u = await registerUser(base());
      const { cookie: realCookie, field } = await anonymousForm(base(), '/login');
      const realValue = realCookie.split('=')[1];
      // Finding 4 of issue 12: any equal pair was accepted, even one character long.
      const planted = [
        ['x', 'x'],
        ['A'.repeat(43), 'A'.repeat(43)],
        [realValue, realValue], // the real pre-session, with itself as the field
        ['B'.repeat(43), field], // a real signature, with another pre-session
      ];
      for (const [value, csrf] of planted) {
        for (const name of ['plaza_csrf', '__Host-plaza_csrf']) {
          const res = await request(base(), 'POST', '/login', {
            headers: { ...FORM, cookie: `${name}=${value}` },
            body: form({ handle: u.handle, password: u.password, next: '/', csrf }),
          });
          expectStatus(res, 403, `planted ${name}=${value.slice(0, 8)}… with csrf ${csrf.slice(0, 8)}…`);
          assert.ok(!parseSetCookies(res.setCookies).plaza_session, 'no session');
        }
        const reg = await request(base(), 'POST', '/register', {
          headers: { ...FORM, cookie: `plaza_csrf=${value}` },
          body: form({ handle: `p${Date.now() % 1e9}`, display_name: 'P', password: u.password, csrf }),
        });
        expectStatus(reg, 403, 'register with a planted pair');
      }
      // A browser that marks the post as coming from another site is refused even with a valid pair.
      const crossSite = await request(base(), 'POST', '/login', {
        headers: { ...FORM, cookie: realCookie, 'sec-fetch-site': 'cross-site' },
        body: form({ handle: u.handle, password: u.password, next: '/', csrf: field }),
      });
      expectStatus(crossSite, 403, 'cross-site post');
      const sameOrigin = await request(base(), 'POST', '/login', {
        headers: { ...FORM, cookie: realCookie, 'sec-fetch-site': 'same-origin' },
        body: form({ handle: u.handle, password: u.password, next: '/', csrf: field }),
      });
      expectStatus(sameOrigin, 303, 'same-origin post with the issued pair');
    });

    test('POST /login with the cookie+field pair is 303 with an HttpOnly SameSite=Lax session', async () => {
      const u = await registerUser(base());
      const { cookie, field } = await anonymousForm(base(), '/login');
      const res = await request(base(), 'POST', '/login', {
        headers: { ...FORM, cookie },
        body: form({ handle: u.handle, password: u.password, next: '/compose', csrf: field }),
      });
      expectStatus(res, 303);
      assert.equal(res.headers.get('location'), '/compose', 'goes to next');
      const session = expectSessionCookie(res);
      const home = expectStatus(await request(base(), 'GET', '/', { headers: { cookie: session } }), 200);
      assert.match(
        home.text,
        new RegExp(`data-testid="viewer-handle"[^>]*>[\\s\\S]*?@${u.handle}<`),
        'logged in on /',
      );
    });

    test('a log-in form with invalid UTF-8 is 400 and shows the form with an error', async () => {
      const { cookie, field } = await anonymousForm(base(), '/login');
      const res = await request(base(), 'POST', '/login', {
        headers: { ...FORM, cookie },
        body: `handle=%C3%28&password=x&csrf=${encodeURIComponent(field)}`,
      });
      expectStatus(res, 400, 'invalid UTF-8 in the handle');
      assert.match(res.text, /data-testid="form-error"/, 'the form explains the error');
      assert.match(res.text, /data-testid="login-form"/, 'the form is shown again');
    });

    test('an anonymous page that needs a session sends to /login with the page as next', async () => {
      const res = await request(base(), 'GET', '/compose?edit=1&x=y');
      expectStatus(res, 303, 'GET /compose anonymously');
      const location = new URL(res.headers.get('location'), base());
      assert.equal(location.pathname, '/login');
      assert.equal(location.searchParams.get('next'), '/compose?edit=1&x=y', 'next keeps the query');
    });

    test('a next that leaves the site is replaced by /', async () => {
      const u = await registerUser(base());
      for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
        const { cookie, field } = await anonymousForm(base(), '/login');
        const res = await request(base(), 'POST', '/login', {
          headers: { ...FORM, cookie },
          body: form({ handle: u.handle, password: u.password, next, csrf: field }),
        });
        expectStatus(res, 303, `next=${next}`);
        assert.equal(res.headers.get('location'), '/', `next=${next} must not redirect off-site`);
      }
    });

    test('a wrong password is 401 with the form shown again and no session', async () => {
      const u = await registerUser(base());
      const { cookie, field } = await anonymousForm(base(), '/login');
      const res = await request(base(), 'POST', '/login', {
        headers: { ...FORM, cookie },
        body: form({ handle: u.handle, password: 'wrong wrong wrong', next: '/', csrf: field }),
      });
      expectStatus(res, 401);
      assert.match(res.text, /data-testid="form-error"/);
      assert.ok(!parseSetCookies(res.setCookies).plaza_session, 'no session');
    });

    test('POST /register through the form signs in; logout needs the session csrf', async () => {
      const handle = uniqueHandle('form');
      const { cookie, field } = await anonymousForm(base(), '/register');
      const noCsrf = await request(base(), 'POST', '/register', {
        headers: { ...FORM, cookie },
        body: form({ handle, display_name: 'Form User', password: PASSWORD }),
      });
      expectStatus(noCsrf, 403, 'register without csrf');
      const res = await request(base(), 'POST', '/register', {
        headers: { ...FORM, cookie },
        body: form({ handle, display_name: 'Form User', password: PASSWORD, csrf: field }),
      });
      expectStatus(res, 303);
      assert.equal(res.headers.get('location'), `/u/${handle}`);
      const session = expectSessionCookie(res);

      const home = expectStatus(await request(base(), 'GET', '/', { headers: { cookie: session } }), 200);
      const sessionCsrf = csrfField(home.text);
      assert.ok(sessionCsrf, 'the logged-in page carries the logout csrf');

      const composeNoCsrf = await request(base(), 'POST', '/compose', {
        headers: { ...FORM, cookie: session },
        body: form({ title: 'Forged', body: 'from another site', lang: '' }),
      });
      expectStatus(composeNoCsrf, 403, 'compose without csrf');

      const logoutNoCsrf = await request(base(), 'POST', '/logout', {
        headers: { ...FORM, cookie: session },
        body: '',
      });
      expectStatus(logoutNoCsrf, 403, 'logout without csrf');
      const stillIn = expectStatus(await request(base(), 'GET', '/', { headers: { cookie: session } }), 200);
      assert.match(stillIn.text, /data-testid="viewer-handle"/, 'still logged in after the refused logout');

      const logout = await request(base(), 'POST', '/logout', {
        headers: { ...FORM, cookie: session },
        body: form({ csrf: sessionCsrf }),
      });
      expectStatus(logout, 303);
      const cleared = parseSetCookies(logout.setCookies).plaza_session;
      assert.ok(
        cleared && cleared.value === '' && cleared.attributes['max-age'] === '0',
        `session cookie cleared: ${logout.setCookies}`,
      );
      const after = expectStatus(await request(base(), 'GET', '/', { headers: { cookie: session } }), 200);
      assert.match(after.text, /data-testid="nav-login"/, 'the old session cookie no longer signs in');
      assert.doesNotMatch(after.text, /data-testid="viewer-handle"/);
    });

    test('compose through the form with the session csrf publishes and redirects to the post', async () => {
      const handle = uniqueHandle('cmp');
      const { cookie, field } = await anonymousForm(base(), '/register');
      const reg = await request(base(), 'POST', '/register', {
        headers: { ...FORM, cookie },
        body: form({ handle, display_name: 'Composer', password: PASSWORD, csrf: field }),
      });
      const session = expectSessionCookie(expectStatus(reg, 303));
      const page = expectStatus(
        await request(base(), 'GET', '/compose', { headers: { cookie: session } }),
        200,
      );
      const csrf = csrfField(page.text);
      const res = await request(base(), 'POST', '/compose', {
        headers: { ...FORM, cookie: session },
        body: form({ title: 'Written in a form', body: 'Hello **form**.', lang: '', csrf }),
      });
      expectStatus(res, 303);
      const location = res.headers.get('location') ?? '';
      assert.match(location, /^\/p\/\d+-written-in-a-form$/);
      const post = expectStatus(await request(base(), 'GET', location), 200);
      assert.match(post.text, /<strong>form<\/strong>/);
    });
  });
}

await forEachBackend(defineFormsSuite);
