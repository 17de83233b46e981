// The first load's bytes: every same-origin file a first visit fetches, with gzip (level 9)
// and brotli (quality 11) sizes. Shared by `make bench` and the size test in `make test`,
// which holds the page and a read-only embed to the ceilings below.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

/** The first visit's budget (gzip bytes): everything a first visit fetches until the
 *  editor is ready, with every feature planned for it. The page at every width took +12.8
 *  KB of it, less 1.6 KB won back by minifying the stylesheet and the page (261,079 B); a
 *  second language took +0.6 KB (261,709 B): its words and lookups are in a build of their
 *  own that only its readers fetch, and "Fix my plan" moved to the worker to make room for
 *  what the English page keeps (findings as data). `make test` holds the page to it and
 *  `make bench` reports it beside the other budgets. */
export const CEILING_GZIP = 261_900;

/** A read-only embed's ceiling (gzip bytes): what a documentation page's reader fetches
 *  until the bars are drawn. A build of its own, without the editor, took it from the
 *  whole page's 261,577 B to 200,533 B. `make bench` reads it against its budget, the
 *  framework's floor with the checks (165,521 B in the last run). */
export const EMBED_CEILING_GZIP = 201_000;

/** Opens `url` in `page`, waits for `ready` (a function run in the page) and returns the
 *  bytes of each same-origin file it fetched, read from `dir`. */
export async function firstLoad(page, url, dir, ready) {
  const origin = new URL(url).origin;
  const loaded = [];
  page.on('response', (r) => {
    const at = new URL(r.url());
    if (r.ok() && at.origin === origin) loaded.push(at.pathname);
  });
  await page.goto(url);
  await page.waitForFunction(ready);
  // What the page fetches once it is up (a script hydrated when the browser is idle) is
  // part of the first visit too.
  await page.waitForLoadState('networkidle');
  const files = {};
  for (const path of new Set(loaded)) {
    const name = path.endsWith('/') ? `${path.slice(1)}index.html` : path.slice(1);
    const body = await readFile(join(dir, name));
    files[name] = {
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  }
  const total = (key) => Object.values(files).reduce((sum, f) => sum + f[key], 0);
  return { files, gzip: total('gzip'), brotli: total('brotli') };
}

/** The per-file table, in bytes. */
export function table({ files, gzip, brotli }) {
  const row = (name, raw, gz, br) => `${name.padEnd(24)} ${String(raw).padStart(9)} ${String(gz).padStart(9)} ${String(br).padStart(9)}`;
  return [
    row('file', 'raw', 'gzip', 'brotli'),
    ...Object.entries(files).map(([name, f]) => row(name, f.raw, f.gzip, f.brotli)),
    row('total', Object.values(files).reduce((s, f) => s + f.raw, 0), gzip, brotli),
  ].join('\n');
}
