// A French reader on the English reference post (/work/shared/reference/square-post-fr.txt), in
// headless Chromium against the real `plaza` binary with the REAL engines: the demo site, and
// Apertium translating English into French through Spanish (eng-spa, es-fr) in the job runner.
// The reader sees the body in French with the catalog's "Traduit de … · Voir l'original", the
// toggle swaps the original and the translation in place (no reload), `?original=1` works with
// script off, and the summary box speaks French. Every wait is on the page's own state (the bar's
// data-status, the summary's lang), never a fixed sleep.
//
// Eager translation is limited to French here (PLAZA_TRANSLATION_EAGER=fr), and Apertium to the two
// modes of the route (a modes folder linking eng-spa and es-fr), so that the two cores start and
// translate what the test reads, not every installed mode and the whole demo into four languages.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { catalogString } from './catalogs.mjs';
import { GENEROUS_LIMITS, shotsDir, useBrowser, useServer, watchPage } from './harness.mjs';

const DESKTOP = { width: 1280, height: 900 };
// Apertium on a loaded two-core machine: the French title, body and summary of the demo's
// English posts go through two modes each.
const TRANSLATED_DEADLINE_MS = 240_000;

/// How many of French's commonest short words the text holds, and how many of English's.
function wordCounts(text) {
  const words = text.toLowerCase().split(/[^a-zàâçéèêëîïôûùüÿœ']+/u);
  const count = (list) => words.filter((w) => list.includes(w)).length;
  return {
    french: count(['le', 'la', 'les', 'des', 'du', 'et', 'est', 'une', 'qui', 'pour', 'dans', 'avec', 'au']),
    english: count(['the', 'and', 'is', 'was', 'that', 'with', 'for', 'his', 'who']),
  };
}

describe('a French reader on the English reference post', { timeout: 420_000 }, () => {
  let modes;
  const s = useServer(() => {
    modes = mkdtempSync(join(tmpdir(), 'plaza-modes-'));
    for (const mode of ['eng-spa', 'es-fr']) {
      symlinkSync(`/usr/share/apertium/modes/${mode}.mode`, join(modes, `${mode}.mode`));
    }
    return {
      demo: true,
      env: {
        ...GENEROUS_LIMITS,
        PLAZA_TRANSLATION_ENGINES: 'apertium',
        PLAZA_TRANSLATION_APERTIUM_MODES_DIR: modes,
        PLAZA_TRANSLATION_EAGER: 'fr',
      },
      onStopped: () => rmSync(modes, { recursive: true, force: true }),
    };
  });
  const b = useBrowser();
  let path;
  let original;

  test('the English original, as its author wrote it', async () => {
    const context = await b.browser.newContext({ viewport: DESKTOP, baseURL: s.server.url });
    try {
      const page = await context.newPage();
      const watch = await watchPage(page);
      await page.goto('/?lang=en');
      const card = page.getByTestId('post-card-title').filter({ hasText: 'Musk' });
      path = new URL(await card.getAttribute('href'), s.server.url).pathname;
      await page.goto(`${path}?lang=en`);
      original = {
        title: (await page.getByTestId('post-title').textContent()).trim(),
        body: (await page.getByTestId('post-body').textContent()).trim(),
      };
      assert.match(original.title, /^Musk vs\. Altman/);
      assert.equal(await page.getByTestId('translation-bar').count(), 0, 'no label in the same language');
      assert.deepEqual(await watch.problems(), []);
    } finally {
      await context.close();
    }
  });

  test('reads it in French, toggles the original in place and sees a French summary', async () => {
    const context = await b.browser.newContext({ viewport: DESKTOP, baseURL: s.server.url });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const watch = await watchPage(page);
      assert.equal((await page.goto(`${path}?lang=fr`)).status(), 200);
      // Translated when the page was made, or replaced live by translation.ready: either way the
      // bar ends up showing the translation, ready.
      const bar = page.locator('[data-testid="translation-bar"][data-status="ready"][data-shown="translated"]');
      await bar.waitFor({ timeout: TRANSLATED_DEADLINE_MS });
      // Marks this document: a reload or a navigation would lose it.
      await page.evaluate(() => {
        window.plazaTestMark = 'same document';
      });

      const content = page.locator('.post-content');
      const title = (await page.getByTestId('post-title').textContent()).trim();
      const body = (await page.getByTestId('post-body').textContent()).trim();
      assert.equal(await content.getAttribute('lang'), 'fr', 'the content names the language shown');
      assert.notEqual(title, original.title);
      // Apertium knows "Altman" as nothing but a name; it does translate "Musk" (the perfume).
      assert.match(title, /Altman/, 'names it does not know pass through');
      const counts = wordCounts(body);
      assert.ok(counts.french > 40, `the body reads in French (${JSON.stringify(counts)}): ${body.slice(0, 300)}`);
      assert.ok(counts.english < counts.french / 10, `little English is left (${JSON.stringify(counts)})`);
      // Numbers, cashtags and amounts pass through the engines untouched.
      for (const kept of ['2026', '2018', '$TRUMP', '500,000']) {
        assert.ok(body.includes(kept), `${kept} is kept in ${body}`);
      }
      assert.equal((await page.title()).split(' · ')[0], title, 'the <title> follows the text shown');

      // "Traduit de l'anglais · Voir l'original", as the reference page reads: the catalog's
      // select on the source language picks the preposition ("de l'", "du").
      const label = "Traduit de l'anglais";
      const viewOriginal = catalogString('fr', 'post.view_original');
      const viewTranslation = catalogString('fr', 'translation.view_translation', 'translation');
      assert.equal((await page.getByTestId('translated-from').textContent()).trim(), label);
      const link = page.getByTestId('view-original');
      assert.equal((await link.textContent()).trim(), viewOriginal);
      assert.equal(await link.getAttribute('href'), '?original=1', 'the link works without script too');

      // The summary box speaks French (its own translation, from the English summary).
      const summary = page.locator('[data-testid="summary-text"][lang="fr"]:not(.is-pending)');
      await summary.waitFor({ timeout: TRANSLATED_DEADLINE_MS });
      const summaryFr = (await summary.textContent()).trim();
      const summaryCounts = wordCounts(summaryFr);
      assert.ok(summaryCounts.french > summaryCounts.english, `a French summary: ${summaryFr}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(shotsDir(), 'translation-post-fr.png'), fullPage: true });

      // View original: the English text in place, then back, without a reload.
      await link.click();
      await page.locator('[data-testid="translation-bar"][data-shown="original"]').waitFor();
      assert.equal((await page.getByTestId('post-title').textContent()).trim(), original.title);
      assert.equal((await page.getByTestId('post-body').textContent()).trim(), original.body);
      assert.equal(await content.getAttribute('lang'), 'en');
      assert.equal((await link.textContent()).trim(), viewTranslation);
      assert.notEqual((await page.getByTestId('translated-from').textContent()).trim(), label);
      const summaryOriginal = page.getByTestId('summary-text');
      assert.equal(await summaryOriginal.getAttribute('lang'), 'en', 'the summary as written too');
      assert.equal((await page.title()).split(' · ')[0], original.title);
      await page.screenshot({ path: join(shotsDir(), 'translation-post-fr-original.png'), fullPage: true });

      await link.click();
      await page.locator('[data-testid="translation-bar"][data-shown="translated"]').waitFor();
      assert.equal((await page.getByTestId('post-title').textContent()).trim(), title);
      assert.equal((await page.getByTestId('post-body').textContent()).trim(), body);
      assert.equal(await content.getAttribute('lang'), 'fr');
      assert.equal((await summaryOriginal.textContent()).trim(), summaryFr);
      assert.equal((await link.textContent()).trim(), viewOriginal);
      assert.equal(await page.evaluate(() => window.plazaTestMark), 'same document', 'no reload');
      assert.equal(new URL(page.url()).search, '?lang=fr', 'no navigation');
      assert.deepEqual(await watch.problems(), []);
    } finally {
      await context.close();
    }
  });

  test('?original=1 shows the original without script, and the translation without it', async () => {
    const context = await b.browser.newContext({
      viewport: DESKTOP,
      baseURL: s.server.url,
      javaScriptEnabled: false,
    });
    try {
      const page = await context.newPage();
      await page.goto(`${path}?lang=fr&original=1`);
      assert.equal((await page.getByTestId('post-title').textContent()).trim(), original.title);
      assert.equal(await page.locator('.post-content').getAttribute('lang'), 'en');
      assert.equal(await page.locator('html').getAttribute('lang'), 'fr', 'the interface stays French');
      const link = page.getByTestId('view-original');
      assert.equal(
        (await link.textContent()).trim(),
        catalogString('fr', 'translation.view_translation', 'translation'),
      );
      // Following the link is an ordinary navigation back to the translation.
      await Promise.all([page.waitForURL((url) => !url.search.includes('original')), link.click()]);
      assert.notEqual((await page.getByTestId('post-title').textContent()).trim(), original.title);
      assert.equal(await page.locator('.post-content').getAttribute('lang'), 'fr');
      assert.equal(
        (await page.getByTestId('view-original').textContent()).trim(),
        catalogString('fr', 'post.view_original'),
      );
      assert.equal(await page.locator('[data-testid="summary-text"]').getAttribute('lang'), 'fr');
    } finally {
      await context.close();
    }
  });
});
