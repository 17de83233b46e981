// Serves dist/ on a loopback port and drives Debian's Chromium through playwright-core.
// Nothing here downloads a browser or reaches any other host.
import { mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { before, after, afterEach } from 'node:test';
import { chromium } from 'playwright-core';
import { serveStatic } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const dist = join(root, 'dist');
export const artifacts = join(root, 'tests', 'artifacts');

/** Serves dist/ (or `dir`) on a free loopback port, optionally under a sub-path. */
export function serve(dir = dist, prefix = '/') {
  return serveStatic(dir, { prefix });
}

/** Launches headless Chromium with this machine's flags, plus `extra`. */
export function launch(extra = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...extra,
    ],
  });
}

/** The page has checked its plan: the findings' summary, or a read-only embed's verdict. */
export const READY = '[data-summary], [data-embed] [data-verdict]';

/** A page that fails the test on any uncaught error or console error. */
export async function openPage(browser, url, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  await page.goto(url);
  await page.waitForSelector(READY);
  return { page, problems, context };
}

/** Saves a full-page screenshot under tests/artifacts/ for a person to look at. */
export async function screenshot(page, name) {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}

/** Errors of every page a test opened, and the ones the test expects (`expectError`). */
const seen = { problems: [], expected: [] };

/** Tells the harness that this test makes a page report an error matching `pattern`. */
export function expectError(pattern) {
  seen.expected.push(pattern);
}

function watch(page) {
  page.on('pageerror', (err) => seen.problems.push(`pageerror: ${err.message} (${page.url()})`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') seen.problems.push(`console: ${msg.text()} (${page.url()})`);
  });
}

/** Starts the server and the browser before a test file's tests and stops them after. Every
 * page of every context of that browser, frames included, is watched: a test fails on any
 * uncaught error or console error it did not expect. */
export function useBrowser() {
  const env = {};
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
    const newContext = env.browser.newContext.bind(env.browser);
    env.browser.newContext = async (...args) => {
      const context = await newContext(...args);
      context.on('page', watch);
      return context;
    };
  });
  afterEach(() => {
    const unexpected = seen.problems.filter((p) => !seen.expected.some((e) => e.test(p)));
    seen.problems = [];
    seen.expected = [];
    assert.deepEqual(unexpected, [], 'the pages reported errors');
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Selectors on the page's stable hooks. */
export const field = (name) => `input[data-field="${name}"]`;
export const finding = (code, severity) => `[data-finding-code="${code}"][data-severity="${severity}"]`;
