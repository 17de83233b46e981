// The page's import of hostile pastes, in a browser of its own so that what it measures is
// this page alone: each read ends in a message within 3 s, Chromium under 1 GB all the
// while, and a sensitive value never reaches the link or storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, field, screenshot } from './support/harness.mjs';

const env = useBrowser();
const SECRET = 'SECRET-TOKEN-do-not-print';

async function kept(page) {
  return page.evaluate(() => location.href + JSON.stringify({ ...localStorage }) + JSON.stringify(history.state));
}

const MODULE = (body, locals = '') => `
variable "hcloud_token" {
  sensitive = true
  default   = "${SECRET}-0123"
}
locals {
${locals}
}
module "k" {
  source  = "kube-hetzner/kube-hetzner/hcloud"
  version = "2.18.4"
${body}
}
`;
const chain = (n, line) => Array.from({ length: n }, (_, k) => line(k + 1, k)).join('\n');
const HOSTILE = [
  ['nested loops', MODULE('network_ipv4_cidr = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]'), /evaluation stopped/],
  ['doubled text', MODULE('network_ipv4_cidr = local.s40', chain(40, (k, p) => `s${k} = "\${local.s${p}}\${local.s${p}}"`) + '\ns0 = "xxxxxxxx"'), /evaluation stopped/],
  ['multiplied replacements', MODULE('network_ipv4_cidr = local.r5', chain(5, (k, p) => `r${k} = replace(local.r${p}, "x", local.r${p})`) + `\nr0 = "${'x'.repeat(300)}"`), /evaluation stopped/],
  ['arithmetic in a directive', MODULE('network_ipv4_cidr = "%{ if 0 / 0 == 1 }x%{ endif }"'), /can't divide zero by zero/],
  ['a sensitive value routed into the plan', MODULE('network_ipv4_cidr = var.hcloud_token\n  cluster_ipv4_cidr = lookup({ a = 1 }, var.hcloud_token)\n  agent_nodepools = [{ count = 1, subnet_ip_range = var.hcloud_token }]'), /cannot be evaluated here|sensitive/],
  ['a sensitive network', MODULE('network_ipv4_cidr = sensitive("10.55.0.0/16")\n  cluster_ipv4_cidr = "${var.hcloud_token == "" ? "" : "10.56.0.0/16"}"'), /cluster_ipv4_cidr derives from a sensitive variable/],
  ['an object of 20,000 items', MODULE(`subnet_amount = length({ ${Array.from({ length: 20000 }, (_, k) => `k${k} = ${k}`).join(', ')} })`), /more than 4096 items/],
  ['a 2 MB paste', MODULE('') + `# ${'x'.repeat(97)}\n`.repeat(21_000), /larger than 1 MB/],
];

/** The memory of every Chromium process, in bytes: each one's proportional set size, so
 * pages shared between processes count once. */
async function chromiumMemory() {
  const { readdir, readFile: read } = await import('node:fs/promises');
  let total = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const status = await read(`/proc/${pid}/status`, 'utf8');
      if (!/^Name:\s+chrom/m.test(status)) continue;
      const rollup = await read(`/proc/${pid}/smaps_rollup`, 'utf8');
      total += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
    } catch { /* the process ended */ }
  }
  return total;
}

test('import: hostile pastes end in a message within 3 s, under 1 GB, with nothing sensitive kept', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  for (const [what, text, expected] of HOSTILE) {
    // A fresh page each time: no message of the one before is left to match.
    await page.goto(env.server.url);
    await page.waitForSelector('[data-summary]');
    await page.click('[data-import-open]');
    await page.waitForSelector('[data-import-text]');
    // Set as a paste would, without typing nine million characters.
    await page.evaluate((value) => {
      const area = document.querySelector('[data-import-text]');
      area.value = value;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await chromiumMemory());
        await new Promise((done) => setTimeout(done, 50));
      }
    })();
    const start = Date.now();
    // A paste the page refuses as it is pasted leaves nothing to read.
    if (await page.isEnabled('[data-import-read]')) await page.click('[data-import-read]', { timeout: 5000 });
    const message = await page.waitForFunction((pattern) => {
      const texts = [...document.querySelectorAll('[data-notice], [data-import-status]')].map((e) => e.textContent);
      return texts.find((t) => new RegExp(pattern).test(t));
    }, expected.source, { timeout: 10_000 });
    const took = Date.now() - start;
    sampling = false;
    await sampler;
    console.log(`${what}: ${took} ms, peak ${Math.round(peak / 1024 ** 2)} MB`);
    assert.ok(took < 3000, `${what}: ${took} ms`);
    assert.ok(peak < 1024 ** 3, `${what}: ${Math.round(peak / 1024 ** 2)} MB`);
    assert.ok(!(await message.jsonValue()).includes(SECRET), what);
    if (/sensitive network|paste/.test(what)) await screenshot(page, `hostile-${what.replace(/\W+/g, '-')}`);
    // Nothing sensitive in the link, the history or storage, once the plan is written.
    await page.waitForFunction(() => location.hash.includes('network_ipv4_cidr') || !document.querySelector('[data-notice][data-imported]'));
    const stored = await kept(page);
    assert.ok(!stored.includes(SECRET) && !stored.includes('10.55.0.0') && !stored.includes('10.56.0.0'), `${what}: ${stored}`);
    if (await page.locator('[data-import-text]').count()) await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-import-text]'));
  }
  // Whatever was imported and written to the link and storage holds no sensitive value.
  await page.fill(field('network_ipv4_cidr'), '10.99.0.0/16');
  await page.waitForFunction(() => location.hash.includes('10.99.0.0') && JSON.stringify({ ...localStorage }).includes('10.99.0.0'));
  assert.ok(!(await kept(page)).includes(SECRET));
  assert.deepEqual(problems, []);
});
