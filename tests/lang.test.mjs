// The page in Simplified Chinese: chosen by the link's `lang`, else by the browser's
// language; Chinese throughout, the real errors verbatim; an English reader sees and
// fetches no Chinese; embeds follow `lang=`; nothing overflows a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBrowser, READY, screenshot } from './support/harness.mjs';

const env = useBrowser();

const INCIDENT = '#network_ipv4_cidr=10.20.128.0/17&cluster_ipv4_cidr=10.20.128.0/20&service_ipv4_cidr=10.20.144.0/20'
  + '&agents=2&module_version=2.12.0';
const CJK = /[\u3400-\u9fff\uff00-\uffef]/;

async function open(fragment, { width = 1280, height = 900, locale = 'en-US' } = {}) {
  const context = await env.browser.newContext({ viewport: { width, height }, locale });
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${env.server.url}${fragment}`);
  await page.waitForSelector(READY);
  return { page, context, fetched };
}

/** Every text the page shows or says (labels, buttons, headings, aria-labels), but code,
 *  values and the language switch, which names the other language in its own words. */
async function texts(page) {
  return page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.parentElement.closest('code, pre, option, [data-lang-switch]')) continue;
      if (node.textContent.trim()) out.push(node.textContent.trim());
    }
    for (const el of document.querySelectorAll('main [aria-label], main [placeholder]')) {
      if (el.closest('[data-lang-switch]')) continue;
      for (const name of ['aria-label', 'placeholder']) if (el.getAttribute(name)) out.push(el.getAttribute(name));
    }
    return out;
  });
}

/** A text in English: no Chinese in it, and three or more English words once names,
 *  codes and addresses are set aside. A Chinese sentence may quote an English error. */
const english = (text) => !CJK.test(text) && /\b[a-z]{3,}\b(\s+[a-z]{2,}\b){2,}/.test(
  text.replace(/[\w.-]*[_/][\w./-]*/g, ''),
);

test('lang=zh-CN: the incident in Chinese throughout, with the real errors verbatim', async () => {
  const { page, context, fetched } = await open(`${INCIDENT}&lang=zh-CN`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  // The tab's title too (what a screen reader says first, and a bookmark keeps).
  assert.equal(await page.title(), 'khcidr · kube-hetzner IPv4 地址规划检查');
  assert.ok(fetched.some((p) => p.endsWith('khcidr-web-zh_bg.wasm')), 'the Chinese build');
  assert.ok(!fetched.some((p) => p.endsWith('khcidr-web_bg.wasm')), 'not the English one too');
  const verdict = await page.locator('[data-verdict]').innerText();
  assert.match(verdict, /现在就会出错/);
  assert.match(verdict, /hcloud\/CreateRoute: invalid gateway \(invalid_input\)/);
  assert.match(verdict, /spec\.clusterIPs: Invalid value: "10\.43\.0\.10": provided IP is not in the valid range/);
  assert.match(verdict, /应用：cluster_ipv4_cidr = "10\.20\.160\.0\/20"/);
  const left = (await texts(page)).filter(english);
  assert.deepEqual(left, [], 'no English sentence is left');
  // The findings keep their codes; their words are Chinese.
  assert.match(await page.locator('[data-finding-code="pod-subnet-overlap"]').first().innerText(), /Pod 地址块 10\.20\.128\.0\/24/);
  await screenshot(page, 'zh-incident-1280');
  await context.close();
});

test('a Chinese browser opens in Chinese; an English one sees and fetches no Chinese', async () => {
  const zh = await open(`${INCIDENT}`, { locale: 'zh-CN' });
  assert.equal(await zh.page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.match(await zh.page.locator('[data-summary]').innerText(), /个错误/);
  await zh.context.close();
  const en = await open(`${INCIDENT}`);
  assert.equal(await en.page.evaluate(() => document.documentElement.lang), 'en');
  const shown = (await texts(en.page)).filter((t) => CJK.test(t));
  assert.deepEqual(shown, [], 'no Chinese on the English page');
  assert.ok(!en.fetched.some((p) => p.includes('-zh')), `fetched: ${en.fetched}`);
  // The link's lang wins over the browser's.
  await en.context.close();
  const asked = await open(`${INCIDENT}&lang=en`, { locale: 'zh-CN' });
  assert.equal(await asked.page.evaluate(() => document.documentElement.lang), 'en');
  await asked.context.close();
});

test('the language switch opens the same plan in the other language, and the link keeps it', async () => {
  const { page, context } = await open(`${INCIDENT}`);
  assert.equal(await page.locator('[data-lang-switch]').innerText(), '简体中文');
  // An edit made just before, not yet in the link, goes with it.
  await page.fill('input[data-field="service_ipv4_cidr"]', '10.20.192.0/20');
  await page.click('[data-lang-switch]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForSelector(READY);
  assert.equal(await page.inputValue('input[data-field="cluster_ipv4_cidr"]'), '10.20.128.0/20');
  assert.equal(await page.inputValue('input[data-field="service_ipv4_cidr"]'), '10.20.192.0/20');
  assert.match(await page.locator('[data-verdict]').innerText(), /现在就会出错/);
  await page.waitForFunction(() => location.hash.includes('lang=zh-CN'));
  // And back.
  assert.equal(await page.locator('[data-lang-switch]').innerText(), 'English');
  await page.click('[data-lang-switch]');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  await page.waitForSelector(READY);
  assert.match(await page.locator('[data-verdict]').innerText(), /Broken now/);
  await context.close();
});

test('Fix my plan, the what-if marks and the bars read in Chinese', async () => {
  const { page, context } = await open(`${INCIDENT}&lang=zh-CN`);
  await page.click('[data-fix-open]');
  assert.match(await page.locator('[data-fix-holds]').innerText(), /修复后的规划最多可容纳 32 个节点/);
  await page.click('[data-fix-apply]');
  await page.waitForFunction(() => !document.querySelector('#fix-plan'));
  assert.doesNotMatch(await page.locator('[data-verdict]').innerText(), /现在就会出错/);
  const marks = await page.locator('.slider-marks').innerText();
  assert.ok(CJK.test(marks), marks);
  const lanes = await page.locator('svg.bars text.lane-title').allTextContents();
  assert.ok(lanes.some((t) => t.startsWith('Hetzner 网络')), `${lanes}`);
  await context.close();
});

for (const width of [390, 320]) {
  test(`the Chinese page fits ${width} px: the verdict and every bar label inside, none over another`, async () => {
    const { page, context } = await open(`${INCIDENT}&lang=zh-CN`, { width, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, 'the page scrolls sideways');
    const { frame, labels, verdict } = await page.evaluate(() => {
      const svg = document.querySelector('svg.bars');
      const box = (el) => el.getBoundingClientRect().toJSON();
      return {
        frame: box(svg),
        verdict: box(document.querySelector('[data-verdict]')),
        labels: [...svg.querySelectorAll('text')]
          .filter((t) => t.textContent.trim() && getComputedStyle(t).display !== 'none')
          .map((t) => ({ text: t.textContent, ...box(t) })),
      };
    });
    assert.ok(verdict.right <= width, `the verdict ends at ${verdict.right}`);
    for (const l of labels) {
      assert.ok(l.left >= frame.left - 0.5 && l.right <= frame.right + 0.5, `${l.text} leaves the drawing: ${l.left}–${l.right}`);
    }
    for (const [i, a] of labels.entries()) {
      for (const b of labels.slice(i + 1)) {
        const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
        assert.ok(apart, `${a.text} overlaps ${b.text}`);
      }
    }
    await screenshot(page, `zh-incident-${width}`);
    await context.close();
  });
}

test('an embed follows lang=, and its builder offers the language', async () => {
  const { page, context, fetched } = await open(`${INCIDENT}&embed=1&readonly=1&lang=zh-CN`, { width: 700 });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.match(await page.locator('[data-verdict]').innerText(), /现在就会出错/);
  // Read-only: the embed's own build in Chinese, and no other.
  assert.deepEqual(fetched.filter((p) => p.endsWith('.wasm')).map((p) => p.split('/').pop()), ['khcidr-view-zh_bg.wasm']);
  await context.close();
  const builder = await open(`${INCIDENT}`);
  await builder.page.click('[data-copy="embed"]');
  await builder.page.selectOption('#embed-lang', { label: '简体中文' });
  assert.match(await builder.page.locator('[data-export="embed"]').innerText(), /lang=zh-CN/);
  assert.match(await builder.page.getAttribute('[data-embed-preview]', 'src'), /lang=zh-CN/);
  await builder.context.close();
});

test('lang=zh-CN: a pasted kube.tf\'s notes, its syntax errors and a link\'s ignored parts in Chinese', async () => {
  // A link with a value it cannot use: said in Chinese, the key as it is.
  const { page, context, fetched } = await open(`${INCIDENT}&nodes=abc&lang=zh-CN`);
  const ignored = await page.locator('[data-notice]').innerText();
  assert.match(ignored, /nodes: /);
  assert.ok(CJK.test(ignored) && !/not a node count|default kept/.test(ignored), ignored);
  await page.click('[data-notice] button');

  await page.click('[data-import-open]');
  await page.fill('[data-import-text]', `
module "kube-hetzner" {
  source            = "kube-hetzner/kube-hetzner/hcloud"
  version           = "~> 2.18"
  network_ipv4_cidr = "10.20.0.0/16"
  cluster_ipv4_cidr = var.pods
  agent_nodepools   = [{ name = "a", count = 2 }]
}
variable "pods" {}
`);
  await page.click('[data-import-read]');
  await page.waitForSelector('[data-notice][data-imported]');
  assert.ok(fetched.some((p) => p.endsWith('khcidr-import_bg.wasm')), 'the reader was loaded');
  const notice = await page.locator('[data-notice]').innerText();
  assert.match(notice, /module "kube-hetzner"/);
  assert.match(notice, /kube\.tf:6: cluster_ipv4_cidr/);
  assert.match(notice, /var\.pods/);
  assert.match(notice, /version = "~> 2\.18"/);
  const left = (await texts(page)).filter(english);
  assert.deepEqual(left, [], 'no English sentence is left');
  await screenshot(page, 'zh-import-notes');

  // Broken HCL: the place and the parser's own message, the words around them in Chinese.
  await page.click('[data-import-open]');
  await page.fill('[data-import-text]', 'module "k" {\n  network_ipv4_cidr = "10.0.0.0/8\n}\n');
  await page.click('[data-import-read]');
  await page.waitForSelector('[data-import-status].error');
  const said = await page.locator('[data-import-status]').innerText();
  assert.match(said, /kube\.tf/);
  assert.ok(CJK.test(said), said);
  assert.ok(!/Could not read|line \d+, column|the parser/.test(said), said);
  await context.close();
});
