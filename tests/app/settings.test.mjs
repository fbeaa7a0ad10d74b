// The settings page and /api/v1/me over plain HTTP (issue 12 finding 6, issue 8 item 2): one
// kind per credential, the session cookie's lifetime, the list of sessions and its revoke, log
// out everywhere else, password change, profile and interface language, and the locale order.
// Idle and absolute expiry and the last-seen throttle need a clock the test drives: they are in
// tests/accounts/accounts_session_test.cpp. On SQLite and (with PLAZA_TEST_PG) on PostgreSQL.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  describeResponse,
  expectError,
  expectStatus,
  forEachBackend,
  registerUser,
  request,
  useServer,
} from '../e2e/harness.mjs';
import { FORM, anonymousForm, csrfField, form, parseSetCookies } from './form_helpers.mjs';

const NEW_PASSWORD = 'a quite different phrase';

/// Logs in through the form like a browser; resolves with {cookie, value, maxAge}.
async function browserLogin(base, user, password = user.password, userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0') {
  const { cookie, field } = await anonymousForm(base, '/login');
  const res = await request(base, 'POST', '/login', {
    headers: { ...FORM, cookie, 'user-agent': userAgent },
    body: form({ handle: user.handle, password, next: '/', csrf: field }),
  });
  expectStatus(res, 303, 'log-in');
  const session = parseSetCookies(res.setCookies).plaza_session;
  assert.ok(session?.value, `a session cookie: ${res.setCookies}`);
  return { cookie: `plaza_session=${session.value}`, value: session.value, maxAge: session.attributes['max-age'] };
}

async function apiLogin(base, user, password = user.password) {
  const res = await request(base, 'POST', '/api/v1/auth/login', {
    body: { handle: user.handle, password },
    headers: { 'user-agent': 'curl/8.5.0' },
  });
  expectStatus(res, 200, 'API log-in');
  return res.json.token;
}

/// GET /settings with a session: the page and its csrf field.
async function settingsPage(base, cookie, headers = {}) {
  const res = expectStatus(await request(base, 'GET', '/settings', { headers: { cookie, ...headers } }), 200);
  return { res, csrf: csrfField(res.text) };
}

function htmlLang(html) {
  return /<html[^>]*\blang="([^"]+)"/.exec(html)?.[1];
}

function sha256Hex(text) {
  return createHash('sha256').update(text).digest('hex');
}

function defineSettingsSuite(backend, storage) {
  describe(`settings on ${backend}`, () => {
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
    const api = (method, path, opts) => request(base(), method, path, opts);

    test('a browser cookie is no API token and an API token is no session cookie', async () => {
      const u = await registerUser(base());
      const browser = await browserLogin(base(), u);
      // Finding 6: the cookie's value worked as a bearer token.
      expectError(await api('GET', '/api/v1/me', { token: browser.value }), 401, 'unauthenticated');
      expectError(
        await api('POST', '/api/v1/posts', { token: browser.value, body: { title: 'x', body: 'y' } }),
        401,
        'unauthenticated',
      );
      const asCookie = await api('GET', '/settings', { headers: { cookie: `plaza_session=${u.token}` } });
      expectStatus(asCookie, 303, 'an API token in the cookie is not signed in');
      assert.match(asCookie.headers.get('location') ?? '', /^\/login\?next=/);
      // Each still works as its own kind.
      expectStatus(await api('GET', '/api/v1/me', { token: u.token }), 200);
      await settingsPage(base(), browser.cookie);
    });

    test('the session cookie lives 12 hours, not 30 days', async () => {
      const u = await registerUser(base());
      const browser = await browserLogin(base(), u);
      assert.equal(browser.maxAge, String(12 * 3600));
    });

    test('GET /settings without a session goes to the log-in page; the header links it when signed in', async () => {
      const res = expectStatus(await api('GET', '/settings'), 303);
      assert.equal(res.headers.get('location'), '/login?next=%2Fsettings');
      const u = await registerUser(base());
      const browser = await browserLogin(base(), u);
      const home = expectStatus(await api('GET', '/', { headers: { cookie: browser.cookie } }), 200);
      assert.match(home.text, /data-testid="nav-settings" href="\/settings"/);
      const anonymous = expectStatus(await api('GET', '/'), 200);
      assert.doesNotMatch(anonymous.text, /nav-settings/);
    });

    test('GET and PATCH /api/v1/me: display name, bio and locale, with the text caps', async () => {
      const u = await registerUser(base());
      const me = expectStatus(await api('GET', '/api/v1/me', { token: u.token }), 200);
      assert.equal(me.json.user.handle, u.handle);
      assert.equal(me.json.user.locale, '');
      const patched = expectStatus(
        await api('PATCH', '/api/v1/me', {
          token: u.token,
          body: { display_name: 'Zoé', bio: 'Reads $BTC charts.', locale: 'pt-BR' },
        }),
        200,
      );
      assert.equal(patched.json.user.display_name, 'Zoé');
      assert.equal(patched.json.user.bio, 'Reads $BTC charts.');
      assert.equal(patched.json.user.locale, 'pt-BR');
      expectError(await api('PATCH', '/api/v1/me', { token: u.token, body: { locale: 'xx' } }), 400, 'invalid_argument', { field: 'locale' });
      expectError(
        await api('PATCH', '/api/v1/me', { token: u.token, body: { bio: 'b'.repeat(161) } }),
        422,
        'limit_exceeded',
        { field: 'bio', limit: 160 },
      );
      expectError(
        await api('PATCH', '/api/v1/me', { token: u.token, body: { bio: 'Z' + '\u0301'.repeat(40) } }),
        422,
        'limit_exceeded',
        { field: 'bio' },
      );
      expectError(await api('PATCH', '/api/v1/me', { token: u.token, body: { display_name: '\u200b' } }), 400, 'invalid_argument', { field: 'display_name' });
      expectError(await api('PATCH', '/api/v1/me', { token: u.token, body: { handle: 'new' } }), 400, 'invalid_argument');
      const after = expectStatus(await api('GET', '/api/v1/me', { token: u.token }), 200);
      assert.equal(after.json.user.display_name, 'Zoé', 'refused changes change nothing');
      assert.equal(after.json.user.locale, 'pt-BR');
    });

    test('locale order: ?lang=, then the reader’s setting, then the cookie, then Accept-Language; cached pages never cross', async () => {
      const u = await registerUser(base());
      const browser = await browserLogin(base(), u);
      const es = { 'accept-language': 'es' };
      // Anonymous, Spanish: this fills the page cache for the home page in Spanish.
      assert.equal(htmlLang(expectStatus(await api('GET', '/', { headers: es }), 200).text), 'es');
      expectStatus(await api('PATCH', '/api/v1/me', { token: u.token, body: { locale: 'fr' } }), 200);
      const signedIn = { cookie: `${browser.cookie}; plaza_locale=es`, ...es };
      assert.equal(htmlLang(expectStatus(await api('GET', '/', { headers: signedIn }), 200).text), 'fr', 'setting over cookie and Accept-Language');
      const settings = await settingsPage(base(), `${browser.cookie}; plaza_locale=es`, es);
      assert.equal(htmlLang(settings.res.text), 'fr');
      assert.match(settings.res.text, /Paramètres/);
      assert.equal(htmlLang(expectStatus(await api('GET', '/?lang=ja', { headers: signedIn }), 200).text), 'ja', '?lang= over the setting');
      // The anonymous Spanish page is still Spanish, and an anonymous English reader gets English.
      assert.equal(htmlLang(expectStatus(await api('GET', '/', { headers: es }), 200).text), 'es');
      assert.equal(htmlLang(expectStatus(await api('GET', '/', { headers: { 'accept-language': 'en' } }), 200).text), 'en');
      // "Automatic" hands the choice back to the cookie.
      expectStatus(await api('PATCH', '/api/v1/me', { token: u.token, body: { locale: '' } }), 200);
      assert.equal(htmlLang(expectStatus(await api('GET', '/', { headers: signedIn }), 200).text), 'es');
    });

    test('GET /api/v1/me/sessions lists public ids, the current one first, never a token hash', async () => {
      const u = await registerUser(base());
      const browser = await browserLogin(base(), u);
      const second = await apiLogin(base(), u);
      const res = expectStatus(await api('GET', '/api/v1/me/sessions', { token: second }), 200);
      const items = res.json.items;
      assert.equal(items.length, 3, describeResponse(res));
      assert.equal(items[0].current, true);
      assert.equal(items[0].kind, 'api_token');
      assert.equal(items[0].device, 'curl');
      assert.equal(items.filter((i) => i.current).length, 1);
      assert.ok(items.some((i) => i.kind === 'browser' && i.device === 'Firefox on Linux'));
      for (const secret of [u.token, second, browser.value]) {
        assert.ok(!res.text.includes(secret), 'no token');
        assert.ok(!res.text.includes(sha256Hex(secret)), 'no token hash');
        assert.ok(!res.text.includes(sha256Hex(secret).slice(0, 16)), 'no part of a token hash');
      }
      const page = await settingsPage(base(), browser.cookie);
      for (const secret of [u.token, second, browser.value]) assert.ok(!page.res.text.includes(sha256Hex(secret)));
      assert.equal((page.res.text.match(/data-testid="session"/g) ?? []).length, 3);
      assert.match(page.res.text, /data-testid="session-current"/);
    });

    test('DELETE /api/v1/me/sessions/{id} ends that session only; another member’s id is 404', async () => {
      const u = await registerUser(base());
      const other = await registerUser(base());
      const browser = await browserLogin(base(), u);
      const list = expectStatus(await api('GET', '/api/v1/me/sessions', { token: u.token }), 200).json.items;
      const target = list.find((i) => i.kind === 'browser');
      expectError(await api('DELETE', `/api/v1/me/sessions/${target.id}`, { token: other.token }), 404, 'not_found');
      expectStatus(await api('GET', '/settings', { headers: { cookie: browser.cookie } }), 200);
      expectStatus(await api('DELETE', `/api/v1/me/sessions/${target.id}`, { token: u.token }), 204);
      expectStatus(await api('GET', '/settings', { headers: { cookie: browser.cookie } }), 303);
      expectStatus(await api('GET', '/api/v1/me', { token: u.token }), 200);
      expectError(await api('DELETE', `/api/v1/me/sessions/${target.id}`, { token: u.token }), 404, 'not_found');
    });

    test('the revoke form ends another session; "log out everywhere else" ends all but this one', async () => {
      const u = await registerUser(base());
      const here = await browserLogin(base(), u);
      const phone = await browserLogin(base(), u, u.password, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile/15E148 Safari/604.1');
      const laptop = await browserLogin(base(), u);
      const { res, csrf } = await settingsPage(base(), here.cookie);
      const phoneId = /data-session-id="([^"]+)"[^>]*>\s*<div class="session-what">\s*<span class="session-device">Safari on iOS/.exec(res.text)?.[1];
      assert.ok(phoneId, 'the phone is listed');
      const revoked = await api('POST', `/settings/sessions/${phoneId}/revoke`, {
        headers: { ...FORM, cookie: here.cookie },
        body: form({ csrf }),
      });
      expectStatus(revoked, 303);
      assert.equal(revoked.headers.get('location'), '/settings?done=revoked');
      expectStatus(await api('GET', '/settings', { headers: { cookie: phone.cookie } }), 303);
      expectStatus(await api('GET', '/settings', { headers: { cookie: laptop.cookie } }), 200);

      const everywhere = await api('POST', '/settings/sessions/revoke-others', {
        headers: { ...FORM, cookie: here.cookie },
        body: form({ csrf }),
      });
      expectStatus(everywhere, 303);
      expectStatus(await api('GET', '/settings', { headers: { cookie: laptop.cookie } }), 303);
      expectError(await api('GET', '/api/v1/me', { token: u.token }), 401, 'unauthenticated');
      assert.equal(everywhere.headers.get('location'), '/settings?done=others');
      const after = expectStatus(await api('GET', '/settings?done=others', { headers: { cookie: here.cookie } }), 200);
      assert.equal((after.text.match(/data-testid="session"/g) ?? []).length, 1);
      assert.match(after.text, /data-testid="settings-notice"[^>]*>Every other session and API token was revoked\./);
    });

    test('settings forms need the session’s CSRF token', async () => {
      const u = await registerUser(base());
      const here = await browserLogin(base(), u);
      const other = await browserLogin(base(), u);
      for (const [path, fields] of [
        ['/settings/profile', { display_name: 'Hijacked' }],
        ['/settings/sessions/revoke-others', {}],
        ['/settings/password', { current_password: u.password, new_password: NEW_PASSWORD }],
      ]) {
        for (const csrf of [undefined, 'x', 'A'.repeat(43)]) {
          const body = csrf === undefined ? fields : { ...fields, csrf };
          expectStatus(await api('POST', path, { headers: { ...FORM, cookie: here.cookie }, body: form(body) }), 403, `${path} csrf=${csrf}`);
        }
      }
      expectStatus(await api('GET', '/settings', { headers: { cookie: other.cookie } }), 200);
      assert.notEqual(expectStatus(await api('GET', '/api/v1/me', { token: u.token }), 200).json.user.display_name, 'Hijacked');
    });

    test('password change needs the current password and ends every other session', async () => {
      const u = await registerUser(base());
      const here = await browserLogin(base(), u);
      const other = await browserLogin(base(), u);
      const { csrf } = await settingsPage(base(), here.cookie);
      const wrong = await api('POST', '/settings/password', {
        headers: { ...FORM, cookie: here.cookie },
        body: form({ csrf, current_password: 'not the password at all', new_password: NEW_PASSWORD }),
      });
      expectStatus(wrong, 403);
      assert.match(wrong.text, /data-testid="password-error"/);
      const common = await api('POST', '/settings/password', {
        headers: { ...FORM, cookie: here.cookie },
        body: form({ csrf, current_password: u.password, new_password: 'password1234' }),
      });
      expectStatus(common, 400);
      assert.match(common.text, /data-testid="password-error"/);
      expectStatus(await api('GET', '/settings', { headers: { cookie: other.cookie } }), 200, 'nothing ended yet');

      const changed = await api('POST', '/settings/password', {
        headers: { ...FORM, cookie: here.cookie },
        body: form({ csrf, current_password: u.password, new_password: NEW_PASSWORD }),
      });
      expectStatus(changed, 303);
      expectStatus(await api('GET', '/settings', { headers: { cookie: here.cookie } }), 200, 'this session stays');
      expectStatus(await api('GET', '/settings', { headers: { cookie: other.cookie } }), 303, 'the other ends');
      expectError(await api('GET', '/api/v1/me', { token: u.token }), 401, 'unauthenticated');
      expectError(await api('POST', '/api/v1/auth/login', { body: { handle: u.handle, password: u.password } }), 401, 'unauthenticated');

      // The API's own change answers how many it ended.
      const token = await apiLogin(base(), u, NEW_PASSWORD);
      await apiLogin(base(), u, NEW_PASSWORD);
      const res = expectStatus(
        await api('POST', '/api/v1/me/password', { token, body: { current_password: NEW_PASSWORD, new_password: 'yet another long phrase' } }),
        200,
      );
      assert.equal(res.json.revoked, 2);
      expectStatus(await api('GET', '/api/v1/me', { token }), 200);
      expectError(
        await api('POST', '/api/v1/me/password', { token, body: { current_password: 'wrong wrong wrong', new_password: 'yet another long phrase 2' } }),
        403,
        'forbidden',
        { field: 'current_password' },
      );
      const others = expectStatus(await api('DELETE', '/api/v1/me/sessions', { token }), 200);
      assert.equal(others.json.revoked, 0);
    });
  });
}

await forEachBackend(defineSettingsSuite);
