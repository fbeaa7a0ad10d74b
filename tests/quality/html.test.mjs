// The W3C Nu HTML Checker (npm vnu-jar, run with Debian's Java) on every page of a demo server,
// anonymous and signed in, on a form answered with an error, and on plaza.css: no errors and no
// warnings.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { PASSWORD, expectStatus, request, sourceDir, useServer } from '../e2e/harness.mjs';
import { DEMO_SERVER, nodeModules, sitePages } from './site.mjs';

const JAVA = process.env.PLAZA_JAVA || 'java';

/// Runs vnu.jar on `files`; resolves with its messages ({type, subType?, url, message, extract,
/// lastLine}).
function vnu(files) {
  const jar = join(nodeModules(), 'vnu-jar/build/dist/vnu.jar');
  return new Promise((resolveRun, rejectRun) => {
    execFile(
      JAVA,
      ['-Xss8m', '-jar', jar, '--format', 'json', '--also-check-css', ...files],
      { maxBuffer: 16 * 1024 * 1024, timeout: 120_000 },
      (err, _stdout, stderr) => {
        // vnu exits 1 when it reports anything; its report is JSON on stderr.
        try {
          resolveRun(JSON.parse(stderr).messages);
        } catch {
          rejectRun(new Error(`vnu.jar failed: ${err?.message}\n${stderr}`));
        }
      },
    );
  });
}

/// Style rules nested inside other style rules in `css` (CSS nesting is valid, so the checker
/// accepts it, but plaza.css never nests: a rule found inside another means a lost `}`).
/// Returns "line: selector" for each.
function nestedRules(css) {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
  const open = []; // for each open block: true when it is a style rule
  const found = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      const prelude = text.slice(start, i).trim();
      const styleRule = !prelude.startsWith('@');
      if (styleRule && open.includes(true)) {
        found.push(`${text.slice(0, i).split('\n').length}: ${prelude}`);
      }
      open.push(styleRule);
      start = i + 1;
    } else if (text[i] === '}') {
      open.pop();
      start = i + 1;
    } else if (text[i] === ';') {
      start = i + 1;
    }
  }
  if (open.length > 0) found.push(`end of file: ${open.length} block(s) left open`);
  return found;
}

test('the nesting check finds a lost brace', () => {
  assert.deepEqual(nestedRules('a { color: red; }\n@media (x) { b { top: 0; } }'), []);
  assert.deepEqual(nestedRules('a { color: red;\n/* } */\nb { top: 0; }'), ['3: b', 'end of file: 1 block(s) left open']);
});

test('plaza.css nests no style rule in another', () => {
  const css = readFileSync(join(sourceDir(), 'src/web/static/plaza.css'), 'utf8');
  assert.deepEqual(nestedRules(css), []);
});

describe('Nu HTML Checker', { timeout: 180_000 }, () => {
  const s = useServer(DEMO_SERVER);

  test('finds nothing on any page or in plaza.css', async () => {
    const base = s.server.url;
    const dir = mkdtempSync(join(tmpdir(), 'plaza-vnu-'));
    try {
      const files = [];
      const save = (name, text) => {
        const file = join(dir, name);
        writeFileSync(file, text);
        files.push(file);
      };
      for (const page of await sitePages(base)) {
        const headers = page.cookie ? { cookie: page.cookie } : {};
        const res = expectStatus(await request(base, 'GET', page.path, { headers }), page.status, page.name);
        save(`${page.name}.html`, res.text);
      }
      // A form answered with its error (the login form, wrong password).
      const form = await request(base, 'GET', '/login');
      const csrfCookie = form.setCookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('plaza_csrf='));
      const csrf = /name="csrf"[^>]*value="([^"]*)"/.exec(form.text)?.[1];
      const refused = await request(base, 'POST', '/login', {
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
        body: new URLSearchParams({ handle: 'nobody_here', password: PASSWORD, next: '/', csrf }).toString(),
      });
      assert.ok(refused.status >= 400 && /<form/.test(refused.text), `POST /login shows the form again: ${refused.status}`);
      save('login-refused.html', refused.text);
      files.push(join(sourceDir(), 'src/web/static/plaza.css'));

      const messages = await vnu(files);
      const report = messages.map(
        (m) =>
          `${m.type}${m.subType ? `/${m.subType}` : ''} ${String(m.url).replace(/^file:.*\//, '')}:${m.lastLine ?? '?'}: ${m.message}${m.extract ? `\n    ${m.extract.replace(/\n/g, ' ')}` : ''}`,
      );
      assert.deepEqual(report, [], `the Nu HTML Checker reports:\n${report.join('\n')}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
