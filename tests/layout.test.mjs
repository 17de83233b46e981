// The page at every width: every label of the bars whole and readable, the diagnosis on
// the first screen, a slider that stays under the pointer, panels that take and return
// the keyboard, and a compact read-only embed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, openPage, screenshot } from './support/harness.mjs';

const env = useBrowser();

// The 2024 incident (2.12.0 defaults), and the plan Fix my plan makes of it.
const INCIDENT = '#network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20&service_ipv4_cidr=10.20.144.0/20'
  + '&agents=2&module_version=2.12.0';
const FIXED = '#network_ipv4_cidr=10.20.0.0/16&cluster_ipv4_cidr=10.20.128.0/17&service_ipv4_cidr=10.20.64.0/19'
  + '&cluster_dns_ipv4=10.20.64.10&control_planes=1,1,1&agents=1,1';

/** Every label drawn in the bars: its text, box, and whether a clipping box holds it. */
async function labelBoxes(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('svg.bars');
    const frame = svg.getBoundingClientRect();
    const folds = [...svg.querySelectorAll('.fold-gap')].map((f) => f.getBoundingClientRect());
    const labels = [...svg.querySelectorAll('text')]
      .filter((t) => getComputedStyle(t).display !== 'none' && t.textContent.trim() !== '')
      .map((t) => {
        const r = t.getBoundingClientRect();
        let clipped = false;
        for (let p = t.parentElement; p && p !== svg; p = p.parentElement) {
          if (p.getAttribute('overflow') === 'hidden' || p.getAttribute('clip-path')) clipped = true;
        }
        return { text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom, clipped, inBar: t.classList.contains('seg-label') || t.classList.contains('route-label') };
      });
    return { frame: frame.toJSON(), folds: folds.map((f) => f.toJSON()), labels };
  });
}

const overlaps = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

for (const [name, fragment] of [['the incident', INCIDENT], ['the fixed plan', FIXED]]) {
  for (const [width, embed] of [[1280, false], [700, true], [390, false], [320, false]]) {
    test(`every bar label is whole, apart and inside the drawing: ${name} at ${width} px${embed ? ' (read-only embed)' : ''}`, async () => {
      const url = env.server.url + fragment + (embed ? '&embed=1&readonly=1' : '');
      const { page, problems, context } = await openPage(env.browser, url, { width, height: 900 });
      await page.waitForFunction(() => document.querySelectorAll('svg.bars [data-label]').length > 0);
      const { frame, folds, labels } = await labelBoxes(page);
      assert.ok(labels.length >= 5, `labels drawn: ${labels.map((l) => l.text)}`);
      for (const l of labels) {
        assert.equal(l.clipped, false, `"${l.text}" is inside a clipping box`);
        assert.ok(l.left >= frame.left - 0.5 && l.right <= frame.right + 0.5, `"${l.text}" runs outside the drawing: ${l.left}..${l.right} of ${frame.left}..${frame.right}`);
        if (l.inBar) {
          for (const f of folds) assert.ok(!overlaps(l, f), `"${l.text}" is drawn over a fold`);
        }
      }
      for (let i = 0; i < labels.length; i++) {
        for (let j = i + 1; j < labels.length; j++) {
          assert.ok(!overlaps(labels[i], labels[j]), `"${labels[i].text}" and "${labels[j].text}" overlap`);
        }
      }
      // The collision's node is named by its IP ("node 10.20.128.101", or the IP alone where
      // narrow), in the bars or in the list under them.
      if (fragment === INCIDENT) {
        const named = labels.some((l) => /^(node )?10\.20\.128\.101$/.test(l.text))
          || /node 10\.20\.128\.101/.test(await page.locator('.bars-wrap').innerText());
        assert.ok(named, 'the node the route points to is named by its IP');
      }
      await screenshot(page, `labels-${name.replace(/ /g, '-')}-${width}`);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

test('a stylesheet slower than the checks: the bars are laid out for the width they are drawn at', async () => {
  // Without its stylesheet the drawing spans the whole 1920 px window; with it, the page's
  // 1200 px. The app measures the drawing once: it must measure it styled.
  const texts = async (page) => (await labelBoxes(page)).labels.map((l) => l.text).sort();
  const styled = await openPage(env.browser, env.server.url + INCIDENT, { width: 1920, height: 900 });
  const expected = await texts(styled.page);
  await styled.context.close();
  const context = await env.browser.newContext({ viewport: { width: 1920, height: 900 } });
  const page = await context.newPage();
  let wasm;
  const arrived = new Promise((resolve) => { wasm = resolve; });
  page.on('requestfinished', (r) => { if (r.url().endsWith('khcidr-web_bg.wasm')) wasm(); });
  await page.route('**/style.css', async (route) => {
    await arrived;
    await new Promise((resolve) => setTimeout(resolve, 300));
    await route.continue();
  });
  await page.goto(env.server.url + INCIDENT);
  await page.waitForSelector('[data-summary]');
  await page.waitForFunction(() => document.querySelectorAll('svg.bars [data-label]').length > 0);
  const { frame, labels } = await labelBoxes(page);
  assert.ok(frame.width < 1300, `the drawing is styled: ${frame.width} px`);
  assert.deepEqual(await texts(page), expected);
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      assert.ok(!overlaps(labels[i], labels[j]), `"${labels[i].text}" and "${labels[j].text}" overlap`);
    }
  }
  await context.close();
});

for (const [width, height, within] of [[1280, 900, 900], [390, 844, 1266]]) {
  test(`the real error text is on the first screen at ${width}x${height}: "invalid gateway" within ${within} px`, async () => {
    const { page, problems, context } = await openPage(env.browser, env.server.url + INCIDENT, { width, height });
    const quote = page.locator('#verdict').getByText('hcloud/CreateRoute: invalid gateway (invalid_input)');
    const box = await quote.boundingBox();
    assert.ok(box && box.y + box.height <= within, `at y ${box?.y}`);
    // Each error has its line in the verdict, with its fix.
    assert.equal(await page.locator('#verdict [data-diagnosis]').count(), 2);
    assert.match(await page.locator('#verdict [data-diagnosis="dns-outside-service"]').innerText(), /provided IP is not in the valid range/);
    assert.equal(await page.locator('#verdict [data-verdict-apply]').count(), 2);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('the what-if slider keeps its size while dragged, and its marks say what starts there', async () => {
  const { page, problems, context } = await openPage(env.browser, env.server.url + INCIDENT.replace('cluster_ipv4_cidr=10.20.128.0/20', 'cluster_ipv4_cidr=10.20.160.0/20') + '&cluster_dns_ipv4=10.20.144.10', { width: 1280, height: 900 });
  const slider = page.locator('[data-nodes-slider]');
  await slider.scrollIntoViewIfNeeded();
  const before = await slider.boundingBox();
  await page.mouse.move(before.x + 10, before.y + before.height / 2);
  await page.mouse.down();
  await page.mouse.move(before.x + before.width * 0.4, before.y + before.height / 2, { steps: 5 });
  const during = await slider.boundingBox();
  await page.mouse.up();
  await page.waitForSelector('[data-nodes-back]');
  const after = await slider.boundingBox();
  assert.notEqual(await page.inputValue('[data-nodes]'), '5', 'the drag changed the count');
  for (const box of [during, after]) {
    assert.equal(Math.round(box.width), Math.round(before.width), 'the slider keeps its width');
    assert.equal(Math.round(box.x), Math.round(before.x), 'and its place');
  }
  // Pod blocks for 16 nodes: the mark at 17 says what starts there (DOMAIN: a /20 of /24s).
  assert.match(await page.locator('.slider-marks').innerText(), /node 17: more nodes than pod blocks/);
  assert.match(await page.locator('.slider-marks').innerText(), /node 100: Hetzner's server limit/);
  // A hypothetical count past 16 breaks at node 17, not "now".
  await page.fill('[data-nodes]', '54');
  await page.waitForFunction(() => document.querySelector('#verdict .badge').textContent === 'Breaks at node 17');
  await page.click('[data-slider-mark="17"]');
  assert.equal(await page.inputValue('[data-nodes]'), '17');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Fix my plan and Import take the keyboard when opened, close on Esc and give it back', async () => {
  const { page, problems, context } = await openPage(env.browser, env.server.url + INCIDENT);
  for (const [open, panel] of [['[data-fix-open]', '#fix-plan'], ['[data-import-open]', '#import']]) {
    await page.focus(open);
    await page.keyboard.press('Enter');
    await page.waitForSelector(panel);
    await page.waitForFunction((sel) => document.querySelector(sel)?.contains(document.activeElement), panel);
    await page.keyboard.press('Escape');
    await page.waitForFunction((sel) => !document.querySelector(sel) || document.querySelector(sel).offsetParent === null, panel);
    await page.waitForFunction((sel) => document.activeElement?.matches(sel), open);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a focused collision band says what it is in the detail line', async () => {
  const { page, problems, context } = await openPage(env.browser, env.server.url + INCIDENT);
  await page.focus('g.seg[data-role="agent"]');
  await page.focus('g.mark[data-severity="error"]');
  assert.match(await page.locator('[data-detail]').innerText(), /^collides now: 10\.20\.128\.0\/25, Pod routes collide with a Hetzner subnet/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a read-only embed at 700 px leads with the verdict and stays within 1000 px', async () => {
  const { page, problems, context } = await openPage(env.browser, env.server.url + INCIDENT + '&embed=1&readonly=1', { width: 700, height: 900 });
  const verdict = page.locator('[data-verdict]');
  assert.equal(await verdict.getAttribute('data-verdict'), 'error');
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  assert.ok(height <= 1000, `the embed is ${height} px tall`);
  const top = await verdict.boundingBox();
  const bars = await page.locator('svg.bars').boundingBox();
  assert.ok(top.y < bars.y, 'the verdict comes before the bars');
  await screenshot(page, 'embed-readonly-700');
  assert.deepEqual(problems, []);
  await context.close();
});

for (const width of [1280, 390]) {
  test(`"show in the bars" on the DNS error frames the service range and the address outside it, labels apart (${width} px)`, async () => {
    const { page, problems, context } = await openPage(env.browser, env.server.url + INCIDENT, { width, height: 900 });
    await page.click('[data-finding-code="dns-outside-service"] button.finding-head');
    await page.waitForFunction(() => document.querySelector('svg.bars').dataset.axis === '10.0.0.0/10');
    await page.waitForSelector('g.seg[data-role="dns"]');
    const services = await page.locator('g.seg[data-role="services"] rect').boundingBox();
    // Drawn as the page draws anything allocated: 24 px at least (a thousandth of the axis to scale).
    assert.ok(services.width >= 23.5, `the service range is ${services.width} px`);
    const { labels } = await labelBoxes(page);
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        assert.ok(!overlaps(labels[i], labels[j]), `"${labels[i].text}" and "${labels[j].text}" overlap`);
      }
    }
    await screenshot(page, `dns-shown-${width}`);
    assert.deepEqual(problems, []);
    await context.close();
  });
}
