// A reader rewards a post in headless Chromium: the reward dialog shows the balance, a preset
// fills the amount, the first press asks for confirmation, the second sends; the count in the
// action bar and the balance change live; a tip larger than the balance is refused.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  PASSWORD,
  createPost,
  expectText,
  registerUser,
  useBrowser,
  useServer,
  watchPage,
} from './harness.mjs';

describe('a reader rewards a post in the browser', { timeout: 120_000 }, () => {
  const s = useServer({ env: GENEROUS_LIMITS });
  const b = useBrowser();
  let context;
  let page;
  let watch;
  let post;
  let reader;

  before(async () => {
    const author = await registerUser(s.server.url);
    reader = await registerUser(s.server.url);
    post = await createPost(s.server.url, author.token, { title: 'Tip me, $BTC notes' });
    context = await b.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: s.server.url });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page);
    await page.goto('/login');
    const form = page.getByTestId('login-form');
    await form.locator('input[name="handle"]').fill(reader.handle);
    await form.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/login')),
      form.locator('button[type="submit"]').click(),
    ]);
  });
  after(async () => {
    if (context) await context.close();
  });

  test('tip with a preset after a confirmation: count and balance change', async () => {
    await page.goto(`/p/${post.id}`);
    await expectText(page.getByTestId('action-reward-count'), '0');
    await page.getByTestId('action-reward').click();
    const dialog = page.getByTestId('reward-dialog');
    await dialog.waitFor({ state: 'visible' });
    await expectText(page.getByTestId('reward-balance'), 'Your balance: 100.00 PTS');
    await page.getByTestId('reward-preset').filter({ hasText: '5.00 PTS' }).click();
    await page.getByTestId('reward-send').click();
    await expectText(page.getByTestId('reward-send'), 'Confirm: send 5.00 PTS');
    await page.getByTestId('reward-send').click();
    await expectText(page.getByTestId('reward-status'), 'Reward sent. Thank you!');
    await expectText(page.getByTestId('reward-balance'), 'Your balance: 95.00 PTS');
    // The count arrives through post.counts on the event stream.
    await expectText(page.getByTestId('action-reward-count'), '1');
    await expectText(page.getByTestId('reward-tippers'), `Rewarded by @${reader.handle}`);
    assert.deepEqual(await watch.problems(), []);
  });

  test('a tip larger than the balance is refused and moves nothing', async () => {
    await page.getByTestId('reward-amount').fill('1000');
    await page.getByTestId('reward-send').click();
    await page.getByTestId('reward-send').click();
    await expectText(page.getByTestId('reward-status'), 'Your balance is too low for this amount.');
    await expectText(page.getByTestId('reward-balance'), 'Your balance: 95.00 PTS');
    await expectText(page.getByTestId('action-reward-count'), '1');
    // The refusal is a 409 answer, which Chromium also logs as a failed load.
    const problems = (await watch.problems()).filter((p) => !/409 for fetch|status of 409/.test(p));
    assert.deepEqual(problems, []);
  });
});
