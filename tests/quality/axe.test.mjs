// axe-core (npm, pinned) in headless Debian Chromium: no violations on the home, post, profile,
// compose, login and register pages of a demo server, in the light and the dark theme
// (prefers-color-scheme), with every rule axe runs by default (WCAG 2.x A/AA and best practices).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { useBrowser, useServer } from '../e2e/harness.mjs';
import { DEMO_SERVER, nodeModules, sitePages } from './site.mjs';

const CHECKED = new Set(['home', 'post', 'profile', 'compose', 'login', 'register', 'post-signed-in']);

describe('axe-core', { timeout: 240_000 }, () => {
  const s = useServer(DEMO_SERVER);
  const b = useBrowser();
  const contexts = [];
  after(async () => {
    for (const c of contexts) await c.close();
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`finds no violations in the ${colorScheme} theme`, async () => {
      const axeSource = readFileSync(join(nodeModules(), 'axe-core/axe.min.js'), 'utf8');
      const base = s.server.url;
      const pages = (await sitePages(base)).filter((p) => CHECKED.has(p.name));
      assert.equal(pages.length, CHECKED.size, 'every page to check was found');
      // The pages' Content-Security-Policy forbids inline scripts: axe is injected past it.
      const context = await b.browser.newContext({ colorScheme, baseURL: base, bypassCSP: true });
      contexts.push(context);
      const found = [];
      for (const { name, path, status, cookie } of pages) {
        if (cookie) {
          const [cookieName, value] = cookie.split('=');
          await context.addCookies([{ name: cookieName, value, url: base }]);
        } else {
          await context.clearCookies();
        }
        const page = await context.newPage();
        try {
          const res = await page.goto(path, { waitUntil: 'load' });
          assert.equal(res.status(), status, `GET ${path}`);
          await page.addScriptTag({ content: axeSource });
          const violations = await page.evaluate(async () => {
            const result = await window.axe.run(document);
            return result.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`),
            }));
          });
          for (const v of violations) {
            found.push(`${name} (${path}): ${v.id} [${v.impact}] ${v.help}\n    ${v.nodes.join('\n    ')}`);
          }
        } finally {
          await page.close();
        }
      }
      assert.deepEqual(found, [], `axe-core finds, in the ${colorScheme} theme:\n${found.join('\n')}`);
    });
  }
});
