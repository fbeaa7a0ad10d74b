// Helpers for driving HTML forms over plain HTTP (forms.test.mjs, settings.test.mjs).

import assert from 'node:assert/strict';

import { expectStatus, request } from '../e2e/harness.mjs';

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function form(fields) {
  return new URLSearchParams(fields).toString();
}

/// name → {value, attributes (lower-cased names)} for each Set-Cookie header.
export function parseSetCookies(setCookies) {
  const out = {};
  for (const header of setCookies) {
    const [pair, ...attrs] = header.split(';').map((p) => p.trim());
    const eq = pair.indexOf('=');
    const attributes = {};
    for (const a of attrs) {
      const i = a.indexOf('=');
      if (i < 0) attributes[a.toLowerCase()] = true;
      else attributes[a.slice(0, i).toLowerCase()] = a.slice(i + 1);
    }
    out[pair.slice(0, eq)] = { value: pair.slice(eq + 1), attributes, header };
  }
  return out;
}

/// The value of <input name="csrf" value="..."> in a page.
export function csrfField(html) {
  const m =
    /<input[^>]*name="csrf"[^>]*value="([^"]*)"/.exec(html) ??
    /<input[^>]*value="([^"]*)"[^>]*name="csrf"/.exec(html);
  return m ? m[1] : null;
}

/// GET a form page anonymously: its csrf cookie and field.
export async function anonymousForm(base, path) {
  const res = expectStatus(await request(base, 'GET', path), 200, `GET ${path}`);
  const cookies = parseSetCookies(res.setCookies);
  const cookie = cookies.plaza_csrf;
  assert.ok(cookie && cookie.value, `GET ${path} sets a plaza_csrf cookie: ${res.setCookies}`);
  assert.ok(cookie.attributes.httponly, `the csrf cookie is HttpOnly: ${cookie.header}`);
  const field = csrfField(res.text);
  assert.ok(field, `GET ${path} has a csrf field`);
  return { cookie: `plaza_csrf=${cookie.value}`, field };
}
