// The summary box in headless Chromium: a member publishes a long post, sees "Generating
// summary…", and the summary appears without a reload when its job completes.
//
// The summary comes from the LLM engine pointed at a local fake of an OpenAI-compatible
// chat-completions endpoint (fake_llm.mjs: the documented wire format). The fake holds its
// answer until the test has seen the pending box, so the test never races the job.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  GENEROUS_LIMITS,
  PASSWORD,
  expectText,
  shotsDir,
  uniqueHandle,
  useBrowser,
  useServer,
  watchPage,
  withDeadline,
} from './harness.mjs';
import { completion, startFakeLlm } from './fake_llm.mjs';

const MODEL = 'plaza-test-model';
const SUMMARY =
  'Bitcoin miners are selling more of their coins as fees fall after the halving. ' +
  'Analysts expect smaller miners to merge with larger pools this year.';

const PARAGRAPHS = [
  'Bitcoin miners have been selling a larger share of the coins they produce, according to on-chain data gathered over the last three months.',
  'The change follows the halving, which cut the reward for each block in half and squeezed the margins of operators with older machines.',
  'Transaction fees, which briefly made up for the lost reward during the spring, have since fallen back to their lowest level in a year.',
  'Several listed mining companies said in their quarterly reports that they would sell coins to pay for power contracts and new equipment.',
  'Analysts at two research firms expect smaller miners to merge with larger pools, or to shut down machines when the price dips.',
  'Larger operators, meanwhile, are moving some of their capacity into data centres that rent computing power to artificial intelligence firms.',
  'Traders will watch the weekly flows from miners to exchanges closely, since heavy selling has in the past come before periods of weak prices.',
];

describe('the summary appears live in the browser', { timeout: 120_000 }, () => {
  let llm;
  let release;
  const released = new Promise((r) => {
    release = r;
  });
  const s = useServer(async () => {
    // Every answer waits until the test has seen the pending box.
    llm = await startFakeLlm(async () => {
      await released;
      return completion(MODEL, SUMMARY);
    });
    return {
      env: {
        ...GENEROUS_LIMITS,
        PLAZA_SUMMARY_ENGINE: 'llm',
        PLAZA_LLM_URL: llm.url,
        PLAZA_LLM_MODEL: MODEL,
        PLAZA_LLM_TIMEOUT_MS: '60000',
      },
    };
  });
  const b = useBrowser();
  let context;
  let page;
  let watch;

  before(async () => {
    context = await b.browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: s.server.url });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    watch = await watchPage(page);
  });
  after(async () => {
    if (context) await context.close();
    release();
    if (llm) await llm.close();
  });

  test('publish a long post, see "Generating summary…", then the summary without a reload', async () => {
    await page.goto('/register');
    const form = page.getByTestId('register-form');
    await form.locator('input[name="handle"]').fill(uniqueHandle('sum'));
    await form.locator('input[name="display_name"]').fill('Summary Reader');
    await form.locator('input[name="password"]').fill(PASSWORD);
    await Promise.all([page.waitForURL('**/u/**'), form.locator('button[type="submit"]').click()]);

    await page.goto('/compose');
    await page.getByTestId('compose-title').fill('Miners sell more bitcoin after the halving');
    await page.getByTestId('compose-body').fill(PARAGRAPHS.join('\n\n'));
    await Promise.all([page.waitForURL(/\/p\/\d+-[a-z0-9-]+$/), page.getByTestId('compose-submit').click()]);

    const box = page.getByTestId('summary-box');
    await box.waitFor({ state: 'visible' });
    await page.getByTestId('summary-robot').waitFor({ state: 'visible' });
    await expectText(page.getByTestId('summary-text'), 'Generating summary…');
    assert.equal(await box.getAttribute('data-state'), 'pending');

    // The job is running: its request reached the engine, which has not answered yet.
    await withDeadline(llm.arrived, 10_000, 'the summary job to call the engine');
    const sent = llm.requests[0];
    assert.equal(sent.model, MODEL);
    assert.ok(
      sent.messages.some((m) => m.role === 'user' && m.content.includes('halving')),
      'the post travels in the user message',
    );

    // A marker on the window survives only if the page is not reloaded.
    await page.evaluate(() => {
      window.__plazaNoReload = true;
    });
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations += 1;
    });
    release();

    await expectText(page.getByTestId('summary-text'), SUMMARY, 15_000);
    await expectText(page.getByTestId('summary-engine'), `AI summary · ${MODEL}`);
    assert.equal(await box.getAttribute('data-state'), 'ready');
    assert.equal(await page.evaluate(() => window.__plazaNoReload), true, 'the page was not reloaded');
    assert.equal(navigations, 0, 'no navigation happened');
    await page.screenshot({ path: join(shotsDir(), 'summary-live.png'), fullPage: true });

    // A reader who opens the page now gets the summary in the HTML itself.
    await page.reload();
    await expectText(page.getByTestId('summary-text'), SUMMARY);
    assert.deepEqual(await watch.problems(), [], 'no console errors, failed requests or CSP violations');
  });
});
