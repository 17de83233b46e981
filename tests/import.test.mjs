// Import kube.tf in headless Chromium: paste, pick or drop the files; the plan fills in as
// one history step with the notes beside it; the reader loads only when used; nothing of
// the file is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useBrowser, openPage, screenshot, field, finding, root } from './support/harness.mjs';

const env = useBrowser();
const fixtures = join(root, 'crates', 'cli', 'tests', 'fixtures', 'kubetf');
const SECRET = 'SECRET-TOKEN-do-not-print';

// The incident, as one pasted file: locals, cidrsubnet(), a release and a token.
const PASTED = `
variable "hcloud_token" {
  sensitive = true
  default   = "${SECRET}-0123456789"
}
locals {
  base = "10.20.0.0/16"
}
module "kube-hetzner" {
  source            = "kube-hetzner/kube-hetzner/hcloud"
  version           = "2.12.0"
  hcloud_token      = var.hcloud_token
  network_ipv4_cidr = cidrsubnet(local.base, 1, 1)
  cluster_ipv4_cidr = cidrsubnet(local.base, 4, 8)
  service_ipv4_cidr = cidrsubnet(local.base, 4, 9)
  control_plane_nodepools = [{ name = "cp", count = 1 }, { name = "cp2", count = 1 }, { name = "cp3", count = 1 }]
  agent_nodepools   = [{ name = "a", count = 2 }]
  cluster_dns_ipv4  = var.dns
}
variable "dns" {}
`;

async function kept(page) {
  return page.evaluate(() => location.href + JSON.stringify({ ...localStorage }) + JSON.stringify(history.state));
}

test('import: a pasted kube.tf fills the plan as one step, with its notes; the reader loads only then', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  const fetched = [];
  page.on('request', (r) => fetched.push(r.url()));
  await page.fill(field('network_ipv4_cidr'), '10.99.0.0/16');
  await page.waitForFunction(() => location.hash.includes('10.99.0.0'));
  assert.equal(fetched.filter((u) => u.includes('khcidr-import')).length, 0, 'not loaded before it is used');

  await page.click('[data-import-open]');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.importText), '', 'focus goes to the text area');
  await page.fill('[data-import-text]', PASTED);
  await page.click('[data-import-read]');
  await page.waitForSelector('[data-notice][data-imported]');
  assert.ok(fetched.some((u) => u.endsWith('khcidr-import_bg.wasm')), 'the reader was loaded');

  assert.equal(await page.inputValue(field('network_ipv4_cidr')), '10.20.128.0/17');
  assert.equal(await page.inputValue(field('cluster_ipv4_cidr')), '10.20.128.0/20');
  assert.equal(await page.inputValue(field('service_ipv4_cidr')), '10.20.144.0/20');
  assert.equal(await page.inputValue('#module-version'), '2.12.0');
  assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'error');
  assert.equal(await page.locator(finding('pod-subnet-overlap', 'error')).count(), 1);
  const notice = await page.locator('[data-notice]').innerText();
  assert.match(notice, /Read module "kube-hetzner" at kube\.tf:9/);
  assert.match(notice, /kube\.tf:18: cluster_dns_ipv4 waits for var\.dns, which has no value here/);
  assert.equal(await page.locator('[data-import-text]').count(), 0, 'the panel closes');
  // The pools keep the names the file gives them.
  assert.deepEqual(await page.locator('[data-pool-name]').allTextContents(), ['cp', 'cp2', 'cp3', 'a']);
  await screenshot(page, 'import-pasted');

  // Nothing of the file is kept: not the token, not the text. Asked once the imported plan
  // is in the link and in storage.
  await page.waitForFunction(() => location.hash.includes('network_ipv4_cidr=10.20.128.0/17')
    && Object.values(localStorage).some((v) => v.includes('network_ipv4_cidr=10.20.128.0/17')));
  const stored = await kept(page);
  assert.ok(!stored.includes(SECRET) && !stored.includes('hcloud_token'), stored);

  // One history step: Back is the plan from before the import.
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('input[data-field="network_ipv4_cidr"]').value === '10.99.0.0/16');
  assert.deepEqual(problems, []);
});

// A network from a variable with no value: not "Nothing breaks" under a note, but a
// provisional verdict that names what it waits for, and a field to give it, read as a
// .tfvars line; the file is then read again with it.
test('import: values the file leaves unknown make the verdict provisional and are asked for inline', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.click('[data-import-open]');
  await page.fill('[data-import-text]', `
variable "network" {}
variable "hcloud_token" {
  sensitive = true
  default   = "${SECRET}-0123456789"
}
module "kube-hetzner" {
  source            = "kube-hetzner/kube-hetzner/hcloud"
  version           = "2.18.4"
  hcloud_token      = var.hcloud_token
  network_ipv4_cidr = var.network
  control_plane_nodepools = [{ name = "cp", count = 1, location = var.location }]
  agent_nodepools   = [{ name = "a", count = 2 }]
}
variable "location" {}
`);
  await page.click('[data-import-read]');
  await page.waitForSelector('[data-unknown-values]');
  assert.equal(await page.getAttribute('[data-verdict]', 'data-verdict'), 'provisional');
  assert.match(await page.locator('#verdict .badge').innerText(), /^Provisional: 1 value unknown$/);
  assert.match(await page.locator('[data-verdict-waits]').innerText(), /Waits for var\.network/);
  // One field: the location places no address.
  assert.equal(await page.locator('[data-unknown]').count(), 1);
  await screenshot(page, 'import-provisional');
  await page.fill('[data-unknown="network"]', '"10.1.0.0/16"');
  await page.click('[data-unknown-submit]');
  await page.waitForFunction(() => document.querySelector('input[data-field="network_ipv4_cidr"]').value === '10.1.0.0/16');
  assert.equal(await page.locator('[data-unknown-values]').count(), 0);
  assert.notEqual(await page.getAttribute('[data-verdict]', 'data-verdict'), 'provisional');
  // A value typed into a field by hand is given too.
  const stored = await page.evaluate(() => location.href + JSON.stringify({ ...localStorage }));
  assert.ok(!stored.includes(SECRET), stored);
  assert.deepEqual(problems, []);
});

test('import: files picked or dropped are read with their terraform.tfvars', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url, { width: 390, height: 844 });
  const main = await readFile(join(fixtures, 'infra', 'main.tf'), 'utf8');
  const tfvars = await readFile(join(fixtures, 'infra', 'terraform.tfvars'), 'utf8');
  const auto = await readFile(join(fixtures, 'infra', 'variables.auto.tfvars'), 'utf8');

  await page.evaluate((files) => {
    const transfer = new DataTransfer();
    for (const [name, text] of files) transfer.items.add(new File([text], name));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, [['main.tf', main], ['terraform.tfvars', tfvars], ['variables.auto.tfvars', auto]]);
  await page.waitForSelector('[data-notice][data-imported]');
  assert.equal(await page.inputValue(field('network_ipv4_cidr')), '10.20.128.0/17', 'from terraform.tfvars');
  assert.equal(await page.inputValue(field('cluster_ipv4_cidr')), '10.20.128.0/20');
  assert.equal(await page.inputValue('#module-version'), '2.18.5', 'the newest release "~> 2.18.1" allows');
  assert.match(await page.locator('[data-notice]').innerText(), /"~> 2\.18\.1" is a constraint: checked on 2\.18\.5/);
  await screenshot(page, 'import-dropped-390');

  await page.click('[data-import-open]');
  await page.setInputFiles('[data-import-files]', [
    { name: 'kube.tf', mimeType: 'text/plain', buffer: Buffer.from(await readFile(join(fixtures, 'unresolved', 'kube.tf'))) },
  ]);
  await page.waitForFunction(() => document.querySelector('#module-version').value === '2.18.4');
  assert.match(await page.locator('[data-notice]').innerText(), /network_ipv4_cidr waits for data\.hcloud_network\.existing\.ip_range/);
  // Known only to Terraform: listed, with no field; var.pods gets one.
  assert.match(await page.locator('[data-unknown-values]').innerText(), /Known only to Terraform[\s\S]*data\.hcloud_network\.existing\.ip_range at kube\.tf:17/);
  assert.equal(await page.locator('[data-unknown="pods"]').count(), 1);
  assert.ok(!(await kept(page)).includes(SECRET));
  assert.deepEqual(problems, []);
});

// A file written with 2.x names and no version: use_control_plane_lb (variables.tf v2.0.0
// to v2.21.0) and subnet_amount (v2.19.0 to v2.21.0) plan only on 2.19.0 to 2.21.0.
const TWO_X = `module "kube-hetzner" {
  source               = "kube-hetzner/kube-hetzner/hcloud"
  network_ipv4_cidr    = "10.0.0.0/8"
  use_control_plane_lb = true
  subnet_amount        = 64
}
`;

test('import: an unpinned file is read under a release that declares its names; picking another reads it again', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.click('[data-import-open]');
  await page.fill('[data-import-text]', TWO_X);
  await page.click('[data-import-read]');
  await page.waitForSelector('[data-notice][data-imported]');
  assert.equal(await page.inputValue('#module-version'), '2.21.0');
  const notice = () => page.locator('[data-notice]').innerText();
  assert.match(await notice(), /use_control_plane_lb and subnet_amount exist together only in 2\.19\.0 to 2\.21\.0: checked on 2\.21\.0/);
  await page.waitForFunction(() => location.hash.includes('control_plane_lb=true'));

  // Picked 3.1.0: the file is read again under 3.1.0's names, which refuse both.
  const before = await page.evaluate(() => history.length);
  await page.selectOption('#module-version', '3.1.0');
  await page.waitForFunction(() => document.querySelector('[data-notice]')?.textContent.includes('picked on the page'));
  assert.match(await notice(), /checked on 3\.1\.0, the release picked on the page: the file's arguments are read under its names/);
  assert.match(await notice(), /an argument named "use_control_plane_lb" is not expected here\. kube-hetzner 3\.1\.0 declares no variable use_control_plane_lb \(2\.0\.0 to 2\.21\.0 do\)/);
  await page.waitForFunction(() => !location.hash.includes('control_plane_lb=true'));
  assert.equal(await page.evaluate(() => history.length), before + 1, 'one history step');
  await screenshot(page, 'import-reread');

  // Edited, the plan is no longer the file's: a release is then only a release.
  await page.fill(field('cluster_ipv4_cidr'), '10.50.0.0/16');
  await page.selectOption('#module-version', '2.19.0');
  await page.waitForFunction(() => location.hash.includes('module_version=2.19.0'));
  assert.equal(await page.inputValue(field('cluster_ipv4_cidr')), '10.50.0.0/16', 'the edit is kept');
  assert.ok(!(await notice()).includes('2.19.0, the release picked'), await notice());
  assert.deepEqual(problems, []);
});

test('import: broken HCL and a foreign file say where, and keep the plan', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.fill(field('network_ipv4_cidr'), '10.99.0.0/16');
  await page.click('[data-import-open]');
  await page.fill('[data-import-text]', await readFile(join(fixtures, 'broken', 'kube.tf'), 'utf8'));
  await page.click('[data-import-read]');
  await page.waitForFunction(() => document.querySelector('[data-import-status]').textContent.includes('Could not read'));
  // Where, in words, styled as an error, with the line it means quoted and marked.
  const status = page.locator('[data-import-status]');
  assert.match(await status.innerText(), /kube\.tf line 4, column \d+: /);
  assert.match(await status.getAttribute('class'), /\berror\b/);
  assert.match(await page.locator('[data-import-quote]').innerText(), /^4 \| .*\n +\| +\^$/);
  assert.ok(!(await status.innerText()).includes(SECRET));
  // New text: the old message goes.
  await page.fill('[data-import-text]', 'module "vpc" {');
  assert.equal(await page.locator('[data-import-status] p').count(), 0, 'the old error is cleared');
  await page.fill('[data-import-text]', 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n');
  await page.click('[data-import-read]');
  await page.waitForFunction(() => document.querySelector('[data-import-status]').textContent.includes('no module block'));
  assert.equal(await page.inputValue(field('network_ipv4_cidr')), '10.99.0.0/16', 'the plan is kept');
  await screenshot(page, 'import-failed');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-import-text]').count(), 0, 'Esc closes the panel');
  assert.deepEqual(problems, []);
});

test('import: files dragged over the page show where to drop them, and a new import clears the last one\'s banner', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  const drag = await page.evaluateHandle(() => { const d = new DataTransfer(); d.items.add(new File(['x'], 'kube.tf')); return d; });
  await page.dispatchEvent('main', 'dragover', { dataTransfer: drag });
  await page.waitForSelector('[data-drop-target]');
  assert.match(await page.locator('[data-drop-target]').innerText(), /Drop your kube\.tf/);
  await page.evaluate(() => window.dispatchEvent(new DragEvent('dragleave', { relatedTarget: null })));
  await page.waitForSelector('[data-drop-target]', { state: 'detached' });
  // An import, then a broken one: the first one's banner does not stay above the new error.
  await page.click('[data-import-open]');
  await page.fill('[data-import-text]', PASTED);
  await page.click('[data-import-read]');
  await page.waitForSelector('[data-notice][data-imported]');
  await page.click('[data-import-open]');
  await page.fill('[data-import-text]', 'module "k" {\n  source = "kube-hetzner/kube-hetzner/hcloud"\n  x = 1 2\n}\n');
  await page.click('[data-import-read]');
  await page.waitForFunction(() => document.querySelector('[data-import-status]').textContent.includes('Could not read'));
  assert.equal(await page.locator('[data-notice][data-imported]').count(), 0);
  assert.deepEqual(problems, []);
});

test('a pasted kube.tf line or quoted value in a field reads as its value', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.fill(field('network_ipv4_cidr'), 'network_ipv4_cidr = "10.30.0.0/16"');
  assert.equal(await page.inputValue(field('network_ipv4_cidr')), '10.30.0.0/16');
  await page.fill(field('cluster_ipv4_cidr'), '"10.31.0.0/16"');
  assert.equal(await page.inputValue(field('cluster_ipv4_cidr')), '10.31.0.0/16');
  assert.equal(await page.locator('[data-field-error="network_ipv4_cidr"]').innerText(), '');
  assert.deepEqual(problems, []);
});
