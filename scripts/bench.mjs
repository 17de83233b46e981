// Measures what a user waits for and downloads, for the page and, with the same method in
// the same run, for three references: the framework's floor (a bare Yew page), the floor
// with khcidr's checks, and a peer calculator (bench/peer). Bytes of everything a first
// visit fetches, first render over cold loads, the same on a slow link, and edit-to-paint
// over repeated edits, in headless Chromium on loopback. Merges the native core
// benchmark's JSON (argument 1) and writes target/bench/summary.json.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dist, root, launch, serve } from '../tests/support/harness.mjs';
import { firstLoad, CEILING_GZIP } from '../tests/support/size.mjs';

const COLD_LOADS = 10;
const SLOW_LOADS = 3;
const EDITS = 200;
// The slow link: 1.6 Mbps down, 750 kbps up, 300 ms round trip, a CPU 4x slower.
const SLOW = { latency: 300, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8, cpu: 4 };

/** Runs in the page: times `edits` edits of the input `selector`, alternating `values`:
 *  from the input event to the next animation frame after the DOM changed. */
async function timeEdits([edits, selector, values]) {
  const input = document.querySelector(selector);
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  const times = [];
  for (let i = 0; i < edits; i++) {
    // Every edit changes the result, so the DOM changes; the timeout only guards the loop.
    const changed = new Promise((resolve) => {
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(); });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      setTimeout(() => { observer.disconnect(); resolve(); }, 2000);
    });
    setValue.call(input, values[i % 2]);
    const start = performance.now();
    input.dispatchEvent(new InputEvent('input', { bubbles: true }));
    await changed;
    await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    times.push(performance.now() - start);
  }
  return times;
}

/** Marks the peer's first render when React has hydrated its calculator: its prefix input
 *  carries React's props then (Astro drops the island's `ssr` attribute earlier, before
 *  React's transition has run). Checked after every task, 4 ms apart at most. */
function markPeerRender() {
  const check = () => {
    const input = document.querySelector('input[aria-label="Network bits"]');
    if (input && Object.keys(input).some((key) => key.startsWith('__reactProps'))) {
      performance.mark('khcidr:first-render');
    } else {
      setTimeout(check, 0);
    }
  };
  check();
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };
const round = (x) => Math.round(x * 1000) / 1000;

// Frames are not held to the display's 60 Hz, so a paint is timed when it is ready
// rather than at the next vsync (which alone would add up to 16.7 ms).
const browser = await launch(['--disable-gpu-vsync', '--disable-frame-rate-limit']);

/** A fresh context and page, set up for `target` and optionally on the slow link. */
async function freshPage(target, slow = false) {
  const context = await browser.newContext();
  if (target.init) await context.addInitScript(target.init);
  const page = await context.newPage();
  if (slow) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: SLOW.latency,
      downloadThroughput: SLOW.downloadThroughput, uploadThroughput: SLOW.uploadThroughput,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW.cpu });
  }
  return { context, page };
}

/** Navigation start to first contentful paint and to the `khcidr:first-render` mark, and
 *  to the verdict and the editor where the page marks them. On the slow link a target
 *  may load another address (`slowUrl`: the page, an incident link). */
async function timeLoad(target, slow) {
  const { context, page } = await freshPage(target, slow);
  await page.goto(slow && target.slowUrl ? target.slowUrl : target.url, { timeout: 60000 });
  // Polled from here at a slow pace: waitForFunction would poll inside the page on every
  // frame, and its injected script would compete with the page for the main thread.
  let at;
  for (let tries = 0; at === undefined && tries < 240; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    at = await page.evaluate(() => performance.getEntriesByName('khcidr:first-render')[0]?.startTime);
  }
  if (at === undefined) throw new Error(`${target.url} never marked its first render`);
  // The page renders what lies below the bars after its first paint.
  let whole = at;
  if (target.whole) {
    whole = undefined;
    for (let tries = 0; whole === undefined && tries < 240; tries++) {
      whole = await page.evaluate(() => performance.getEntriesByName('khcidr:whole-page')[0]?.startTime);
      if (whole === undefined) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (whole === undefined) throw new Error(`${target.url} never marked its whole page`);
  }
  const paint = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  const mark = (name) => page.evaluate((n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN, name);
  const verdict = await mark('khcidr:verdict');
  const editor = await mark('khcidr:editor');
  await context.close();
  return { render: at, whole, paint, verdict, editor };
}

/** Bytes of every same-origin file a first visit fetches, then first render and first
 *  paint over cold loads, on loopback and on the slow link. The targets take turns, load
 *  by load, so a slow spell of this machine weighs on all of them alike. */
async function measureLoads(targets) {
  const loads = {};
  for (const [name, target] of Object.entries(targets)) {
    const { context, page } = await freshPage(target);
    loads[name] = await firstLoad(page, target.url, target.dir,
      () => performance.getEntriesByName('khcidr:first-render').length > 0);
    await context.close();
    Object.assign(loads[name], { cold: [], slow: [] });
  }
  for (let i = 0; i < COLD_LOADS; i++) {
    for (const [name, target] of Object.entries(targets)) {
      if (!target.bytesOnly) loads[name].cold.push(await timeLoad(target, false));
    }
  }
  for (let i = 0; i < SLOW_LOADS; i++) {
    for (const [name, target] of Object.entries(targets)) {
      if (target.slow) loads[name].slow.push(await timeLoad(target, true));
    }
  }
  for (const load of Object.values(loads)) {
    Object.assign(load, {
      firstRender: load.cold.map((t) => t.render),
      wholePage: load.cold.map((t) => t.whole),
      firstPaint: load.cold.map((t) => t.paint),
      slowRender: load.slow.map((t) => t.render),
      slowWhole: load.slow.map((t) => t.whole),
      slowPaint: load.slow.map((t) => t.paint),
      slowVerdict: load.slow.map((t) => t.verdict),
      slowEditor: load.slow.map((t) => t.editor),
    });
  }
  return loads;
}

async function measureEdits(target) {
  if (!target.edit) return [];
  const { context, page } = await freshPage(target);
  await page.goto(target.url);
  await page.waitForFunction(() => performance.getEntriesByName('khcidr:first-render').length > 0);
  const times = await page.evaluate(timeEdits, [EDITS, target.edit.selector, target.edit.values]);
  await context.close();
  return times;
}

const servers = [];
async function target(dir, extra = {}) {
  const server = await serve(dir);
  servers.push(server);
  return { url: server.url, dir, ...extra };
}
const serviceEdit = { selector: 'input[data-field="service_ipv4_cidr"]', values: ['10.43.0.0/17', '10.43.0.0/16'] };
// The link someone opens from an issue thread mid-incident: the 2024 write-up's plan.
const INCIDENT = '#network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20&service_ipv4_cidr=10.20.144.0/20';
const page = await target(dist, { slow: true, whole: true, edit: serviceEdit });
page.slowUrl = `${page.url}${INCIDENT}`;
const targets = {
  page,
  // A read-only embed on a documentation site: its bytes, and its bars on the slow link.
  embed: await target(dist, { bytesOnly: true, slow: true }),
  // The framework's floor: a bare Yew page from the same lock and profile (bench/floor).
  floor: await target(join(root, 'target', 'bench', 'floor-dist')),
  // The floor with khcidr's checks and nothing else on screen (bench/floor/checks).
  checks: await target(join(root, 'target', 'bench', 'floor-checks-dist')),
  // A peer calculator, built from its public source (bench/peer).
  peer: await target(join(root, 'bench', 'peer', 'site'), {
    init: markPeerRender,
    slow: true,
    edit: { selector: 'input[aria-label="Network bits"]', values: ['24', '28'] },
  }),
};
targets.embed.url = `${targets.embed.url}${INCIDENT}&embed=1&readonly=1`;
const loads = await measureLoads(targets);
const edits = {};
for (const [name, t] of Object.entries(targets)) edits[name] = await measureEdits(t);

// The edit floor: the same edits on a bare page whose input handler changes one text
// node, so every page's figures read against what this machine needs for any edit.
const bare = await browser.newContext();
const barePage = await bare.newPage();
await barePage.setContent(`<main><input data-field="service_ipv4_cidr"><p>-</p></main>
  <script>document.querySelector('input').oninput = (e) => { document.querySelector('p').textContent = e.target.value; };</script>`);
const editFloor = await barePage.evaluate(timeEdits, [EDITS, serviceEdit.selector, serviceEdit.values]);
await bare.close();
await browser.close();
for (const server of servers) await server.close();

// Where the page's wasm bytes go, from twiggy on the named build scripts/bench.sh made:
// summed by crate, and by module for khcidr's own crates.
const parts = {};
try {
  const items = JSON.parse(await readFile(join(root, 'target', 'bench', 'named', 'twiggy-top.json'), 'utf8'));
  for (const { name, shallow_size: bytes } of items) {
    if (name.includes('names" subsection')) continue;
    const plain = name.replace(/\[[0-9a-f]+\]/g, '');
    const own = plain.match(/khcidr_(?:web|core)::(?:components::)?[a-z_0-9]+/);
    const part = name.startsWith('data segment') ? 'data segments'
      : own ? own[0] : (plain.match(/^<?(?:&|\*const |\*mut |dyn )*([a-z_0-9]+)/)?.[1] ?? 'other');
    parts[part] = (parts[part] ?? 0) + bytes;
  }
} catch (err) {
  console.error(`no named build to read (${err.message})`);
}
const partsSorted = Object.fromEntries(Object.entries(parts).sort((a, b) => b[1] - a[1]));

const { floor, checks, peer, embed } = loads;
const { page: pageLoad } = loads;
const core = process.argv[2] ? JSON.parse(process.argv[2]) : {};
const summary = {
  total_gzip_bytes: pageLoad.gzip,
  ceiling_gzip_bytes: CEILING_GZIP,
  total_brotli_bytes: pageLoad.brotli,
  files: pageLoad.files,
  first_render_ms_median: round(median(pageLoad.firstRender)),
  first_render_ms_samples: pageLoad.firstRender.map(round),
  whole_page_ms_median: round(median(pageLoad.wholePage)),
  first_paint_ms_median: round(median(pageLoad.firstPaint)),
  slow_first_paint_ms_median: round(median(pageLoad.slowPaint)),
  slow_first_render_ms_median: round(median(pageLoad.slowRender)),
  slow_first_render_ms_samples: pageLoad.slowRender.map(round),
  slow_whole_page_ms_median: round(median(pageLoad.slowWhole)),
  edit_to_paint_ms_median: round(median(edits.page)),
  edit_to_paint_ms_p95: round(p95(edits.page)),
  floor_gzip_bytes: floor.gzip,
  floor_brotli_bytes: floor.brotli,
  first_render_floor_ms_median: round(median(floor.firstRender)),
  first_render_floor_ms_samples: floor.firstRender.map(round),
  first_render_ratio: round(median(pageLoad.firstRender) / median(floor.firstRender)),
  edit_to_paint_floor_ms_median: round(median(editFloor)),
  edit_to_paint_floor_ms_p95: round(p95(editFloor)),
  edit_to_paint_p95_ratio: round(p95(edits.page) / p95(editFloor)),
  floor_checks_gzip_bytes: checks.gzip,
  floor_checks_brotli_bytes: checks.brotli,
  floor_checks_files: checks.files,
  first_render_floor_checks_ms_median: round(median(checks.firstRender)),
  peer_gzip_bytes: peer.gzip,
  peer_brotli_bytes: peer.brotli,
  peer_first_paint_ms_median: round(median(peer.firstPaint)),
  peer_first_render_ms_median: round(median(peer.firstRender)),
  peer_slow_first_paint_ms_median: round(median(peer.slowPaint)),
  peer_slow_first_render_ms_median: round(median(peer.slowRender)),
  peer_edit_to_paint_ms_median: round(median(edits.peer)),
  peer_edit_to_paint_ms_p95: round(p95(edits.peer)),
  peer_first_render_ratio: round(median(pageLoad.firstRender) / median(peer.firstRender)),
  peer_edit_to_paint_p95_ratio: round(p95(edits.page) / p95(edits.peer)),
  first_visit_gzip_bytes: pageLoad.gzip,
  embed_readonly_gzip_bytes: embed.gzip,
  embed_readonly_files: embed.files,
  slow_embed_readonly_ms_median: round(median(embed.slowRender)),
  slow_embed_readonly_ms_samples: embed.slowRender.map(round),
  slow_verdict_ms_median: round(median(pageLoad.slowVerdict)),
  slow_verdict_ms_samples: pageLoad.slowVerdict.map(round),
  slow_editor_ms_median: round(median(pageLoad.slowEditor)),
  slow_editor_ms_samples: pageLoad.slowEditor.map(round),
  wasm_bytes_by_part: partsSorted,
  edits: EDITS,
  cold_loads: COLD_LOADS,
  slow_loads: SLOW_LOADS,
  slow_link: SLOW,
  ...core,
};
// The budgets of what a user waits for, read against the peer and the floor of this run.
const peerInteractive = median(peer.slowRender);
summary.budgets = [
  ['slow link: the verdict on an incident link', summary.slow_verdict_ms_median, 0.9 * peerInteractive, 'ms', '0.9x the peer interactive'],
  ['slow link: the editor ready on an incident link', summary.slow_editor_ms_median, 1.2 * peerInteractive, 'ms', '1.2x the peer interactive'],
  ['edit to paint, p95', summary.edit_to_paint_ms_p95, summary.peer_edit_to_paint_ms_p95, 'ms', '1x the peer'],
  ['first render', summary.first_render_ms_median, 0.7 * summary.peer_first_render_ms_median, 'ms', '0.7x the peer'],
  ['first visit, gzip', summary.first_visit_gzip_bytes, CEILING_GZIP, 'B', 'the ceiling'],
  ['read-only embed, gzip', summary.embed_readonly_gzip_bytes, checks.gzip, 'B', 'the floor with the checks'],
  ['check, default plan, native', (core.core_check_ns_median?.default ?? NaN) / 1000, 10, 'µs', '10 µs'],
].map(([what, value, limit, unit, rule]) => ({ what, value: round(value), limit: round(limit), unit, rule, met: value <= limit }));

await mkdir(join(root, 'target', 'bench'), { recursive: true });
await writeFile(join(root, 'target', 'bench', 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const ms = (xs) => `${round(median(xs))} ms`;
console.log('file                         raw       gzip      brotli');
for (const [name, f] of Object.entries(pageLoad.files)) {
  console.log(`${name.padEnd(26)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)} ${kb(f.brotli).padStart(10)}`);
}
console.log(`first load: gzip ${kb(pageLoad.gzip)} (${pageLoad.gzip} bytes; the ceiling ${CEILING_GZIP}), brotli ${kb(pageLoad.brotli)}`);
console.log(`  the floor, a bare Yew page: gzip ${kb(floor.gzip)}, brotli ${kb(floor.brotli)}`);
console.log(`  the floor with the checks: gzip ${kb(checks.gzip)}, brotli ${kb(checks.brotli)}`);
console.log(`  the peer: gzip ${kb(peer.gzip)}, brotli ${kb(peer.brotli)}`);
console.log(`first render (median of ${COLD_LOADS} cold loads): ${ms(pageLoad.firstRender)}; floor ${ms(floor.firstRender)} (${summary.first_render_ratio}x); with the checks ${ms(checks.firstRender)}; peer ${ms(peer.firstRender)} (${summary.peer_first_render_ratio}x)`);
console.log(`whole page (the findings, below the bars, follow the first paint): ${ms(pageLoad.wholePage)}`);
console.log(`first paint: ${ms(pageLoad.firstPaint)}; peer ${ms(peer.firstPaint)}`);
console.log(`slow link (1.6 Mbps, 300 ms RTT, CPU 4x), median of ${SLOW_LOADS}: first paint ${ms(pageLoad.slowPaint)}, bars ${ms(pageLoad.slowRender)}, whole page ${ms(pageLoad.slowWhole)}; peer paint ${ms(peer.slowPaint)}, interactive ${ms(peer.slowRender)}`);
console.log(`edit to paint over ${EDITS} edits: median ${summary.edit_to_paint_ms_median} ms, p95 ${summary.edit_to_paint_ms_p95} ms`);
console.log(`  a bare page: median ${summary.edit_to_paint_floor_ms_median} ms, p95 ${summary.edit_to_paint_floor_ms_p95} ms (${summary.edit_to_paint_p95_ratio}x)`);
console.log(`  the peer: median ${summary.peer_edit_to_paint_ms_median} ms, p95 ${summary.peer_edit_to_paint_ms_p95} ms (${summary.peer_edit_to_paint_p95_ratio}x)`);
console.log('wasm bytes by part (twiggy, named build):');
for (const [part, bytes] of Object.entries(partsSorted).slice(0, 20)) console.log(`  ${String(bytes).padStart(7)}  ${part}`);
if (core.core_check_ns_median) console.log(`core check: ${JSON.stringify(core.core_check_ns_median)} ns median`);
console.log(`slow link, the incident link: verdict ${ms(pageLoad.slowVerdict)}, editor ready ${ms(pageLoad.slowEditor)}`);
console.log(`read-only embed: gzip ${kb(embed.gzip)} (${embed.gzip} bytes); its bars on the slow link ${ms(embed.slowRender)} (the peer interactive ${ms(peer.slowRender)})`);
console.log('budgets:');
for (const b of summary.budgets) {
  console.log(`  ${b.met ? 'met   ' : 'NOT met'} ${b.what}: ${b.value} ${b.unit} (${b.rule}: ${b.limit} ${b.unit})`);
}
console.log('written: target/bench/summary.json');
