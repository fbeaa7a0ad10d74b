// Token chips in real Chromium (docs/markets.md): the demo's reference post shows its TRUMP chip
// with a French-formatted signed percent that changes as the demo feed ticks; a chip whose feed
// stops answering turns stale.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  PASSWORD,
  expectStatus,
  request,
  uniqueHandle,
  useBrowser,
  useServer,
  watchPage,
} from './harness.mjs';

// A signed percent as ICU writes it in French: "+0,92 %" (a no-break space before %), or 0 unsigned.
const FRENCH_PERCENT = /^(?:[+\-\u2212]\d+,\d{2}|0,00)[\u00a0\u202f]%$/;

async function findMuskPost(browser, url) {
  const context = await browser.newContext({ baseURL: url });
  const page = await context.newPage();
  await page.goto('/');
  const href = await page.getByTestId('post-card-title').filter({ hasText: 'Musk' }).getAttribute('href');
  await context.close();
  return new URL(href, url).pathname;
}

async function openFrench(browser, url, path) {
  const context = await browser.newContext({ baseURL: url, locale: 'fr-FR' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await watchPage(page);
  const res = await page.goto(`${path}?lang=fr`);
  assert.equal(res.status(), 200);
  return { context, page };
}

describe('live token chips on the demo feed', { timeout: 90_000 }, () => {
  const s = useServer({
    demo: true,
    env: { ...GENEROUS_LIMITS, PLAZA_MARKETS_DEMO_TICK_MS: '250' },
  });
  const b = useBrowser();

  test('the reference post shows its TRUMP chip in French, and it moves with the feed', async () => {
    const path = await findMuskPost(b.browser, s.server.url);
    const { context, page } = await openFrench(b.browser, s.server.url, path);
    const change = page.locator('[data-testid="token-chip"][data-symbol="TRUMP"] [data-change]');
    await page.waitForFunction(
      (el) => el && el.textContent.length > 0,
      await change.elementHandle(),
    );
    const first = await change.textContent();
    assert.match(first, FRENCH_PERCENT, `French signed percent, got ${JSON.stringify(first)}`);
    // The demo feed ticks four times a second; the chip follows ticker.update (one a second).
    await page.waitForFunction(
      ([el, before]) => el.textContent !== before,
      [await change.elementHandle(), first],
      { timeout: 20_000 },
    );
    assert.match(await change.textContent(), FRENCH_PERCENT);
    const chip = page.locator('[data-testid="token-chip"][data-symbol="TRUMP"]');
    assert.equal(await chip.getAttribute('data-stale'), 'false');
    await context.close();
  });

  test('the server renders the chip with its value, the demo label and the change since the post', async () => {
    const path = await findMuskPost(b.browser, s.server.url);
    const res = expectStatus(await request(s.server.url, 'GET', `${path}?lang=fr`), 200);
    const chip = /<a class="chip[^"]*" data-testid="token-chip" data-symbol="TRUMP"[^>]*>.*?<\/a>/.exec(res.text);
    assert.ok(chip, 'the TRUMP chip is in the page');
    const change = /data-change>([^<]*)</.exec(chip[0])[1];
    assert.match(change, FRENCH_PERCENT, `French signed percent in the HTML, got ${JSON.stringify(change)}`);
    assert.match(chip[0], /data-stale="false"/);
    assert.match(res.text, /data-testid="demo-prices">prix de démonstration</);
    // The demo posts were published at the demo feed's prices: a change since the post.
    assert.match(res.text, /data-testid="chip-since">depuis la publication : [+\-\u2212]?\d+,\d{2}[\u00a0\u202f]%</);
    // The same in the post's JSON, prices as exact decimal strings.
    const id = /\/p\/(\d+)/.exec(path)[1];
    const api = expectStatus(await request(s.server.url, 'GET', `/api/v1/posts/${id}?lang=fr`), 200);
    const trump = api.json.post.chips.find((c) => c.symbol === 'TRUMP');
    assert.ok(trump, JSON.stringify(api.json.post.chips));
    assert.match(trump.last, /^\d+(\.\d+)?$/);
    assert.match(trump.change_since_post, /^-?\d+\.\d{2}$/);
    assert.match(trump.display.change, FRENCH_PERCENT);
  });

  test('the expanded view works without script', async () => {
    const path = await findMuskPost(b.browser, s.server.url);
    const context = await b.browser.newContext({ baseURL: s.server.url, locale: 'fr-FR', javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${path}?lang=fr`);
    const item = page.locator('li.chip-item').filter({ has: page.locator('[data-symbol="TRUMP"]') });
    const since = item.getByTestId('chip-since');
    assert.equal(await since.isVisible(), false);
    await item.locator('summary').click();
    await since.waitFor({ state: 'visible' });
    assert.match(await since.textContent(), /^depuis la publication : /);
    await context.close();
  });

  test('the token page shows its price, its charts and the posts that tag it', async () => {
    const context = await b.browser.newContext({ baseURL: s.server.url, locale: 'fr-FR' });
    const page = await context.newPage();
    await watchPage(page);
    const res = await page.goto('/t/trump?lang=fr');
    assert.equal(res.status(), 200);
    assert.match(page.url(), /\/t\/TRUMP\?lang=fr$/);
    await page.getByTestId('token-price').waitFor();
    assert.match(await page.getByTestId('token-price').textContent(), /^\d+,\d+$/);
    for (const id of ['chart-24h', 'chart-30d']) {
      const chart = page.locator(`svg#${id}`);
      assert.equal(await chart.getAttribute('role'), 'img');
      assert.match(await chart.locator('title').textContent(), /TRUMP.*\(UTC\)/);
      assert.match(await chart.locator('desc').textContent(), /^Plus bas /);
      assert.ok(Number(await chart.getAttribute('data-points')) >= 2, `${id} draws a line`);
      assert.equal(await chart.locator('path.chart-line').count(), 1);
      const box = await chart.boundingBox();
      assert.ok(box && box.width > 200, `${id} is visible`);
    }
    assert.equal(await page.locator('[style]').count(), 0, 'no inline style');
    await page.getByTestId('demo-prices').waitFor();
    assert.match(await page.getByTestId('token-trade').getAttribute('href'), /TRUMP_USDT/);
    assert.ok((await page.getByTestId('token-posts').locator('li').count()) >= 1);
    assert.equal((await page.goto('/t/NOSUCHCOIN')).status(), 404);
    await context.close();
  });
});

describe('tokens attached on the compose form, chips on the home feed', { timeout: 120_000 }, () => {
  const s = useServer({
    demo: true,
    env: { ...GENEROUS_LIMITS, PLAZA_MARKETS_DEMO_TICK_MS: '250' },
  });
  const b = useBrowser();

  async function register(page) {
    const handle = uniqueHandle('tok');
    await page.goto('/register');
    const form = page.getByTestId('register-form');
    await form.locator('input[name="handle"]').fill(handle);
    await form.locator('input[name="display_name"]').fill('Token Tester');
    await form.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([page.waitForURL(`**/u/${handle}`), form.locator('button[type="submit"]').click()]);
  }
  const tokenBox = (page, symbol) => page.getByTestId('compose-tokens').getByRole('checkbox', { name: new RegExp(`^${symbol}\\b`) });
  const chipSymbols = async (page) =>
    page.locator('[data-testid="token-chips"] [data-testid="token-chip"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-symbol')));

  for (const javaScriptEnabled of [true, false]) {
    test(`an author attaches and changes tokens ${javaScriptEnabled ? 'with' : 'without'} script`, async () => {
      const context = await b.browser.newContext({ baseURL: s.server.url, javaScriptEnabled });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      if (javaScriptEnabled) await watchPage(page);
      await register(page);
      await page.goto('/compose');
      await page.getByTestId('compose-title').fill('No cashtag in this title');
      await page.getByTestId('compose-body').fill('Tokens come from the picker, with $BTC named in the text.');
      // Too many: the form comes back with the error and the ticks kept.
      for (const symbol of ['ETH', 'SOL', 'DOGE', 'GT', 'XRP', 'USDT']) await tokenBox(page, symbol).check();
      await page.getByTestId('compose-submit').click();
      await page.getByTestId('form-error').waitFor();
      assert.match(await page.getByTestId('form-error').textContent(), /at most 5/);
      assert.equal(await tokenBox(page, 'USDT').isChecked(), true);
      for (const symbol of ['SOL', 'DOGE', 'XRP', 'USDT']) await tokenBox(page, symbol).uncheck();
      await Promise.all([page.waitForURL(/\/p\/\d+/), page.getByTestId('compose-submit').click()]);
      // Chips: the cashtag of the text, then the attached tokens it does not name.
      assert.deepEqual(await chipSymbols(page), ['BTC', 'ETH', 'GT']);
      const gt = page.locator('[data-testid="token-chip"][data-symbol="GT"]');
      assert.equal(await gt.getAttribute('href'), '/t/GT');
      assert.match(await gt.locator('[data-change]').textContent(), /^[+\-\u2212]?\d+\.\d{2}%$/);
      // The edit form shows them ticked; an edit of the body keeps them, unticking removes one.
      const postPath = new URL(page.url()).pathname;
      const id = /\/p\/(\d+)/.exec(postPath)[1];
      await page.goto(`/compose?edit=${id}`);
      assert.equal(await tokenBox(page, 'GT').isChecked(), true);
      assert.equal(await tokenBox(page, 'ETH').isChecked(), true);
      assert.equal(await tokenBox(page, 'SOL').isChecked(), false);
      await tokenBox(page, 'ETH').uncheck();
      await page.getByTestId('compose-body').fill('Only the picker now.');
      await Promise.all([page.waitForURL(/\/p\/\d+/), page.getByTestId('compose-submit').click()]);
      await page.waitForLoadState();
      assert.deepEqual(await chipSymbols(page), ['GT']);
      await context.close();
    });
  }

  test('home feed cards show chips with their values, as under a post', async () => {
    const context = await b.browser.newContext({ baseURL: s.server.url, locale: 'fr-FR' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await watchPage(page);
    assert.equal((await page.goto('/?lang=fr')).status(), 200);
    const card = page.getByTestId('post-card').filter({ has: page.getByTestId('post-card-title').filter({ hasText: 'Musk' }) });
    const chip = card.locator('[data-testid="token-chip"][data-symbol="TRUMP"]');
    assert.equal(await chip.getAttribute('href'), '/t/TRUMP');
    assert.match(await chip.locator('[data-change]').textContent(), FRENCH_PERCENT);
    assert.match((await chip.getAttribute('class')) ?? '', /\bis-(up|down)\b|^chip$/);
    assert.equal(await card.getByTestId('chip-details').count(), 0, 'cards leave out the expanded view');
    assert.equal(await page.getByTestId('demo-prices').count(), 1, 'the feed says "demo prices" once');
    // Live like the post page's: the value follows ticker.update.
    const first = await chip.locator('[data-change]').textContent();
    await page.waitForFunction(
      ([el, before]) => el.textContent !== before,
      [await chip.locator('[data-change]').elementHandle(), first],
      { timeout: 20_000 },
    );
    await context.close();
  });
});

describe('a chip whose feed stops', { timeout: 90_000 }, () => {
  let answering = true;
  let last = 10.87;
  const gate = createServer((req, res) => {
    if (!answering || req.url !== '/api/v4/spot/tickers') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"label":"SERVER_ERROR"}');
      return;
    }
    last += 0.01;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify([
        { currency_pair: 'TRUMP_USDT', last: last.toFixed(3), change_percentage: '0.92', base_volume: '1000' },
      ]),
    );
  });
  before(() => new Promise((done) => gate.listen(0, '127.0.0.1', done)));
  after(() => new Promise((done) => gate.close(done)));

  const s = useServer(() => ({
    demo: true,
    env: {
      ...GENEROUS_LIMITS,
      PLAZA_MARKETS_FEED: 'gate',
      PLAZA_MARKETS_GATE_URL: `http://127.0.0.1:${gate.address().port}`,
      PLAZA_MARKETS_POLL_MS: '300',
      PLAZA_MARKETS_STALE_AFTER_S: '5',
    },
  }));
  const b = useBrowser();

  test('goes stale once no update came for longer than the limit', async () => {
    const path = await findMuskPost(b.browser, s.server.url);
    const { context, page } = await openFrench(b.browser, s.server.url, path);
    const chip = page.locator('[data-testid="token-chip"][data-symbol="TRUMP"]');
    // Live: the feed's change, in French, not stale.
    await page.waitForFunction(
      (el) => el.getAttribute('data-stale') === 'false' && /\+0,92[\u00a0\u202f]%/.test(el.textContent),
      await chip.elementHandle(),
    );
    answering = false;
    await page.waitForFunction((el) => el.getAttribute('data-stale') === 'true', await chip.elementHandle(), {
      timeout: 30_000,
    });
    assert.match(await chip.getAttribute('class'), /is-stale/);
    await context.close();
  });
});

describe('the demo content without a price feed (markets.feed "off")', { timeout: 60_000 }, () => {
  const s = useServer({ demo: true, env: { ...GENEROUS_LIMITS, PLAZA_MARKETS_FEED: 'off' } });

  test('chips show the seeded prices, not labelled as a running demo feed', async () => {
    const list = expectStatus(await request(s.server.url, 'GET', '/api/v1/posts?limit=100'), 200);
    const post = list.json.items.find((p) => p.title.includes('Musk'));
    assert.ok(post, 'the reference post is in the demo content');
    const res = expectStatus(await request(s.server.url, 'GET', `${new URL(post.url).pathname}?lang=fr`), 200);
    const chip = /<a class="chip[^"]*" data-testid="token-chip" data-symbol="TRUMP"[^>]*>.*?<\/a>/.exec(res.text);
    assert.ok(chip, 'the TRUMP chip is in the page');
    assert.match(/data-change>([^<]*)</.exec(chip[0])[1], FRENCH_PERCENT);
    assert.doesNotMatch(res.text, /data-testid="demo-prices"/);
    const ticker = expectStatus(await request(s.server.url, 'GET', '/api/v1/tickers/TRUMP'), 200);
    assert.match(ticker.json.ticker.last, /^\d+(\.\d+)?$/);
  });
});
