// Puts the boot script inline at its place in the page, its SHA-256 in the page's
// Content-Security-Policy (script-src), so a first visit requests the checks while the
// page is still being read: one round trip sooner than fetching boot.js first.
// Run by trim-served.sh on release builds: node scripts/inline-boot.mjs <dist>.
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.argv[2];
const page = join(dir, 'index.html');
const html = readFileSync(page, 'utf8');
// Line ends as the HTML parser gives the script's text (which the hash is checked against).
const script = readFileSync(join(dir, 'boot.js'), 'utf8').replace(/\r\n?/g, '\n');
if (/<\/script/i.test(script)) throw new Error('boot.js holds "</script": it cannot be inlined');
const tag = /<script[^>]*\ssrc="?\.\/boot\.js"?[^>]*><\/script>/;
if (!tag.test(html)) throw new Error(`${page} has no <script src=./boot.js>`);
const hash = createHash('sha256').update(script).digest('base64');
const csp = /(<meta [^>]*Content-Security-Policy[^>]*>)/.exec(html)?.[1];
const sources = "script-src 'self' 'wasm-unsafe-eval'";
if (!csp?.includes(sources)) throw new Error(`${page} has no ${sources} to extend`);
const out = html
  .replace(csp, csp.replace(sources, `${sources} 'sha256-${hash}'`))
  .replace(tag, () => `<script type=module async>${script}</script>`);
writeFileSync(page, out);
