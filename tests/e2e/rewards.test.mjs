// A reader rewards a post and a comment in headless Chromium: the reward dialog shows the
// balance, a preset fills the amount, the first press asks for confirmation, the second sends;
// the count in the action bar and the balance change live (also on the wallet page, through
// wallet.balance); a tip larger than the balance is refused. Without script the same is done
// through the reward form and its one-time token.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  PASSWORD,
  createPost,
  expectText,
  registerUser,
  request,
  useBrowser,
  useServer,
  watchPage,
} from './harness.mjs';

async function logIn(page, user) {
  await page.goto('/login');
  const form = page.getByTestId('login-form');
  await form.locator('input[name="handle"]').fill(user.handle);
  await form.locator('input[name="password"]').fill(PASSWORD);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    form.locator('button[type="submit"]').click(),
  ]);
}

async function createComment(base, token, postId, body) {
  const res = await request(base, 'POST', `/api/v1/posts/${postId}/comments`, { token, body: { body } });
  assert.equal(res.status, 201, res.text);
  return res.json.comment;
}

describe('a reader rewards a post in the browser', { timeout: 120_000 }, () => {
  const s = useServer({ env: GENEROUS_LIMITS });
  const b = useBrowser();
  let context;
  let page;
  let watch;
  let post;
  let reader;
  let author;
  let comment;

  before(async () => {
    author = await registerUser(s.server.url);
    reader = await registerUser(s.server.url);
    post = await createPost(s.server.url, author.token, { title: 'Tip me, $BTC notes' });
    comment = await createComment(s.server.url, author.token, post.id, 'A comment worth a tip');
    context = await b.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: s.server.url });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page);
    await logIn(page, reader);
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

  test('tip a comment through the dialog; the wallet page follows the balance live', async () => {
    // The wallet is open in a second window (a context of its own: each open page holds event
    // streams, and one context has few connections per host).
    const other = await b.browser.newContext({ baseURL: s.server.url });
    const wallet = await other.newPage();
    await logIn(wallet, reader);
    await wallet.goto('/wallet');
    await expectText(wallet.getByTestId('wallet-amount'), '95.00 PTS');
    await page.goto(`/p/${post.id}`);
    const item = page.locator(`[data-comment-id="${comment.id}"]`);
    await expectText(item.getByTestId('comment-tip-count'), '0');
    await item.getByTestId('comment-reward').click();
    await page.getByTestId('reward-dialog').waitFor({ state: 'visible' });
    await expectText(page.getByTestId('reward-balance'), 'Your balance: 95.00 PTS');
    await page.getByTestId('reward-amount').fill('2.50');
    await page.getByTestId('reward-send').click();
    await expectText(page.getByTestId('reward-send'), 'Confirm: send 2.50 PTS');
    await page.getByTestId('reward-send').click();
    await expectText(page.getByTestId('reward-status'), 'Reward sent. Thank you!');
    await expectText(page.getByTestId('reward-balance'), 'Your balance: 92.50 PTS');
    // The comment's own count follows comment.counts; a comment tip leaves the post's alone.
    await expectText(item.getByTestId('comment-tip-count'), '1');
    await expectText(page.getByTestId('action-reward-count'), '1');
    // The open wallet page hears wallet.balance on the private topic.
    await expectText(wallet.getByTestId('wallet-amount'), '92.50 PTS');
    await wallet.reload();
    await expectText(wallet.getByTestId('wallet-entry-amount').first(), '−2.50 PTS');
    await other.close();
    const tips = await request(s.server.url, 'GET', `/api/v1/wallet`, { token: author.token });
    assert.equal(tips.json.wallet.balances[0].amount, '107.50');
  });

  test("a comment's tip count is on the page as served and follows API tips live", async () => {
    // Another reader tips the comment through the API while the page is open.
    const other = await registerUser(s.server.url);
    const tipped = await request(s.server.url, 'POST', `/api/v1/comments/${comment.id}/tips`, {
      token: other.token,
      headers: { 'Idempotency-Key': `comment-count-${other.handle}` },
      body: { asset: 'PTS', amount: '1.00' },
    });
    assert.equal(tipped.status, 201, tipped.text);
    const item = page.locator(`[data-comment-id="${comment.id}"]`);
    await expectText(item.getByTestId('comment-tip-count'), '2');
    // Served with the page, to a reader without script or session too (the author's view: the
    // count on a disabled button that says why).
    const html = await request(s.server.url, 'GET', `/p/${post.id}`, { redirect: 'follow' });
    assert.equal(html.status, 200);
    const served = html.text.match(
      new RegExp(`id="c-${comment.id}"[\\s\\S]*?data-testid="comment-tip-count">([^<]*)<`),
    );
    assert.ok(served, 'the comment carries its tip count');
    assert.equal(served[1], '2');
    // And in the API's comment list.
    const listed = await request(s.server.url, 'GET', `/api/v1/posts/${post.id}/comments`);
    assert.equal(listed.json.items.find((c) => c.id === comment.id).counts.tips, 2);
    const mine = await b.browser.newContext({ baseURL: s.server.url });
    const authorPage = await mine.newPage();
    await logIn(authorPage, author);
    await authorPage.goto(`/p/${post.id}`);
    const own = authorPage.locator(`[data-comment-id="${comment.id}"]`).getByTestId('comment-reward');
    await expectText(own.getByTestId('comment-tip-count'), '2');
    assert.equal(await own.isDisabled(), true);
    assert.equal(await own.getAttribute('title'), 'You cannot reward your own comment.');
    await mine.close();
  });
});

describe('a reader rewards without script through the reward form', { timeout: 120_000 }, () => {
  const s = useServer({ env: GENEROUS_LIMITS });
  const b = useBrowser();
  let context;
  let page;
  let post;
  let author;
  let reader;
  let comment;

  before(async () => {
    author = await registerUser(s.server.url);
    reader = await registerUser(s.server.url);
    post = await createPost(s.server.url, author.token, { title: 'No script, still a tip' });
    comment = await createComment(s.server.url, author.token, post.id, 'Tip this comment too');
    context = await b.browser.newContext({
      viewport: { width: 1280, height: 900 },
      baseURL: s.server.url,
      javaScriptEnabled: false,
    });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await logIn(page, reader);
  });
  after(async () => {
    if (context) await context.close();
  });

  test('the action bar leads to the form; a preset tip is sent once and shown', async () => {
    await page.goto(`/p/${post.id}`);
    await Promise.all([page.waitForURL(/\/reward$/), page.getByTestId('action-reward').click()]);
    await expectText(page.getByTestId('reward-page-balance'), 'Your balance: 100.00 PTS');
    await expectText(page.getByTestId('reward-count'), 'No rewards yet');
    await page.getByTestId('reward-page-preset').filter({ hasText: '5.00 PTS' }).click();
    // Without the confirmation box the browser does not send the form (it is required).
    await page.getByTestId('reward-page-confirm').check();
    const form = page.getByTestId('reward-page-form');
    const token = await form.locator('input[name="token"]').inputValue();
    const csrf = await form.locator('input[name="csrf"]').inputValue();
    await Promise.all([page.waitForURL(/done=sent/), page.getByTestId('reward-page-send').click()]);
    await expectText(page.getByTestId('reward-notice'), 'Reward sent. Thank you!');
    await expectText(page.getByTestId('reward-page-balance'), 'Your balance: 95.00 PTS');
    await expectText(page.getByTestId('reward-count'), '1 reward');
    await expectText(page.getByTestId('reward-page-tippers'), `Rewarded by @${reader.handle}`);
    // The same form sent again (a double submit) replays the first tip: nothing moves.
    const again = await page.request.post(`/p/${post.id}/reward`, {
      form: { csrf, token, asset: 'PTS', preset: '5.00', confirm: '1' },
      maxRedirects: 0,
    });
    assert.equal(again.status(), 303);
    assert.match(again.headers().location, /done=sent/);
    await page.goto(`/p/${post.id}`);
    await expectText(page.getByTestId('action-reward-count'), '1');
    await page.goto('/wallet');
    await expectText(page.getByTestId('wallet-amount'), '95.00 PTS');
  });

  test('refusals come back with a clear message: bad amount, short balance, own post', async () => {
    await page.goto(`/c/${comment.id}/reward`);
    await page.getByTestId('reward-page-amount').fill('1,5');
    await page.getByTestId('reward-page-confirm').check();
    await Promise.all([page.waitForURL(/error=amount/), page.getByTestId('reward-page-send').click()]);
    await expectText(
      page.getByTestId('reward-error'),
      'Enter an amount greater than zero, such as 5 or 2.50, with no more decimals than the asset has.',
    );
    await page.getByTestId('reward-page-amount').fill('1000');
    await page.getByTestId('reward-page-confirm').check();
    await Promise.all([page.waitForURL(/error=short/), page.getByTestId('reward-page-send').click()]);
    await expectText(page.getByTestId('reward-error'), 'Your balance is too low for this amount.');
    await page.getByTestId('reward-page-amount').fill('1.25');
    await page.getByTestId('reward-page-confirm').check();
    await Promise.all([page.waitForURL(/done=sent/), page.getByTestId('reward-page-send').click()]);
    await expectText(page.getByTestId('reward-page-balance'), 'Your balance: 93.75 PTS');
    await page.getByTestId('reward-back').click();
    await page.waitForURL(new RegExp(`#c-${comment.id}$`));
    // The author cannot reward their own post: the form says so.
    const own = await b.browser.newContext({ baseURL: s.server.url, javaScriptEnabled: false });
    const mine = await own.newPage();
    await logIn(mine, author);
    await mine.goto(`/p/${post.id}/reward`);
    await expectText(mine.getByTestId('reward-error'), 'You cannot reward your own post or comment.');
    await own.close();
  });
});
