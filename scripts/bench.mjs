// Measures what a user waits for and downloads: bytes of everything the page loads,
// first render over cold loads, and edit-to-paint over repeated edits, in headless
// Chromium against dist/ on loopback. Merges the native core benchmark's JSON (argument 1)
// and writes target/bench/summary.json.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { join } from 'node:path';
import { dist, root, launch, serve } from '../tests/support/harness.mjs';

const COLD_LOADS = 10;
const EDITS = 200;

/** Runs in the page: times `edits` edits of the service CIDR field. */
async function timeEdits(edits) {
  const input = document.querySelector('input[data-field="service_ipv4_cidr"]');
  const summary = document.querySelector('main');
  const values = ['10.43.0.0/17', '10.43.0.0/16'];
  const times = [];
  for (let i = 0; i < edits; i++) {
    // Every edit changes the plan, so the DOM changes; the timeout only guards the loop.
    const changed = new Promise((resolve) => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
      observer.observe(summary, { subtree: true, childList: true, characterData: true, attributes: true });
      setTimeout(() => { observer.disconnect(); resolve(); }, 2000);
    });
    input.value = values[i % 2];
    const start = performance.now();
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await changed;
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    times.push(performance.now() - start);
  }
  return times;
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };
const round = (x) => Math.round(x * 1000) / 1000;

const server = await serve();
// The framework's floor: a bare Yew page from the same lock and profile (bench/floor).
const floorDist = join(root, 'target', 'bench', 'floor-dist');
const floorServer = await serve(floorDist);
// Frames are not held to the display's 60 Hz, so a paint is timed when it is ready
// rather than at the next vsync (which alone would add up to 16.7 ms).
const browser = await launch(['--disable-gpu-vsync', '--disable-frame-rate-limit']);

/** Bytes of every same-origin response of one load, and first render and first paint over
 *  cold loads: navigation start to the `khcidr:first-render` mark its boot.js sets. */
async function measureLoad(url, dir) {
  const files = {};
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    const loaded = [];
    page.on('response', (r) => loaded.push(new URL(r.url()).pathname));
    await page.goto(url);
    await page.waitForFunction(() => performance.getEntriesByName('khcidr:first-render').length > 0);
    for (const path of new Set(loaded)) {
      const name = path === '/' ? 'index.html' : path.slice(1);
      const body = await readFile(join(dir, name));
      files[name] = {
        raw: body.length,
        gzip: gzipSync(body, { level: 9 }).length,
        brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
    }
    await context.close();
  }
  const firstRender = [];
  const firstPaint = [];
  for (let i = 0; i < COLD_LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    // Polled from here at a slow pace: waitForFunction would poll inside the page on every
    // frame, and its injected script would compete with the page for the main thread.
    let at;
    for (let tries = 0; at === undefined && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      at = await page.evaluate(() => performance.getEntriesByName('khcidr:first-render')[0]?.startTime);
    }
    if (at === undefined) throw new Error(`${url} never marked its first render`);
    firstRender.push(at);
    firstPaint.push(await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN));
    await context.close();
  }
  const total = (key) => Object.values(files).reduce((sum, f) => sum + f[key], 0);
  return { files, gzip: total('gzip'), brotli: total('brotli'), firstRender, firstPaint };
}

// The page: its first paint is the static frame in index.html, its first render the bars.
const pageLoad = await measureLoad(server.url, dist);
const { files, firstRender, firstPaint } = pageLoad;
const totalGzip = pageLoad.gzip;
const totalBrotli = pageLoad.brotli;
const floorLoad = await measureLoad(floorServer.url, floorDist);

// Edit to paint: from the input event to the next animation frame after the DOM changed.
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(server.url);
await page.waitForSelector('svg.bars');
const editToPaint = await page.evaluate(timeEdits, EDITS);
await context.close();

// The floor: the same edits on a bare page whose input handler changes one text node, so
// the page's figures can be read against what this machine and browser need for any edit.
const floorContext = await browser.newContext();
const floorPage = await floorContext.newPage();
await floorPage.setContent(`<main><input data-field="service_ipv4_cidr"><p>-</p></main>
  <script>document.querySelector('input').oninput = (e) => { document.querySelector('p').textContent = e.target.value; };</script>`);
const editFloor = await floorPage.evaluate(timeEdits, EDITS);
await floorContext.close();
await browser.close();
await server.close();
await floorServer.close();

const core = process.argv[2] ? JSON.parse(process.argv[2]) : {};
const summary = {
  total_gzip_bytes: totalGzip,
  total_brotli_bytes: totalBrotli,
  files,
  first_render_ms_median: round(median(firstRender)),
  first_render_ms_samples: firstRender.map(round),
  first_paint_ms_median: round(median(firstPaint)),
  edit_to_paint_ms_median: round(median(editToPaint)),
  edit_to_paint_ms_p95: round(p95(editToPaint)),
  floor_gzip_bytes: floorLoad.gzip,
  floor_brotli_bytes: floorLoad.brotli,
  first_render_floor_ms_median: round(median(floorLoad.firstRender)),
  first_render_floor_ms_samples: floorLoad.firstRender.map(round),
  first_render_ratio: round(median(firstRender) / median(floorLoad.firstRender)),
  edit_to_paint_floor_ms_median: round(median(editFloor)),
  edit_to_paint_floor_ms_p95: round(p95(editFloor)),
  edits: EDITS,
  cold_loads: COLD_LOADS,
  ...core,
};
await mkdir(join(root, 'target', 'bench'), { recursive: true });
await writeFile(join(root, 'target', 'bench', 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log('file                         raw       gzip      brotli');
for (const [name, f] of Object.entries(files)) {
  console.log(`${name.padEnd(26)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)} ${kb(f.brotli).padStart(10)}`);
}
console.log(`total gzip ${kb(totalGzip)} (${totalGzip} bytes), brotli ${kb(totalBrotli)}`);
console.log(`a bare Yew page (the floor): gzip ${kb(floorLoad.gzip)} (${floorLoad.gzip} bytes), brotli ${kb(floorLoad.brotli)}`);
console.log(`first render: median ${summary.first_render_ms_median} ms over ${COLD_LOADS} cold loads; the floor ${summary.first_render_floor_ms_median} ms (${summary.first_render_ratio}x)`);
console.log(`first paint: median ${summary.first_paint_ms_median} ms`);
console.log(`edit to paint: median ${summary.edit_to_paint_ms_median} ms, p95 ${summary.edit_to_paint_ms_p95} ms over ${EDITS} edits`);
console.log(`  a bare page, same edits: median ${summary.edit_to_paint_floor_ms_median} ms, p95 ${summary.edit_to_paint_floor_ms_p95} ms`);
if (core.core_check_ns_median) console.log(`core check: ${JSON.stringify(core.core_check_ns_median)} ns median`);
console.log('written: target/bench/summary.json');
