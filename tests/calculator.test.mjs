// The visual calculator in headless Chromium: presets, bars and overlap marks, the
// what-if node count, highlighting, zoom, share links, history, storage and exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, screenshot, field, finding } from './support/harness.mjs';

const env = useBrowser();
const segment = (role, range) => `g.seg[data-role="${role}"][data-range="${range}"]`;
const overlap = (severity, range) => `g.mark[data-severity="${severity}"][data-range="${range}"]`;

/** Opens a plan's link in the page, as following a link to it would. */
async function loadLink(page, fragment) {
  await page.evaluate((f) => { location.hash = f; }, fragment);
  await page.waitForFunction((f) => location.hash === f, fragment);
}

const FIX = '#network_ipv4_cidr=10.20.0.0/16&cluster_ipv4_cidr=10.20.128.0/17&service_ipv4_cidr=10.20.64.0/19'
  + '&cluster_dns_ipv4=10.20.64.10&control_planes=1,1,1&agents=1,1';

test('preset: module defaults draw every subnet and mark the 43rd agent pool', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.click('[data-preset="defaults"]');
  assert.equal(await page.getAttribute('svg.bars', 'data-axis'), '10.0.0.0/8');
  for (const [role, range] of [['agent', '10.0.0.0/16'], ['agent', '10.1.0.0/16'], ['control-plane', '10.255.0.0/16'],
    ['pods', '10.42.0.0/16'], ['pod-blocks', '10.42.0.0/21'], ['services', '10.43.0.0/16'], ['api', '10.43.0.1'], ['dns', '10.43.0.10']]) {
    assert.equal(await page.locator(segment(role, range)).count(), 1, `${role} ${range}`);
  }
  assert.equal(await page.locator('g.mark[data-severity="error"]').count(), 0);
  assert.equal(await page.locator('text[data-mark-label="10.42.0.0/16"]').textContent(), 'at agent pool 43');
  assert.equal(await page.locator('tr[data-row-role="agent"]').count(), 2, 'the table lists the same ranges');
  await screenshot(page, 'preset-defaults');
  assert.deepEqual(problems, []);
});

test('preset: the 2024 incident draws and lists its overlap, and clicking it highlights the ranges', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.click('[data-preset="incident"]');
  assert.equal(await page.inputValue(field('network_ipv4_cidr')), '10.20.128.0/17');
  assert.equal(await page.inputValue('#module-version'), '2.12.0');
  const error = page.locator(finding('pod-subnet-overlap', 'error'));
  assert.match(await error.innerText(), /the route 10\.20\.128\.0\/24 via 10\.20\.128\.101/);
  // The module's own documentation, for this release.
  assert.equal(await error.locator('[data-docs]').getAttribute('href'),
    'https://registry.terraform.io/modules/kube-hetzner/kube-hetzner/hcloud/2.12.0?tab=inputs');
  const band = page.locator(overlap('error', '10.20.128.0/25'));
  assert.equal(await band.getAttribute('data-overlap'), 'pod-subnet-overlap');
  assert.equal(await page.locator(`text[data-mark-label="${await band.getAttribute('data-range')}"]`).textContent(), 'collides now');

  await error.locator('button.finding-head').click();
  // Showing it zooms to what it names: the block, the subnet and the node's address.
  await page.waitForFunction(() => document.querySelector('svg.bars').dataset.axis === '10.20.128.0/24');
  assert.match(await page.getAttribute(segment('agent', '10.20.128.0/25'), 'class'), /\bhl\b/);
  assert.match(await band.getAttribute('class'), /\bhl\b/);
  assert.equal(await page.locator(segment('control-plane', '10.20.255.0/25')).count(), 0, 'the rest is out of the picture');
  await screenshot(page, 'preset-incident');
  assert.deepEqual(problems, []);
});

test('the suggested fix has no error and an info from node 126', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + FIX);
  assert.equal(await page.locator('[data-severity="error"]').count(), 0);
  const info = page.locator(finding('pod-subnet-overlap', 'info'));
  assert.match(await info.innerText(), /From node 126:/);
  assert.equal(await page.locator('text[data-mark-label="10.20.253.0/24"]').textContent(), 'from node 126');
  assert.equal(await page.locator('[data-capacity="max-nodes"] .value').innerText(), '100');
  await screenshot(page, 'preset-fix');
  assert.deepEqual(problems, []);
});

test('a bad value is reported beside its field while the other ranges stay drawn', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.fill(field('cluster_ipv4_cidr'), '10.42.0.0/33');
  assert.match(await page.locator('[data-field-error="cluster_ipv4_cidr"]').innerText(), /not an IPv4 CIDR/);
  assert.equal(await page.locator(finding('invalid-cidr', 'error')).count(), 1);
  assert.equal(await page.locator(segment('services', '10.43.0.0/16')).count(), 1);
  assert.equal(await page.locator('g.seg[data-role="pods"]').count(), 0);
  await screenshot(page, 'bad-value');
  assert.deepEqual(problems, []);
});

test('the node-count control moves a conflict from warning to error at the node where it starts', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url
    + '#network_ipv4_cidr=10.20.0.0/16&cluster_ipv4_cidr=10.20.192.0/18&service_ipv4_cidr=10.20.64.0/19&control_planes=1,1,1&agents=1,1');
  const warning = page.locator(finding('pod-subnet-overlap', 'warning'));
  assert.match(await warning.innerText(), /From node 62:/);
  assert.equal(await page.locator(overlap('warning', '10.20.253.0/24')).count(), 1);

  await page.fill('[data-nodes]', '61');
  assert.equal(await page.locator(finding('pod-subnet-overlap', 'warning')).count(), 1, 'still a warning at 61');
  await page.fill('[data-nodes]', '62');
  await page.locator(finding('pod-subnet-overlap', 'error')).waitFor();
  assert.match(await page.locator(finding('pod-subnet-overlap', 'warning')).innerText(), /From node 63:/,
    'the next control-plane subnet is still ahead');
  assert.equal(await page.locator(overlap('error', '10.20.253.0/24')).count(), 1);
  assert.equal(await page.locator(overlap('warning', '10.20.253.0/24')).count(), 0);
  assert.equal(await page.inputValue('[data-nodes-slider]'), '62');
  await page.waitForFunction(() => location.hash.endsWith('&nodes=62'));
  await screenshot(page, 'what-if-62-nodes');
  assert.deepEqual(problems, []);
});

test('clicking a range zooms the axis to it, and zoom out returns', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.click('[data-zoom-lane="pods"]');
  assert.equal(await page.getAttribute('svg.bars', 'data-axis'), '10.42.0.0/16');
  const ticks = await page.locator('text.tick-label').allTextContents();
  assert.ok(ticks.includes('10.42.0.0') && ticks.includes('10.42.255.255'), `the axis' ends: ${ticks}`);
  await page.click('[data-zoom-out]');
  await loadLink(page, FIX);
  const pods = page.locator(segment('pods', '10.20.128.0/17'));
  const box = await pods.boundingBox();
  await pods.click({ position: { x: box.width - 6, y: 3 } });
  assert.equal(await page.getAttribute('svg.bars', 'data-axis'), '10.20.128.0/17', 'clicking the range itself zooms too');
  await page.focus(segment('pod-blocks', '10.20.128.0/21'));
  assert.equal(await page.locator('[data-detail]').innerText(), '5 pod blocks in use: 10.20.128.0 – 10.20.132.255 · 1280 addresses');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('svg.bars', 'data-axis'), '10.20.128.0/21', 'Enter on a focused range zooms');
  await page.waitForFunction(() => document.activeElement?.dataset.range === '10.20.128.0/21', null, { timeout: 2000 });
  await screenshot(page, 'zoomed');
  // Esc zooms out, and the keyboard stays on the range it had zoomed into.
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('svg.bars').dataset.axis !== '10.20.128.0/21');
  await page.waitForFunction(() => document.activeElement?.dataset.range === '10.20.128.0/21', null, { timeout: 2000 });
  await page.keyboard.press('Enter');
  await page.click('[data-zoom-out]');
  assert.equal(await page.getAttribute('svg.bars', 'data-axis'), '10.20.0.0/16');
  assert.deepEqual(problems, []);
});

test('a share link round-trips the plan, and back and forward step through edits', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.click('[data-preset="incident"]');
  const link = await page.evaluate(() => location.href);
  assert.match(link, /#network_ipv4_cidr=10\.20\.128\.0\/17&cluster_ipv4_cidr=10\.20\.128\.0\/20&service_ipv4_cidr=10\.20\.144\.0\/20&control_planes=1,1,1&agents=2&module_version=2\.12\.0$/);

  const other = await openPage(env.browser, link);
  assert.equal(await other.page.inputValue(field('cluster_ipv4_cidr')), '10.20.128.0/20');
  assert.equal(await other.page.inputValue('input[data-pool="agent-0"]'), '2');
  assert.equal(await other.page.locator(finding('pod-subnet-overlap', 'error')).count(), 1);

  await loadLink(page, FIX);
  assert.equal(await page.inputValue(field('network_ipv4_cidr')), '10.20.0.0/16');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('input[data-field="network_ipv4_cidr"]').value === '10.20.128.0/17');
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('input[data-field="network_ipv4_cidr"]').value === '10.20.0.0/16');
  assert.deepEqual([...problems, ...other.problems], []);
});

test('typing a CIDR or a setting, or dragging the node count, reaches the link once it pauses, as one history entry', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.click('[data-preset="incident"]');
  await page.waitForFunction(() => location.hash.includes('module_version=2.12.0'));
  const entries = await page.evaluate(() => history.length);
  await page.fill(field('service_ipv4_cidr'), '');
  await page.locator(field('service_ipv4_cidr')).pressSequentially('10.96.0.0/12', { delay: 15 });
  await page.waitForFunction(() => location.hash.includes('service_ipv4_cidr=10.96.0.0/12'));
  assert.equal(await page.evaluate(() => history.length), entries + 1, 'thirteen keystrokes, one entry');

  await page.focus('[data-nodes-slider]');
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash.endsWith('&nodes=15'));
  assert.equal(await page.evaluate(() => history.length), entries + 2, 'ten slider steps, one entry');
  await page.click('details.advanced summary');
  await page.fill('#node-mask', '');
  await page.locator('#node-mask').pressSequentially('25', { delay: 15 });
  await page.waitForFunction(() => location.hash.includes('node_mask=25'));
  assert.equal(await page.evaluate(() => history.length), entries + 3, 'a setting typed digit by digit, one entry');
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('node_mask='));
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('[data-nodes]').value === '5');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('input[data-field="service_ipv4_cidr"]').value === '10.20.144.0/20');
  assert.deepEqual(problems, []);
});

test('the last plan survives a reload without a link, and reset forgets it', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.fill(field('service_ipv4_cidr'), '10.96.0.0/12');
  await page.goto(env.server.url + '?again');
  await page.waitForSelector('[data-summary]');
  assert.equal(await page.inputValue(field('service_ipv4_cidr')), '10.96.0.0/12');
  await page.click('[data-reset]');
  assert.equal(await page.inputValue(field('service_ipv4_cidr')), '10.43.0.0/16');
  await page.goto(env.server.url + '?third');
  await page.waitForSelector('[data-summary]');
  assert.equal(await page.inputValue(field('service_ipv4_cidr')), '10.43.0.0/16');
  assert.deepEqual(problems, []);
});

test('a broken link keeps the valid part, says what it ignored, and renders no markup', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url
    + '#network_ipv4_cidr=10.20.0.0/16&agents=1,x&cni=%3Cimg%20src=x%20onerror=alert(1)%3E&%3Cb%3Ebold%3C/b%3E=1');
  assert.equal(await page.inputValue(field('network_ipv4_cidr')), '10.20.0.0/16');
  const notice = page.locator('[data-notice]');
  assert.match(await notice.innerText(), /agents: "x" is not a node count/);
  assert.match(await notice.innerText(), /<b>bold<\/b>: unknown key/);
  assert.equal(await page.locator('[data-notice] b, [data-notice] img').count(), 0);
  await screenshot(page, 'broken-link');
  assert.deepEqual(problems, []);
});

test('copy kube.tf and CLI give the plan as text', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + FIX);
  await page.click('[data-copy="kube-tf"]');
  assert.match(await page.locator('[data-export="kube-tf"]').innerText(), /network_ipv4_cidr = "10\.20\.0\.0\/16"\ncluster_ipv4_cidr = "10\.20\.128\.0\/17"/);
  await page.click('[data-copy="cli"]');
  assert.equal(await page.locator('[data-export="cli"]').innerText(),
    'khcidr check --network 10.20.0.0/16 --cluster 10.20.128.0/17 --service 10.20.64.0/19 --dns 10.20.64.10');
  assert.deepEqual(problems, []);
});

test('usable at 360 px: no horizontal scrolling, every control reachable by keyboard', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + FIX, { width: 360, height: 800 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => 'skip' in document.activeElement.dataset), true, 'the skip link comes first');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => 'langSwitch' in document.activeElement.dataset), true, 'then the language switch');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => 'verdictShow' in document.activeElement.dataset), true, 'then the verdict');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => 'fixOpen' in document.activeElement.dataset), true, 'then the toolbar\'s first action');
  await screenshot(page, 'mobile-360');
  assert.deepEqual(problems, []);
});

test('the release picker redraws the plan for the chosen release, and the link and Back follow it', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + '#network_ipv4_cidr=10.0.0.0/17');
  const picker = page.locator('#module-version');
  assert.equal(await picker.inputValue(), '3.1.0', 'the newest release by default');
  assert.equal(await page.locator('#module-version optgroup').count(), 2, 'grouped by major');
  assert.equal(await page.locator('#module-version option').first().getAttribute('value'), '3.1.0', 'newest first');
  assert.equal(await page.locator(`${finding('subnet-too-small', 'error')}`).count(), 0);

  await picker.selectOption('2.18.4');
  await page.waitForFunction(() => location.hash.includes('module_version=2.18.4'));
  assert.match(await page.locator('#release-era').innerText(), /^2\.18\.3 to 2\.18\.4: private default route via host 1 of the network/);
  const error = page.locator(finding('subnet-too-small', 'error'));
  assert.match(await error.innerText(), /ingress load balancer's IP, host 254 of 10\.0\.0\.0\/25/);
  assert.match(await error.innerText(), /prefix of 25 does not accommodate a host numbered 254/);
  // Settings 2.18.4 does not have are disabled and named as the first release that has
  // them names them (variables.tf @2.19.0 declares subnet_amount; 3.0.0 renamed it).
  await page.click('details.advanced summary');
  assert.equal(await page.isDisabled('#subnet-count'), true);
  assert.match(await page.locator('[data-missing]').innerText(), /no subnet_amount \(from 2\.19\.0\), network_subnet_mode \(from 3\.0\.0\)/);
  await screenshot(page, 'release-2.18.4');

  await picker.selectOption('2.18.5');
  await page.waitForFunction(() => location.hash.includes('module_version=2.18.5'));
  assert.equal(await error.count(), 0, '2.18.5 moved the load balancer to -2');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#module-version').value === '2.18.4');
  assert.equal(await page.locator(finding('subnet-too-small', 'error')).count(), 1);
  assert.deepEqual(problems, []);
});

test('an agent pool takes its own subnet from 2.19.0, and the link keeps it', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + '#module_version=2.18.4');
  assert.equal(await page.locator('#agent-subnet-1').count(), 0, '2.18.4 has no subnet_ip_range');
  await page.locator('#module-version').selectOption('2.19.0');
  await page.fill('#agent-subnet-1', '10.100.0.0/16');
  await page.waitForFunction(() => decodeURIComponent(location.hash).includes('agent_subnets=1=10.100.0.0/16'));
  assert.equal(await page.locator(segment('agent', '10.100.0.0/16')).count(), 1);
  await page.reload();
  await page.waitForSelector('[data-summary]');
  assert.equal(await page.inputValue('#agent-subnet-1'), '10.100.0.0/16');
  assert.deepEqual(problems, []);
});

test('after an edit the copy panel says it shows the old plan, and copies the current one on demand', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + FIX);
  await page.click('[data-copy="cli"]');
  const panel = page.locator('.export');
  assert.equal(await panel.getAttribute('data-stale'), 'false');
  await page.fill(field('network_ipv4_cidr'), '10.30.0.0/16');
  assert.equal(await panel.getAttribute('data-stale'), 'true');
  assert.match(await page.locator('[data-export="cli"]').innerText(), /--network 10\.20\.0\.0\/16/, 'what is on the clipboard');
  await page.click('[data-copy-again]');
  assert.equal(await panel.getAttribute('data-stale'), 'false');
  assert.match(await page.locator('[data-export="cli"]').innerText(), /--network 10\.30\.0\.0\/16/);
  assert.deepEqual(problems, []);
});

test('the what-if number can be cleared and retyped, and the slider marks Hetzner\'s 100 and where findings start', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + FIX);
  const number = page.locator('#nodes-number');
  await number.click();
  await number.press('Control+a');
  await number.press('Backspace');
  assert.equal(await number.inputValue(), '', 'an emptied field stays empty');
  await number.pressSequentially('100');
  assert.equal(await number.inputValue(), '100');
  // The slider follows once the page has drawn the typed count (a frame later on a busy machine).
  await page.waitForFunction(() => document.querySelector('#nodes-slider').value === '100');
  const marks = await page.locator('[data-slider-mark]').evaluateAll((buttons) => buttons.map((b) => b.dataset.sliderMark));
  assert.ok(marks.includes('100'), `${marks}`);
  assert.ok(marks.includes('126'), `the fix's info starts at node 126: ${marks}`);
  assert.equal(await page.getAttribute(field('network_ipv4_cidr'), 'inputmode'), 'url', 'phone keyboards offer "/"');
  assert.deepEqual(problems, []);
});

test('a link repeating one mistake lists it once, with how often', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + '#bogus=1&bogus=2&bogus=3&network_ipv4_cidr=10.20.0.0/16');
  const items = page.locator('[data-notice] li');
  assert.equal(await items.count(), 1);
  assert.match(await items.innerText(), /bogus: unknown key; default kept \(×3\)/);
  assert.deepEqual(problems, []);
});

for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`typing the incident puts the error verdict on the first screen at ${width}x${height}, with the cause's fields outlined`, async () => {
    const { page, problems } = await openPage(env.browser, env.server.url, { width, height });
    const verdict = page.locator('[data-verdict]');
    assert.equal(await verdict.getAttribute('data-verdict'), 'info', 'the defaults: good to know only');
    await page.fill(field('network_ipv4_cidr'), '10.20.128.0/17');
    await page.fill(field('cluster_ipv4_cidr'), '10.20.128.0/20');
    await page.fill(field('service_ipv4_cidr'), '10.20.144.0/20');
    assert.equal(await verdict.getAttribute('data-verdict'), 'error');
    assert.match(await verdict.innerText(), /Broken now/);
    assert.match(await verdict.innerText(), /Pod block 10\.20\.128\.0\/24 overlaps agent pool 0 subnet 10\.20\.128\.0\/25/);
    const box = await verdict.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= height, `verdict at y ${box.y}..${box.y + box.height} of ${height}`);
    assert.equal(await page.getAttribute(`.field:has(${field('cluster_ipv4_cidr')})`, 'data-flagged'), 'error');
    assert.equal(await page.getAttribute(`.field:has(${field('network_ipv4_cidr')})`, 'data-flagged'), 'error');
    await page.click('[data-verdict-show]');
    await page.waitForFunction(() => document.activeElement?.dataset.findingCode === 'pod-subnet-overlap');
    await screenshot(page, `verdict-${width}`);
    assert.deepEqual(problems, []);
  });
}

test('a finding\'s fix applies in one click as one history step, and clears it', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.click('[data-preset="incident"]');
  await page.waitForFunction(() => location.hash.includes('module_version=2.12.0'));
  const entries = await page.evaluate(() => history.length);
  const apply = page.locator('[data-apply-fix="pod-subnet-overlap"]');
  assert.match(await apply.innerText(), /cluster_ipv4_cidr = "10\.20\.160\.0\/20"/);
  await apply.click();
  assert.equal(await page.inputValue(field('cluster_ipv4_cidr')), '10.20.160.0/20');
  assert.equal(await page.locator(finding('pod-subnet-overlap', 'error')).count(), 0);
  await page.click('[data-apply-fix="dns-outside-service"]');
  assert.equal(await page.inputValue(field('cluster_dns_ipv4')), '10.20.144.10');
  // The /20 holds 16 pod blocks: not "Nothing breaks", but broken at node 17, marked on
  // the slider.
  assert.equal(await page.getAttribute('[data-verdict]', 'data-verdict'), 'warning');
  assert.equal(await page.locator(finding('pod-capacity-exceeded', 'warning')).count(), 1);
  assert.equal(await page.locator('[data-slider-mark="17"]').count(), 1);
  await page.waitForFunction(() => location.hash.includes('cluster_dns_ipv4=10.20.144.10'));
  assert.equal(await page.evaluate(() => history.length), entries + 2, 'one step each');
  await page.goBack();
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('input[data-field="cluster_ipv4_cidr"]').value === '10.20.128.0/20');
  assert.deepEqual(problems, []);
});

test('the verdict offers the first fix, says when it speaks of a what-if count, and Back resets a typed count', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + '#network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20&service_ipv4_cidr=10.20.144.0/20&agents=2', { width: 390, height: 844 });
  const apply = page.locator('[data-verdict-apply]');
  assert.match(await apply.innerText(), /cluster_ipv4_cidr = "10\.20\.160\.0\/20"/);
  const box = await apply.boundingBox();
  assert.ok(box.y + box.height <= 844, `the fix is on the first screen: ${box.y}`);
  await apply.click();
  assert.notEqual(await page.getAttribute('[data-verdict]', 'data-verdict'), 'error');
  assert.equal(await page.locator('[data-verdict-what-if]').count(), 0);
  await page.fill('#nodes-number', '40');
  assert.match(await page.locator('[data-verdict-what-if]').innerText(), /what if: 40 nodes/);
  await page.waitForFunction(() => location.hash.includes('nodes=40'));
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('nodes=40'));
  await page.waitForFunction(() => document.querySelector('#nodes-number').value === '5');
  // The skip link lands on the findings, the plan in the link untouched.
  const hash = await page.evaluate(() => location.hash);
  await page.locator('[data-skip]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'findings');
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.deepEqual(problems, []);
});

test('findings are titled in words with the code beside, explain their terms once, and link the incident\'s story', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.click('[data-preset="incident"]');
  const error = page.locator(finding('pod-subnet-overlap', 'error'));
  assert.equal(await error.locator('[data-finding-title]').innerText(), 'Pod routes collide with a Hetzner subnet');
  assert.match(await error.getAttribute('data-finding-code'), /pod-subnet-overlap/);
  assert.equal(await page.locator('[data-term="pod block"]').count(), 1);
  assert.match(await error.locator('[data-background]').getAttribute('href'), /issues\/1221$/);
  assert.deepEqual(problems, []);
});

test('Back moves a select the user changed back to the plan\'s value', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + FIX);
  await page.click('details.advanced summary');
  await page.selectOption('#cni', 'cilium-native');
  await page.waitForFunction(() => location.hash.includes('cni=cilium-native'));
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('cni='));
  await page.waitForFunction(() => document.querySelector('#cni')?.value === 'flannel');
  assert.deepEqual(problems, []);
});

for (const [width, height] of [[1280, 900], [390, 844]]) {
  test(`fix my plan: the incident's whole fix as a diff, applied in one step (${width} px)`, async () => {
    const { page, problems } = await openPage(env.browser, env.server.url, { width, height });
    // On a phone the presets are in the toolbar's menu.
    if (width <= 600) await page.click('[data-menu]');
    await page.click('[data-preset="incident"]');
    await page.click('[data-fix-open]');
    const pods = page.locator('[data-fix-edit="cluster_ipv4_cidr"]');
    // The widest free pod range inside the incident's /17 network is a /19: 32 nodes.
    assert.match(await pods.innerText(), /10\.20\.128\.0\/20[\s\S]*10\.20\.\d+\.0\/19[\s\S]*not in place/);
    assert.equal(await page.locator('[data-fix-rebuild]').count(), 1, 'says a running cluster cannot take it');
    assert.match(await page.locator('[data-fix-summary]').innerText(), /After these changes 2 warnings remain, with no concrete edit/);
    assert.equal(await page.locator('[data-fix-holds]').innerText(), 'The fixed plan holds up to 32 nodes (limited by pod blocks); this plan has 5.');
    await screenshot(page, `fix-my-plan-${width}`);
    await page.click('[data-fix-apply]');
    await page.waitForFunction(() => document.querySelector('[data-verdict]').dataset.verdict !== 'error');
    assert.equal(await page.locator('[data-severity="error"]').count(), 0);
    assert.equal(await page.locator('#fix-plan').count(), 0, 'the panel closes');
    // One step: Back is the incident again, once the fixed plan is in the link.
    await page.waitForFunction(() => location.hash.includes('cluster_ipv4_cidr=') && !location.hash.includes('cluster_ipv4_cidr=10.20.128.0/20'));
    await page.goBack();
    await page.waitForFunction(() => document.querySelector('input[data-field="cluster_ipv4_cidr"]').value === '10.20.128.0/20');
    // A clean plan has nothing to fix.
    await page.click('[data-preset="defaults"]');
    await page.click('[data-fix-open]');
    // The panel's words come from the page's helper: wait for them.
    await page.waitForSelector('[data-fix-none]');
    assert.equal(await page.locator('[data-fix-edit]').count(), 0);
    assert.deepEqual(problems, []);
  });
}

for (const [width, height] of [[1280, 900], [390, 844], [320, 700]]) {
  test(`at whole-plan scale every allocated range and collision is at least 24 px wide (${width} px)`, async () => {
    for (const fragment of ['#', '#network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20&service_ipv4_cidr=10.20.144.0/20&agents=2&module_version=2.12.0']) {
      const { page, problems, context } = await openPage(env.browser, env.server.url + fragment, { width, height });
      const widths = await page.evaluate(() => [...document.querySelectorAll('g.seg:not(.base) > rect, rect.band')]
        .map((r) => [r.closest('[data-range]')?.dataset.range ?? 'band', r.getBoundingClientRect().width]));
      assert.ok(widths.length >= 4, JSON.stringify(widths));
      for (const [range, w] of widths) assert.ok(w >= 23.5, `${fragment} ${range}: ${w.toFixed(1)} px`);
      // Labels under the bars never overprint each other.
      const labels = await page.evaluate(() => [...document.querySelectorAll('.mark-label')].map((t) => {
        const b = t.getBoundingClientRect();
        return [b.left, b.right];
      }));
      for (let i = 1; i < labels.length; i++) {
        assert.ok(labels[i][0] >= labels[i - 1][1] || labels[i][1] <= labels[i - 1][0], `overprinted: ${JSON.stringify(labels)}`);
      }
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
}

for (const width of [320, 390, 768, 1024]) {
  test(`nothing overlaps and every control is a 24 px target at ${width} px`, async () => {
    const { page, problems } = await openPage(env.browser, env.server.url, { width, height: 900 });
    // On a phone the presets are in the toolbar's menu.
    if (width <= 600) await page.click('[data-menu]');
    await page.click('[data-preset="incident"]');
    const overlaps = await page.evaluate(() => {
      const boxes = (sel) => [...document.querySelectorAll(sel)].map((e) => [sel, e.getBoundingClientRect()]);
      const all = [...boxes('.nodepools > *'), ...boxes('.fields > *')];
      const hits = [];
      for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) {
        const [a, b] = [all[i][1], all[j][1]];
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) hits.push(`${all[i][0]} ${i} / ${all[j][0]} ${j}`);
      }
      return hits;
    });
    assert.deepEqual(overlaps, []);
    const small = await page.evaluate(() => [...document.querySelectorAll('main button, main input, main select, main a, main summary')]
      // Links inside a sentence are exempt (WCAG 2.5.8).
      .filter((e) => e.offsetParent !== null && !(e.tagName === 'A' && e.closest('p')))
      .map((e) => [e.outerHTML.slice(0, 60), e.getBoundingClientRect()])
      .filter(([, r]) => r.width < 24 || r.height < 24)
      .map(([h, r]) => `${h} ${r.width.toFixed(0)}x${r.height.toFixed(0)}`));
    assert.deepEqual(small, []);
    assert.deepEqual(problems, []);
  });
}

test('keyboard: Enter on a collision band zooms to it and keeps the focus there; Esc zooms out back to it', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.click('[data-preset="incident"]');
  const band = 'g.mark[data-severity="error"][data-range="10.20.128.0/25"]';
  await page.focus(band);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('svg.bars').dataset.axis === '10.20.128.0/25');
  // The focus moves in an effect after the drawing is in the DOM: in the same task, or in
  // the next one when the render took longer than the framework's 16 ms slice (a loaded
  // machine). Either way it must arrive, without another key or click.
  const focused = (selector, what) => page.waitForFunction((b) => document.activeElement?.matches(b), selector, { timeout: 2000 })
    .catch(async () => assert.fail(`${what}; it is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}`));
  await focused('g.mark[data-range="10.20.128.0/25"]', 'focus stays on the band');
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelector('svg.bars').dataset.axis === '10.20.128.0/17');
  await focused(band, 'focus returns to the band');
  // After Fix my plan, the keyboard is on the verdict that says what the plan now is.
  await page.click('[data-fix-open]');
  await page.focus('[data-fix-apply]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'verdict');
  assert.notEqual(await page.getAttribute('[data-verdict]', 'data-verdict'), 'error');
  assert.deepEqual(problems, []);
});

test('a release newer than khcidr knows is checked as the newest one, says so, and stays in the link', async () => {
  const { page, problems } = await openPage(env.browser, `${env.server.url}#module_version=3.2.0`);
  const newer = page.locator(finding('release-newer-than-known', 'warning'));
  await newer.waitFor();
  assert.match(await newer.innerText(), /kube-hetzner 3\.2\.0 is newer than the releases khcidr knows \(up to 3\.1\.0\); checked as 3\.1\.0/);
  assert.equal(await page.inputValue('#module-version'), '3.1.0');
  assert.match(await page.evaluate(() => location.hash), /module_version=3\.2\.0/);
  // Picking a release khcidr knows checks that one, without the warning.
  await page.selectOption('#module-version', '3.1.0');
  await newer.waitFor({ state: 'detached' });
  assert.deepEqual(problems, []);
});

test('the Terraform picker: 2.19.2 without a NAT router fails on 1.10 / 1.11, as kube-hetzner #2197 reports', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + '#module_version=2.19.2');
  // Not said: a notice.
  await page.locator(finding('terraform-version', 'info')).waitFor();
  await page.click('details.advanced summary');
  await page.selectOption('#terraform-version', { label: '1.10 / 1.11' });
  await page.waitForFunction(() => location.hash.includes('terraform_version=1.11.0'));
  const error = page.locator(finding('terraform-version', 'error'));
  await error.waitFor();
  assert.match(await error.innerText(), /with nat_router unset/);
  assert.match(await error.innerText(), /nat-router\.tf:5, 20, 35 and variables\.tf:177, 189/);
  assert.match(await error.innerText(), /Attempt to get attribute from null value/);
  assert.equal(await page.locator('[data-verdict]').getAttribute('data-verdict'), 'error');
  await screenshot(page, 'terraform-1-11');
  await page.selectOption('#terraform-version', { label: '1.12 or newer' });
  await page.waitForFunction(() => location.hash.includes('terraform_version=1.12.0'));
  await page.locator(finding('terraform-version', 'error')).waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-finding-code="terraform-version"]').count(), 0);
  // Back is the 1.10 / 1.11 choice again.
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#terraform-version')?.selectedIndex === 2);
  assert.deepEqual(problems, []);
});

test('upgrades: 2.15.2 to 3.1.0 moves three control planes to Hetzner-assigned addresses (kube-hetzner #2277)', async () => {
  const UPGRADE = '#control_planes=3&agents=2&control_plane_lb=true&module_version=2.15.2&upgrade_to=3.1.0';
  for (const [width, height, colorScheme] of [[1280, 900, 'light'], [390, 844, 'dark']]) {
    const context = await env.browser.newContext({ viewport: { width, height }, colorScheme });
    const page = await context.newPage();
    await page.goto(env.server.url + UPGRADE);
    await page.waitForSelector('[data-summary]');
    const verdict = page.locator('#upgrade .upgrade-verdict');
    await verdict.waitFor();
    assert.equal(await verdict.innerText(), 'The upgrade breaks it');
    assert.equal(await page.locator('#upgrade-title').innerText(), 'Upgrade 2.15.2 → 3.1.0: The upgrade breaks it');
    const moved = page.locator('#upgrade li.finding.error[data-code="upgrade-moves-node"]');
    assert.match(await moved.innerText(), /10\.255\.0\.101 → chosen by Hetzner.*10\.255\.0\.102 → chosen by Hetzner.*10\.255\.0\.103 → chosen by Hetzner/s);
    assert.match(await moved.innerText(), /#2277/);
    assert.match(await page.locator('#upgrade li[data-code="upgrade-renames"]').innerText(), /enable_control_plane_load_balancer = true/);
    assert.equal(await page.locator('#upgrade tr[data-kind="node"] td.after:text-is("chosen by Hetzner")').count(), 3);
    assert.equal(await page.inputValue('#upgrade-to'), '3.1.0');
    // The upgrade's answer sits under the page's own verdict, on the first screen.
    const top = await page.locator('#upgrade').evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top < height, `the upgrade starts at ${top}, below the first screen`);
    await screenshot(page, `upgrade-2.15.2-3.1.0-${width}-${colorScheme}`);
    await context.close();
  }
});

test('the release pickers show the link\'s releases from the first render, then every release', async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  // What each picker shows the moment the bars are drawn (the page marks it then), before
  // the lists below the first paint are filled in: its value, and the option made selected
  // (what shows whenever the effects of a render run a task later, on a loaded machine).
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('svg.bars')) return;
      observer.disconnect();
      window.firstRender = ['#module-version', '#upgrade-to'].map((id) => {
        const select = document.querySelector(id);
        return [select?.value, select?.querySelector('option[selected]')?.textContent];
      });
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(env.server.url + '#module_version=2.15.2&upgrade_to=2.18.1');
  await page.waitForSelector('[data-summary]');
  assert.deepEqual(await page.evaluate(() => window.firstRender), [['2.15.2', '2.15.2'], ['2.18.1', '2.18.1']]);
  // With every release in, the same ones are selected, as made.
  for (const [id, release] of [['#module-version', '2.15.2'], ['#upgrade-to', '2.18.1']]) {
    assert.equal(await page.inputValue(id), release);
    assert.equal(await page.locator(`${id} option[selected]`).textContent(), release);
  }
  // Then every release is there to pick, in both, and picking one is checked.
  const releases = await page.locator('#module-version option').allTextContents();
  assert.ok(releases.includes('3.1.0') && releases.includes('2.0.0'), `the releases: ${releases}`);
  assert.equal(await page.locator('#upgrade-to option').count(), releases.length + 1, 'no upgrade, and every release');
  await page.selectOption('#module-version', '2.0.0');
  await page.waitForFunction(() => location.hash.includes('module_version=2.0.0'));
  await context.close();
});

test('upgrades: the picker, a safer release in one click, back, and no upgrade', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + '#module_version=2.17.0');
  assert.equal(await page.locator('#upgrade').count(), 0);
  await page.selectOption('#upgrade-to', '2.18.0');
  await page.waitForFunction(() => location.hash.includes('upgrade_to=2.18.0'));
  const replaced = page.locator('#upgrade li[data-code="upgrade-replaces-subnet"]');
  await replaced.waitFor();
  assert.match(await replaced.innerText(), /hcloud_network_subnet\.agent\[0\] 10\.0\.0\.0\/16 → 10\.0\.0\.0\/18/);
  // The plan drawn on both releases, side by side.
  assert.deepEqual(await page.locator('#upgrade .upgrade-pictures figcaption').allInnerTexts(), ['On 2.17.0', 'On 2.18.0']);
  assert.equal(await page.locator('#upgrade .upgrade-pictures svg[role="img"]').count(), 2);
  await screenshot(page, 'upgrade-2.17.0-2.18.0');
  // 2.18.1 goes back to 256 subnets: the fix is a link to the plan upgraded to it.
  await replaced.locator('a.apply').click();
  await page.waitForFunction(() => location.hash.includes('upgrade_to=2.18.1'));
  await page.locator('#upgrade li[data-code="upgrade-replaces-subnet"]').waitFor({ state: 'detached' });
  await page.locator('#upgrade li[data-code="upgrade-reattaches"]').waitFor();
  assert.equal(await page.inputValue('#upgrade-to'), '2.18.1');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#upgrade-to')?.value === '2.18.0');
  await page.selectOption('#upgrade-to', '');
  await page.locator('#upgrade').waitFor({ state: 'detached' });
  assert.doesNotMatch(await page.evaluate(() => location.hash), /upgrade_to/);
  assert.deepEqual(problems, []);
});

test('the Terraform picker: OpenTofu short-circuits from 1.10, unlike Terraform 1.10', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url + '#module_version=2.19.2');
  await page.click('details.advanced summary');
  await page.selectOption('#terraform-version', { label: 'OpenTofu 1.6 to 1.9' });
  await page.waitForFunction(() => location.hash.includes('terraform_version=tofu-1.9.0'));
  const error = page.locator(finding('terraform-version', 'error'));
  await error.waitFor();
  assert.match(await error.innerText(), /fails on OpenTofu 1\.9\.0/);
  await page.selectOption('#terraform-version', { label: 'OpenTofu 1.10 or newer' });
  await page.waitForFunction(() => location.hash.includes('terraform_version=tofu-1.10.0'));
  await error.waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-finding-code="terraform-version"]').count(), 0);
  assert.deepEqual(problems, []);
});
