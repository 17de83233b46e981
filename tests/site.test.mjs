// The static site and the documentation embed: any sub-path, no request to any other
// origin, a strict Content-Security-Policy with no violation, the compact embed with its
// height messages, and hostile links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dist, launch, openPage, screenshot, serve, useBrowser, field, finding, expectError, READY } from './support/harness.mjs';
import { before, after } from 'node:test';

const env = useBrowser();
let sub;
before(async () => { sub = await serve(dist, '/khcidr/'); });
after(async () => { await sub?.close(); });

const INCIDENT = 'network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20&service_ipv4_cidr=10.20.144.0/20'
  + '&control_planes=1,1,1&agents=2&module_version=2.12.0';

/** Records every request and CSP violation of a new page, from before its first script runs. */
async function watchedPage(url, viewport = { width: 1280, height: 900 }) {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  const requests = [];
  const failures = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => { if (r.status() >= 400) failures.push(`${r.status()} ${r.url()}`); });
  page.on('pageerror', (e) => failures.push(`pageerror: ${e.message}`));
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(url);
  await page.waitForSelector(READY);
  return { page, context, requests, failures };
}

test('served under a sub-path, the site loads everything from there and nothing from elsewhere', async () => {
  const { page, requests, failures } = await watchedPage(`${sub.url}#${INCIDENT}`);
  const origin = new URL(sub.url).origin;
  assert.deepEqual(failures, []);
  assert.ok(requests.length >= 4, `${requests}`);
  for (const url of requests) {
    assert.ok(url.startsWith(`${origin}/khcidr/`), `request outside the site: ${url}`);
  }
  const before = requests.length;
  await page.click('[data-preset="incident"]');
  await page.fill(field('network_ipv4_cidr'), '10.30.0.0/16');
  await page.click('[data-zoom-lane="pods"]');
  await page.click('[data-copy="kube-tf"]');
  assert.equal(requests.length, before, `requests after load: ${requests.slice(before)}`);
  await screenshot(page, 'sub-path');
});

test('a strict Content-Security-Policy is enforced and nothing violates it', async () => {
  const { page, failures } = await watchedPage(`${env.server.url}#${INCIDENT}`);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'/);
  // The one inline script is the boot script, allowed by its own hash and nothing wider.
  const hashes = csp.match(/'sha256-[^']+'/g) ?? [];
  const inline = await page.evaluate(async () => Promise.all([...document.querySelectorAll('script:not([src])')].map(async (s) => {
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s.textContent));
    return `'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`;
  })));
  assert.deepEqual(inline, hashes);
  assert.equal(hashes.length, 1);
  await page.click(`${finding('pod-subnet-overlap', 'error')} button`);
  await page.click('details.advanced summary');
  await page.selectOption('#cni', 'cilium-native');
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(failures, []);
  // The policy is real: an injected inline script does not run, and the refusal is reported.
  expectError(/Content Security Policy|script-src/);
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inline = true';
    document.head.append(script);
    return window.__inline === true;
  });
  assert.equal(ran, false);
  await page.waitForFunction(() => window.__violations.length === 1);
  assert.match((await page.evaluate(() => window.__violations))[0], /^script-src/);
});

test('embed mode at 320 px: the verdict with each error, the bars, no inputs, a link to the full page', async () => {
  const { page, failures } = await watchedPage(`${env.server.url}#${INCIDENT}&embed=1&readonly=1`, { width: 320, height: 700 });
  assert.equal(await page.locator('[data-embed]').count(), 1);
  assert.equal(await page.locator('header.masthead, .toolbar, input[data-field]').count(), 0);
  assert.equal(await page.locator('g.mark[data-severity="error"]').count(), 1);
  const error = page.locator('#verdict [data-diagnosis="pod-subnet-overlap"]');
  assert.match(await error.innerText(), /hcloud\/CreateRoute: invalid gateway \(invalid_input\)/, 'the error text readers search for');
  assert.match(await error.innerText(), /Fix: move cluster_ipv4_cidr/, 'and the fix, in words');
  assert.equal(await page.locator('[data-apply-fix], [data-verdict-apply]').count(), 0, 'a fixed plan offers no fix to apply');
  assert.equal(await page.locator('.finding').count(), 0, 'the cards only with details=1');
  assert.ok(await page.locator('.legend').isVisible(), 'a compact legend');
  const full = await page.getAttribute('[data-open-full]', 'href');
  assert.equal(full, `./#${INCIDENT}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0);
  await page.click('g.mark[data-severity="error"]');
  await page.waitForSelector('[data-zoom-out]:not([disabled])');
  assert.equal(await page.evaluate(() => location.hash), `#${INCIDENT}&embed=1&readonly=1`, 'read-only: the link never changes');
  await page.goto(`${env.server.url}#${INCIDENT}&embed=1&readonly=1&details=1`);
  await page.reload();
  await page.locator(finding('pod-subnet-overlap', 'error')).waitFor();
  await screenshot(page, 'embed-320');
  assert.deepEqual(failures, []);
});

test('a read-only embed gets its own build exactly where the page reads the link as one', async () => {
  // Each link, the build the boot script loads, and what the page then shows: the
  // read-only embed, an editable one (fixes to apply), or the full page.
  const cases = [
    ['embed=1&readonly=1', 'khcidr-view', 'read-only'],
    ['embed=TRUE&readonly=%20yes', 'khcidr-view', 'read-only'],
    ['embed=on&r%65adonly=1', 'khcidr-view', 'read-only'],
    ['embed=1&readonly=1&readonly=maybe', 'khcidr-view', 'read-only'],
    ['embed=1&readonly=1=', 'khcidr-web', 'editable'],
    ['embed=1&readonly=1&r%65adonly=0', 'khcidr-web', 'editable'],
    ['embed=1', 'khcidr-web', 'editable'],
    ['readonly=1', 'khcidr-web', 'page'],
    // Past the first 4096 characters, which is all the page reads of a link.
    [`${'nodes=7&'.repeat(520)}embed=1&readonly=1`, 'khcidr-web', 'page'],
  ];
  for (const [flags, build, shown] of cases) {
    const { page, context, requests } = await watchedPage(`${env.server.url}#${INCIDENT}&${flags}`);
    const wasm = requests.filter((u) => u.endsWith('.wasm')).map((u) => u.split('/').pop());
    assert.deepEqual(wasm, [`${build}_bg.wasm`], flags.slice(0, 80));
    const seen = await page.evaluate(() => {
      if (!document.querySelector('[data-embed]')) return 'page';
      return document.querySelector('[data-verdict-apply], [data-apply-fix]') ? 'editable' : 'read-only';
    });
    assert.equal(seen, shown, flags.slice(0, 80));
    await context.close();
  }
});

test('an editable embed keeps its view keys and leaves the reader\'s own plan alone', async () => {
  const { page, context } = await watchedPage(`${env.server.url}#${INCIDENT}&embed=1&inputs=1&transparent=1`);
  // Opened on its own, not in a frame: nothing shows through, so it keeps its background.
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor), 'rgba(0, 0, 0, 0)');
  const entries = await page.evaluate(() => history.length);
  await page.fill(field('cluster_ipv4_cidr'), '10.20.192.0/20');
  await page.waitForFunction(() => location.hash.includes('cluster_ipv4_cidr=10.20.192.0/20'));
  assert.match(await page.evaluate(() => location.hash), /&embed=1&transparent=1&inputs=1$/);
  assert.equal(await page.evaluate(() => localStorage.getItem('khcidr.plan')), null);
  assert.equal(await page.evaluate(() => history.length), entries, 'no entries pushed into the host page\'s history');
  await context.close();
});

test('the documentation example shows the three ways: two sized frames and the SVG picture', async () => {
  const context = await env.browser.newContext({ viewport: { width: 900, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await context.addInitScript(() => {
    if (window.top !== window) return;
    window.__messages = [];
    addEventListener('message', (e) => window.__messages.push(e.data));
  });
  await page.goto(`${env.server.url}embed-example.html`);
  await page.waitForSelector('#incident[data-sized="true"]');
  await page.waitForSelector('#fix[data-sized="true"]');
  const message = await page.evaluate(() => window.__messages[0]);
  assert.deepEqual(Object.keys(message).sort(), ['height', 'type']);
  assert.equal(message.type, 'khcidr:height');
  const incident = page.frameLocator('#incident');
  assert.match(await incident.locator('#verdict [data-diagnosis="pod-subnet-overlap"]').innerText(), /10\.20\.128\.0\/24/);
  assert.equal(await incident.locator('svg.bars').getAttribute('data-axis'), '10.20.128.0/24', 'focus=pod-subnet-overlap opens zoomed on it');
  assert.equal(await page.frameLocator('#fix').locator('html').getAttribute('data-theme'), 'dark');
  assert.ok(await page.evaluate(() => document.querySelector('#picture').naturalWidth) > 0, 'the SVG picture loads');
  for (const id of ['incident', 'fix']) {
    // Once the last size change has been posted, the frame is as tall as its content.
    await page.waitForFunction((id) => {
      const frame = document.getElementById(id);
      return Math.abs(frame.getBoundingClientRect().height - frame.contentDocument.body.getBoundingClientRect().height) <= 4;
    }, id, { timeout: 5000 });
  }
  await screenshot(page, 'embed-example');
  assert.deepEqual(problems, []);
  await context.close();
});

/** A documentation page on another origin embedding khcidr with embed.js under a strict CSP. */
async function hostPage(khcidr, frames, { csp = true, background = '#111' } = {}) {
  const { mkdtemp, writeFile } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const origin = new URL(khcidr).origin;
  const dir = await mkdtemp(join(tmpdir(), 'khcidr-host-'));
  const policy = csp ? `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${origin}; frame-src ${origin}; style-src 'unsafe-inline'" />` : '';
  await writeFile(join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8">${policy}<title>docs</title></head>
<body style="margin:0;background:${background}"><div style="height:1500px">Introduction</div>
${frames.map(([id, fragment]) => `<iframe id="${id}" src="${khcidr}#${fragment}" title="plan ${id}" style="border:0;width:100%" height="150"></iframe>`).join('\n')}
<div style="height:1500px">More</div>
<script src="${khcidr}embed.js" async></script></body></html>`);
  return serve(dir);
}

test('a transparent embed takes the colours that read on its host: dark text on a light docs page, light on a dark one', async () => {
  for (const [background, ink] of [['#ffffff', 'rgb(29, 33, 37)'], ['#111111', 'rgb(230, 232, 234)']]) {
    const host = await hostPage(env.server.url, [['t', `${INCIDENT}&embed=1&readonly=1&theme=dark&transparent=1`]], { background });
    const context = await env.browser.newContext({ viewport: { width: 700, height: 800 }, colorScheme: 'light' });
    const page = await context.newPage();
    await page.goto(host.url);
    await page.waitForSelector('#t[data-sized="true"]');
    const frame = page.frame({ url: (u) => u.href.includes('transparent=1') });
    await frame.waitForFunction(() => document.documentElement.dataset.host !== undefined);
    const [text, bg, scheme] = await frame.evaluate(() => [
      getComputedStyle(document.querySelector('.page')).color,
      getComputedStyle(document.documentElement).backgroundColor,
      getComputedStyle(document.documentElement).colorScheme,
    ]);
    assert.equal(bg, 'rgba(0, 0, 0, 0)', 'the host shows through');
    assert.equal(scheme, 'normal', 'the frame\'s root has the host frame\'s scheme: no opaque backdrop');
    assert.equal(text, ink, `text on ${background}`);
    await screenshot(page, `embed-transparent-on-${background.slice(1)}`);
    await context.close();
    await host.close();
  }
});

test('embeds on another origin under a strict CSP size themselves both ways, follow the docs theme, and never scroll the host', async () => {
  const host = await hostPage(env.server.url, [
    ['plain', `${INCIDENT}&embed=1&readonly=1&details=1`],
    ['dark', `${INCIDENT}&embed=1&inputs=1&theme=dark&transparent=1`],
  ]);
  const context = await env.browser.newContext({ viewport: { width: 320, height: 800 }, colorScheme: 'light' });
  const page = await context.newPage();
  const violations = [];
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`csp ${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('console', (m) => { if (m.type() === 'error') violations.push(m.text()); });
  await page.goto(host.url);
  await page.waitForSelector('#plain[data-sized="true"]');
  await page.waitForSelector('#dark[data-sized="true"]');
  // The frames' heights and their content's, once they agree (or after 5 s, to report):
  // inside a frame, its window is as tall as the frame.
  const fits = async () => {
    const out = [];
    for (const id of ['plain', 'dark']) {
      const frame = page.frame({ url: (u) => u.href.includes(id === 'plain' ? 'readonly=1' : 'theme=dark') });
      await frame.waitForFunction(() => Math.abs(innerHeight - document.body.getBoundingClientRect().height) <= 4, null, { timeout: 5000 }).catch(() => {});
      const content = await frame.evaluate(() => document.body.getBoundingClientRect().height);
      const height = await page.evaluate((id) => document.getElementById(id).getBoundingClientRect().height, id);
      out.push([id, height, content]);
    }
    return out;
  };
  const narrow = await fits();
  for (const [id, height, content] of narrow) assert.ok(Math.abs(height - content) <= 4, `${id} at 320: ${height} vs ${content}`);
  await page.setViewportSize({ width: 1280, height: 800 });
  const wide = await fits();
  for (const [id, height, content] of wide) assert.ok(Math.abs(height - content) <= 4, `${id} at 1280: ${height} vs ${content}`);
  assert.ok(wide[0][1] < narrow[0][1] - 50, `the frame shrank back: ${narrow[0][1]} -> ${wide[0][1]}`);
  // theme=dark over a light system: dark page colours; transparent: the host shows through.
  const dark = page.frame({ url: (u) => u.href.includes('theme=dark') });
  await dark.waitForFunction(() => document.documentElement.dataset.host === 'dark');
  const [ink, bg] = await dark.evaluate(() => [getComputedStyle(document.querySelector('.page')).color, getComputedStyle(document.documentElement).backgroundColor]);
  assert.equal(ink, 'rgb(230, 232, 234)', 'light text in the dark theme');
  assert.equal(bg, 'rgba(0, 0, 0, 0)', 'transparent background');
  // Nothing in an embed scrolls the host.
  await page.evaluate(() => window.scrollTo(0, document.getElementById('plain').offsetTop - 100));
  // The scroll event of that scrollTo is delivered with a later frame: listen only after it.
  const before = await page.evaluate(async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    window.__scrolled = false;
    addEventListener('scroll', () => { window.__scrolled = true; });
    return window.scrollY;
  });
  const plain = page.frame({ url: (u) => u.href.includes('readonly=1') });
  const head = '[data-finding-code="pod-subnet-overlap"] button.finding-head';
  const pressed = await plain.getAttribute(head, 'aria-pressed');
  // Clicked where it is, as a reader scrolled to it would: the driver's own click would
  // first scroll the host to bring it into view.
  await plain.dispatchEvent(head, 'click');
  // The click has done its work in the frame, and two frames have been drawn since.
  await plain.waitForFunction(([sel, was]) => document.querySelector(sel).getAttribute('aria-pressed') !== was, [head, pressed]);
  const twoFrames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  await plain.evaluate(twoFrames);
  await page.evaluate(twoFrames);
  assert.equal(await page.evaluate(() => window.__scrolled), false, 'the host did not scroll');
  assert.equal(await page.evaluate(() => window.scrollY), before, 'the host did not scroll');
  await screenshot(page, 'embed-host-dark');
  assert.deepEqual(violations, []);
  await context.close();
  await host.close();
});

test('Copy → Embed builds the snippet: read-only or editable, theme, transparent, focus, embed.js or inline, with a live preview', async () => {
  const { page, problems } = await openPage(env.browser, `${env.server.url}#${INCIDENT}`);
  await page.click('[data-copy="embed"]');
  const snippet = () => page.locator('[data-export="embed"]').innerText();
  assert.match(await snippet(), /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/#network_ipv4_cidr=10\.20\.128\.0\/17&amp;/);
  assert.match(await snippet(), /&amp;embed=1&amp;readonly=1"/);
  assert.match(await snippet(), /title="kube-hetzner IPv4 plan: network 10\.20\.128\.0\/17, pods 10\.20\.128\.0\/20, services 10\.20\.144\.0\/20 \(khcidr\)"/);
  assert.match(await snippet(), /<script src="http:\/\/127\.0\.0\.1:\d+\/embed\.js" async><\/script>/);
  await page.selectOption('#embed-mode', { index: 1 });
  await page.selectOption('#embed-theme', { index: 2 });
  await page.selectOption('#embed-background', { index: 1 });
  await page.selectOption('#embed-focus', { label: 'Pod routes collide with a Hetzner subnet (pod-subnet-overlap)' });
  assert.match(await snippet(), /&amp;embed=1&amp;transparent=1&amp;inputs=1&amp;theme=dark&amp;focus=pod-subnet-overlap"/);
  const preview = page.frameLocator('[data-embed-preview]');
  // The new frame has loaded and drawn its plan in the dark theme.
  await page.waitForFunction(() => {
    const frame = document.querySelector('[data-embed-preview]');
    return frame.src.includes('theme=dark') && frame.contentDocument?.documentElement?.dataset.theme === 'dark';
  });
  assert.equal(await preview.locator('[data-embed]').count(), 1);
  await page.waitForFunction(() => document.querySelector('[data-embed-preview]').height !== '480', null, { timeout: 5000 });
  await page.selectOption('#embed-sizing', { index: 1 });
  assert.match(await snippet(), /event\.data\.type !== 'khcidr:height'/);
  await screenshot(page, 'embed-builder');
  assert.deepEqual(problems, []);
});

test('hostile links: huge, wrong, script-looking or thousands of nodepools', async () => {
  const cases = [
    ['#' + 'network_ipv4_cidr=10.20.0.0/16&' + 'x'.repeat(500_000), /longer than 4096 characters/],
    [`#agents=${Array(1500).fill(1).join(",")}`, /only the first 256 of 1500 nodepools kept/],
    ['#control_planes=-1&node_mask=999&subnet_count=many&routes=maybe', /control_planes: "-1" is not a node count/],
    ['#network_ipv4_cidr=%3Cscript%3Ealert(1)%3C%2Fscript%3E&cni=%3Csvg%20onload%3Dalert(1)%3E', /cni: unknown CNI/],
  ];
  for (const [fragment, notice] of cases) {
    const { page, problems } = await openPage(env.browser, env.server.url + fragment);
    assert.match(await page.locator('[data-notice]').innerText(), notice, fragment.slice(0, 60));
    assert.equal(await page.locator('main script, main svg[onload], [data-notice] *:not(p, strong, ul, li, button)').count(), 0);
    assert.ok(await page.locator('[data-summary]').isVisible());
    assert.deepEqual(problems, []);
    await page.context().close();
  }
  const { page } = await openPage(env.browser, env.server.url + cases[3][0]);
  assert.equal(await page.inputValue(field('network_ipv4_cidr')), '<script>alert(1)</script>', 'shown as text, never as markup');
  assert.match(await page.locator('[data-field-error="network_ipv4_cidr"]').innerText(), /is not an IPv4 CIDR/);
  await screenshot(page, 'hostile-link');
});

test('Download SVG saves the picture of the plan on screen, in the page\'s theme', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${env.server.url}#${INCIDENT}`);
  await page.waitForSelector(READY);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-download-svg]')]);
  assert.equal(download.suggestedFilename(), 'khcidr-plan.svg');
  const { readFile } = await import('node:fs/promises');
  const svg = await readFile(await download.path(), 'utf8');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox=/);
  assert.match(svg, /route 10\.20\.128\.0\/24 via 10\.20\.128\.101/);
  assert.match(svg, /fill="#14171a"/, 'the dark background');
  assert.doesNotMatch(svg, /<script/);
  await context.close();
});
