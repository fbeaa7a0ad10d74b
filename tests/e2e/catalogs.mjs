// The catalog files (src/web/locales) as the browser tests read them, so that a test follows the
// strings rather than copying them.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { sourceDir } from './harness.mjs';

/// One string of a locale's catalog: `key` ("footer.community") in its [table], from
/// src/web/locales/<tag>.toml, or from the fragment <area>/<tag>.toml when `area` is given
/// ("translation"). The catalogs are flat tables of one-line basic strings, which is all this
/// reads.
export function catalogString(tag, key, area = '') {
  const [table, name] = key.split('.');
  const file = area ? join(area, `${tag}.toml`) : `${tag}.toml`;
  const text = readFileSync(join(sourceDir(), 'src/web/locales', file), 'utf8');
  let current = '';
  for (const line of text.split('\n')) {
    const header = /^\[([a-z_.]+)\]\s*$/.exec(line);
    if (header) {
      current = header[1];
      continue;
    }
    const entry = /^([a-z_]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(line);
    if (entry && current === table && entry[1] === name) return JSON.parse(`"${entry[2]}"`);
  }
  throw new Error(`${key} is not in locales/${file}`);
}
