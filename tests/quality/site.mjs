// The pages the quality checks look at, on a demo server (`plaza serve --demo`): every page kind,
// anonymous and signed in, found by following the demo site's own links.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { GENEROUS_LIMITS, PASSWORD, expectStatus, request, sourceDir, uniqueHandle } from '../e2e/harness.mjs';

export const DEMO_SERVER = { demo: true, env: GENEROUS_LIMITS };

/// Where the npm packages are (tests/e2e/node_modules, installed by `npm ci --ignore-scripts`).
export function nodeModules() {
  return join(sourceDir(), 'tests/e2e/node_modules');
}

/// Imports an npm package from tests/e2e/node_modules (this folder has none of its own).
export async function importPackage(name) {
  let file;
  try {
    file = createRequire(join(sourceDir(), 'tests/e2e/package.json')).resolve(name);
  } catch (err) {
    throw new Error(`${name} is not installed: run \`npm ci --ignore-scripts\` in tests/e2e (${err.message})`);
  }
  return import(pathToFileURL(file).href);
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

function cookieValue(setCookies, name) {
  for (const header of setCookies) {
    const pair = header.split(';')[0].trim();
    if (pair.startsWith(`${name}=`)) return pair;
  }
  return null;
}

function csrfField(html) {
  const m = /<input[^>]*name="csrf"[^>]*value="([^"]*)"/.exec(html);
  assert.ok(m, 'the form has a csrf field');
  return m[1];
}

/// Registers through the web form; resolves with {handle, cookie} (the session cookie).
export async function signUp(base) {
  const formPage = expectStatus(await request(base, 'GET', '/register'), 200);
  const csrf = cookieValue(formPage.setCookies, 'plaza_csrf');
  assert.ok(csrf, 'GET /register sets the csrf cookie');
  const handle = uniqueHandle('q');
  const res = expectStatus(
    await request(base, 'POST', '/register', {
      headers: { ...FORM, cookie: csrf },
      body: new URLSearchParams({
        handle,
        display_name: 'Quality Check',
        password: PASSWORD,
        csrf: csrfField(formPage.text),
      }).toString(),
    }),
    303,
    'registering through the form',
  );
  const session = cookieValue(res.setCookies, 'plaza_session');
  assert.ok(session, 'registering sets the session cookie');
  return { handle, cookie: session };
}

/// The pages to check: [{name, path, status, cookie?}]. `name` is a short label (file names,
/// messages); `cookie` signs the request in.
export async function sitePages(base) {
  const home = expectStatus(await request(base, 'GET', '/'), 200);
  const postPath = /href="(\/p\/\d+-[a-z0-9-]+)"/.exec(home.text)?.[1];
  assert.ok(postPath, 'the demo home page links to a post');
  const post = expectStatus(await request(base, 'GET', postPath), 200);
  const profilePath = /href="(\/u\/[a-z0-9_]+)"/.exec(post.text)?.[1];
  assert.ok(profilePath, 'the post page links to its author');
  const user = await signUp(base);
  const signedIn = user.cookie;
  return [
    { name: 'home', path: '/', status: 200 },
    { name: 'home-ar', path: '/?lang=ar', status: 200 },
    { name: 'post', path: postPath, status: 200 },
    { name: 'profile', path: profilePath, status: 200 },
    { name: 'token', path: '/t/TRUMP', status: 200 },
    { name: 'token-fr', path: '/t/TRUMP?lang=fr', status: 200 },
    { name: 'token-unknown', path: '/t/NOSUCHCOIN', status: 404 },
    { name: 'login', path: '/login', status: 200 },
    { name: 'register', path: '/register', status: 200 },
    { name: 'not-found', path: '/no/such/page', status: 404 },
    { name: 'home-signed-in', path: '/', status: 200, cookie: signedIn },
    { name: 'post-signed-in', path: postPath, status: 200, cookie: signedIn },
    { name: 'compose', path: '/compose', status: 200, cookie: signedIn },
    { name: 'own-profile', path: `/u/${user.handle}`, status: 200, cookie: signedIn },
    { name: 'settings', path: '/settings', status: 200, cookie: signedIn },
    { name: 'wallet', path: '/wallet', status: 200, cookie: signedIn },
    {
      name: 'reward-form',
      path: `/p/${/^\/p\/(\d+)/.exec(postPath)[1]}/reward`,
      status: 200,
      cookie: signedIn,
    },
  ];
}
