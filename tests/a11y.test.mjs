// Accessibility, proven: axe-core audits the page in Chromium, light and dark, laptop and
// phone, the documentation embed and Fix my plan open. No violation of any impact is allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { useBrowser, screenshot, READY } from './support/harness.mjs';

const env = useBrowser();
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const INCIDENT = '#network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20&service_ipv4_cidr=10.20.144.0/20'
  + '&control_planes=1,1,1&agents=2&module_version=2.12.0';

const UPGRADE = '#control_planes=3&agents=2&control_plane_lb=true&module_version=2.15.2&upgrade_to=3.1.0';

/** WCAG 2's contrast ratio of two computed colours (`rgb(r, g, b)`). */
function contrast(a, b) {
  const luminance = (colour) => colour.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

const cases = [
  ['the incident, light, laptop', INCIDENT, 1280, 900, 'light'],
  ['the incident, dark, laptop', INCIDENT, 1280, 900, 'dark'],
  ['the incident, phone', INCIDENT, 390, 844, 'light'],
  ['the defaults, dark, phone', '', 390, 844, 'dark'],
  ['the embed', `${INCIDENT}&embed=1&readonly=1`, 800, 700, 'light'],
  ['the editable embed, dark', `${INCIDENT}&embed=1&inputs=1`, 800, 700, 'dark'],
  ['an upgrade, light, laptop', UPGRADE, 1280, 900, 'light'],
  ['an upgrade, dark, phone', UPGRADE, 390, 844, 'dark'],
  ['the incident, dark, phone', INCIDENT, 390, 844, 'dark'],
  ['a dark transparent embed opened alone', `${INCIDENT}&embed=1&readonly=1&theme=dark&transparent=1`, 700, 900, 'light'],
];

for (const [name, fragment, width, height, colorScheme] of cases) {
  test(`axe: no violation of any impact on ${name}`, async () => {
    const context = await env.browser.newContext({ viewport: { width, height }, colorScheme });
    const page = await context.newPage();
    await page.goto(env.server.url + fragment);
    await page.waitForSelector(READY);
    if (fragment.includes('upgrade_to')) await page.waitForSelector('#upgrade .upgrade-verdict');
    // Open what is folded, so its controls are audited too.
    if (await page.locator('details.advanced').count()) await page.click('details.advanced summary');
    if (await page.locator('[data-import-open]').count()) await page.click('[data-import-open]');
    if (await page.locator('[data-fix-open]').count()) {
      await page.click('[data-fix-open]');
      // Its diff comes from the page's helper.
      await page.waitForSelector('#fix-plan [data-fix-summary], #fix-plan [data-fix-none]');
    }
    // Evaluated by the driver, not injected: the page's CSP allows no inline script.
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const result = await window.axe.run(document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
    });
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 1));
    // What was audited, for a person to look at: light and dark, laptop and phone.
    await screenshot(page, `audited-${name.replace(/[^a-z0-9]+/g, '-')}-${width}`);
    await context.close();
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`the focus ring stands out at 3:1 or more against the page (${colorScheme})`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const page = await context.newPage();
    await page.goto(env.server.url + INCIDENT);
    await page.waitForSelector(READY);
    await page.focus(`input[data-field="network_ipv4_cidr"]`);
    await page.keyboard.press('Tab');
    const [ring, background] = await page.evaluate(() => {
      // The page's own background: the first element up from the focused one that paints one.
      let el = document.activeElement;
      let bg = 'rgb(255, 255, 255)';
      for (; el; el = el.parentElement) {
        const c = getComputedStyle(el).backgroundColor;
        if (!/rgba\(.*, 0\)$/.test(c) && c !== 'transparent') { bg = c; break; }
      }
      return [getComputedStyle(document.activeElement).outlineColor, bg];
    });
    const ratio = contrast(ring, background);
    assert.ok(ratio >= 3, `focus ring contrast ${ratio.toFixed(2)}:1`);
    await context.close();
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`the drawing's collision labels read at 4.5:1 or more against its panel (${colorScheme})`, async () => {
    const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme });
    const page = await context.newPage();
    await page.goto(env.server.url + INCIDENT);
    await page.waitForSelector(READY);
    // "collides now" and "at agent pool 33": small bold text on the drawing's panel.
    const labels = await page.evaluate(() => {
      const panel = getComputedStyle(document.querySelector('.drawing')).backgroundColor;
      return [...document.querySelectorAll('.mark-label')].map((label) => [label.textContent, getComputedStyle(label).fill, panel]);
    });
    const ratios = labels.map(([text, fill, panel]) => [text, contrast(fill, panel)]);
    assert.deepEqual(ratios.map(([text]) => text).sort(), ['at agent pool 33', 'collides now']);
    for (const [text, ratio] of ratios) assert.ok(ratio >= 4.5, `${text}: ${ratio.toFixed(2)}:1`);
    await context.close();
  });
}
