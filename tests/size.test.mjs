// The first load's size, deterministically: the bytes of every file a first visit fetches,
// compressed as a server would. Timings stay in `make bench`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, dist } from './support/harness.mjs';
import { firstLoad, table, CEILING_GZIP, EMBED_CEILING_GZIP } from './support/size.mjs';

const env = useBrowser();

test('the first load stays under its ceiling, and fetches neither the worker nor anything lazy', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const load = await firstLoad(page, env.server.url, dist, () => document.querySelector('[data-summary]') !== null);
  await context.close();
  console.log(`${table(load)}\nfirst load ${load.gzip} B gzip: ceiling ${CEILING_GZIP} (${CEILING_GZIP - load.gzip} B under it)`);
  // The boot script is inline in the page.
  assert.deepEqual(Object.keys(load.files).sort(), ['index.html', 'khcidr-web.js', 'khcidr-web_bg.wasm', 'style.css']);
  assert.ok(load.gzip <= CEILING_GZIP, `the first load grew to ${load.gzip} B gzip, past its ceiling of ${CEILING_GZIP} B:\n${table(load)}`);
});

// The 2024 write-up's plan, as a documentation page embeds it.
const EMBED = '#network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20&service_ipv4_cidr=10.20.144.0/20&agents=2&module_version=2.12.0&embed=1&readonly=1';

test('a read-only embed fetches its own build, not the editor, and stays under its ceiling', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  const load = await firstLoad(page, env.server.url + EMBED, dist, () => document.querySelector('svg.bars') !== null);
  await context.close();
  console.log(`${table(load)}\nread-only embed ${load.gzip} B gzip: ceiling ${EMBED_CEILING_GZIP} (${EMBED_CEILING_GZIP - load.gzip} B under it)`);
  assert.deepEqual(Object.keys(load.files).sort(), ['index.html', 'khcidr-view.js', 'khcidr-view_bg.wasm', 'style.css']);
  assert.ok(load.gzip <= EMBED_CEILING_GZIP, `a read-only embed grew to ${load.gzip} B gzip, past its ceiling of ${EMBED_CEILING_GZIP} B:\n${table(load)}`);
});
