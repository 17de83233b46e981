// The built page in real headless Chromium: loads with the module defaults, checks as you
// type, and shows the 2024 incident's overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, screenshot, field, finding } from './support/harness.mjs';

const env = useBrowser();

test('loads with the module defaults and no errors or warnings', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  assert.equal(await page.inputValue(field('network_ipv4_cidr')), '10.0.0.0/8');
  assert.equal(await page.inputValue(field('cluster_ipv4_cidr')), '10.42.0.0/16');
  assert.equal(await page.inputValue(field('service_ipv4_cidr')), '10.43.0.0/16');
  assert.equal(await page.locator('[data-severity="error"]').count(), 0);
  assert.equal(await page.locator('[data-severity="warning"]').count(), 0);
  const info = page.locator(finding('pod-subnet-overlap', 'info'));
  assert.match(await info.innerText(), /43rd agent nodepool would get subnet 10\.42\.0\.0\/16/);
  await screenshot(page, 'defaults');
  assert.deepEqual(problems, []);
});

test('typing the incident values shows its pod-subnet-overlap error', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.fill(field('network_ipv4_cidr'), '10.20.128.0/17');
  await page.fill(field('cluster_ipv4_cidr'), '10.20.128.0/20');
  await page.fill(field('service_ipv4_cidr'), '10.20.144.0/20');
  await page.click('button[aria-label="remove agent pool 1"]');
  await page.fill('input[data-pool="agent-0"]', '2');
  const error = page.locator(finding('pod-subnet-overlap', 'error'));
  await error.waitFor();
  const text = await error.innerText();
  assert.match(text, /pod block 10\.20\.128\.0\/24 overlaps agent pool 0 subnet 10\.20\.128\.0\/25/);
  assert.match(text, /the route 10\.20\.128\.0\/24 via 10\.20\.128\.19/);
  assert.match(text, /hcloud\/CreateRoute: invalid gateway \(invalid_input\)/);
  assert.match(await page.locator('[data-summary]').innerText(), /^1 error ·/);
  await screenshot(page, 'incident');
  assert.deepEqual(problems, []);
});

test('a value that does not parse gets a message beside its field and keeps other edits', async () => {
  const { page, problems } = await openPage(env.browser, env.server.url);
  await page.fill(field('service_ipv4_cidr'), '10.96.0.0/12');
  await page.fill(field('network_ipv4_cidr'), '10.0.0.0/');
  const message = page.locator('[data-field-error="network_ipv4_cidr"]');
  assert.match(await message.innerText(), /network_ipv4_cidr = "10\.0\.0\.0\/" is not an IPv4 CIDR/);
  assert.equal(await page.getAttribute(field('network_ipv4_cidr'), 'aria-invalid'), 'true');
  assert.equal(await page.inputValue(field('service_ipv4_cidr')), '10.96.0.0/12', 'the other edit survives');
  assert.equal(await page.inputValue(field('network_ipv4_cidr')), '10.0.0.0/', 'the half-typed text stays');
  await page.type(field('network_ipv4_cidr'), '8');
  assert.equal(await message.innerText(), '');
  await screenshot(page, 'invalid-field');
  assert.deepEqual(problems, []);
});

test('before the checks load, a slow connection sees the page and the plan from its link, not white', async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/khcidr-web_bg.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(`${env.server.url}#network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20`, { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#frame');
  assert.ok(await page.locator('#frame h1').isVisible());
  assert.equal(await page.inputValue('[data-frame-field="network_ipv4_cidr"]'), '10.20.128.0/17');
  assert.equal(await page.inputValue('[data-frame-field="service_ipv4_cidr"]'), '10.43.0.0/16');
  await screenshot(page, 'before-the-checks-390');
  release();
  await page.waitForSelector('[data-summary]');
  assert.equal(await page.locator('#frame').count(), 0, 'the app replaces the frame');
  assert.equal(await page.inputValue('input[data-field="network_ipv4_cidr"]'), '10.20.128.0/17');
  // An embed's theme and background are right from the first paint, before the checks load.
  const embed = await context.newPage();
  let releaseEmbed;
  const heldEmbed = new Promise((resolve) => { releaseEmbed = resolve; });
  await embed.route('**/khcidr-web_bg.wasm', async (route) => { await heldEmbed; await route.continue(); });
  await embed.goto(`${env.server.url}#embed=true&theme=dark&transparent=yes`, { waitUntil: 'domcontentloaded' });
  await embed.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  // Opened on its own, not in a docs page's frame, nothing would show through: its own dark background.
  assert.equal(await embed.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgb(20, 23, 26)');
  assert.equal(await embed.locator('#frame').count(), 0, 'no full-page frame in an embed');
  releaseEmbed();
  await context.close();
});

test('the verdict, the plan and the bars come first; what follows below them moves nothing on screen', async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
    const context = await env.browser.newContext({ viewport });
    // Where the bars and the verdict are when the bars first enter the page.
    await context.addInitScript(() => {
      new MutationObserver((_, observer) => {
        const bars = document.querySelector('svg.bars');
        if (!bars) return;
        observer.disconnect();
        window.firstBars = {
          findings: document.querySelector('[data-summary]') !== null,
          advanced: document.querySelector('.advanced-grid') !== null,
          legend: document.querySelector('.legend') !== null,
          bars: bars.getBoundingClientRect().toJSON(),
          verdict: document.querySelector('.verdict')?.getBoundingClientRect().toJSON(),
        };
      }).observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(`${env.server.url}#network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20&service_ipv4_cidr=10.20.144.0/20`);
    await page.waitForSelector('[data-summary]');
    const first = await page.evaluate(() => window.firstBars);
    assert.equal(first.findings, false, 'the findings in full follow the first paint');
    assert.equal(first.advanced, false, 'so do the closed Advanced panel\'s settings');
    assert.equal(first.legend, false, 'and the legend below the bars');
    // Then they are in the page, closed, so find-in-page finds them and opens the panel.
    await page.waitForSelector('details.advanced:not([open]) #nat-router', { state: 'attached' });
    assert.ok(first.verdict, 'the verdict is in the first render');
    const now = await page.evaluate(() => ({
      bars: document.querySelector('svg.bars').getBoundingClientRect().toJSON(),
      verdict: document.querySelector('.verdict').getBoundingClientRect().toJSON(),
    }));
    for (const key of ['bars', 'verdict']) {
      for (const side of ['x', 'y', 'width', 'height']) {
        assert.equal(now[key][side], first[key][side], `${key} ${side} at ${viewport.width} px`);
      }
    }
    await context.close();
  }
});

test('a page that paints no frame (a background tab) still renders its findings', async () => {
  const stubs = {
    // A hidden document: it says so, and it gets no animation frames.
    hidden: () => {
      Object.defineProperty(Document.prototype, 'hidden', { get: () => true });
      window.requestAnimationFrame = () => 0;
    },
    // A tab hidden after the load started: no frame comes, though it looked visible.
    'hidden later': () => { window.requestAnimationFrame = () => 0; },
  };
  for (const [name, stub] of Object.entries(stubs)) {
    const context = await env.browser.newContext();
    await context.addInitScript(stub);
    const page = await context.newPage();
    await page.goto(`${env.server.url}#network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20&service_ipv4_cidr=10.20.144.0/20`);
    await page.waitForSelector(finding('pod-subnet-overlap', 'error'), { timeout: 5000 });
    assert.equal(await page.locator('.range-table').count(), 1, name);
    await context.close();
  }
});
