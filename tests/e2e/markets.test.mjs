// Token chips in real Chromium (docs/markets.md): the demo's reference post shows its TRUMP chip
// with a French-formatted signed percent that changes as the demo feed ticks; a chip whose feed
// stops answering turns stale.

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';

import { GENEROUS_LIMITS, useBrowser, useServer, watchPage } from './harness.mjs';

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
