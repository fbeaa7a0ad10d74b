// The settings page in headless Chromium: a member changes their display name and interface
// language, sees their sessions, and revokes the one on another device.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { GENEROUS_LIMITS, PASSWORD, expectText, uniqueHandle, useBrowser, useServer, watchPage } from './harness.mjs';

async function logIn(page, handle) {
  await page.goto('/login');
  const form = page.getByTestId('login-form');
  await form.locator('input[name="handle"]').fill(handle);
  await form.locator('input[name="password"]').fill(PASSWORD);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), form.locator('button[type="submit"]').click()]);
}

describe('a member uses the settings page', { timeout: 120_000 }, () => {
  const s = useServer({ env: GENEROUS_LIMITS });
  const b = useBrowser();
  const handle = uniqueHandle('st');
  let laptop;
  let phone;
  let page;
  let phonePage;
  let watch;

  before(async () => {
    laptop = await b.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: s.server.url, locale: 'en-US' });
    phone = await b.browser.newContext({
      viewport: { width: 390, height: 844 },
      baseURL: s.server.url,
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    });
    page = await laptop.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page);
    phonePage = await phone.newPage();
    phonePage.setDefaultTimeout(10_000);
    await page.goto('/register');
    const form = page.getByTestId('register-form');
    await form.locator('input[name="handle"]').fill(handle);
    await form.locator('input[name="display_name"]').fill('Settings Sam');
    await form.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([page.waitForURL(`**/u/${handle}`), form.locator('button[type="submit"]').click()]);
    await logIn(phonePage, handle);
  });
  after(async () => {
    if (laptop) await laptop.close();
    if (phone) await phone.close();
  });

  test('the header links the settings page', async () => {
    await Promise.all([page.waitForURL('**/settings'), page.getByTestId('nav-settings').click()]);
    assert.equal(await page.locator('h1').textContent(), 'Settings');
  });

  test('change the display name and the interface language', async () => {
    const form = page.getByTestId('settings-profile');
    await form.locator('input[name="display_name"]').fill('Samuel Réglages');
    await form.locator('select[name="locale"]').selectOption('fr');
    await Promise.all([page.waitForURL('**/settings?done=profile'), form.locator('button[type="submit"]').click()]);
    assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
    await expectText(page.locator('h1'), 'Paramètres');
    await expectText(page.getByTestId('settings-notice'), 'Paramètres enregistrés.');
    assert.equal(await page.getByTestId('settings-profile').locator('input[name="display_name"]').inputValue(), 'Samuel Réglages');
    // The setting follows the member to their other device.
    await phonePage.goto('/');
    assert.equal(await phonePage.locator('html').getAttribute('lang'), 'fr');
    await page.goto(`/u/${handle}`);
    await expectText(page.locator('h1'), 'Samuel Réglages');
  });

  test('revoke the session on the other device', async () => {
    await page.goto('/settings');
    const sessions = page.getByTestId('session');
    assert.equal(await sessions.count(), 2);
    await expectText(sessions.first().getByTestId('session-current'), 'Cette session');
    const other = sessions.filter({ hasText: 'Safari on iOS' });
    assert.equal(await other.count(), 1, 'the phone is listed by its browser and system');
    await Promise.all([page.waitForURL('**/settings?done=revoked'), other.getByTestId('session-revoke').click()]);
    assert.equal(await page.getByTestId('session').count(), 1);
    await phonePage.goto('/settings');
    assert.match(new URL(phonePage.url()).pathname, /^\/login/, 'the phone is signed out');
    assert.deepEqual(await watch.problems(), []);
  });
});
