// The page's kube.tf reader (its helper worker) gives the plan the command line gives: every
// one of the 2,040 Terraform-evaluated cases, written as a kube.tf (with its tfvars), read
// by the worker and by `khcidr check --format link`; the same link fragment, or both refuse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useBrowser, openPage, root } from './support/harness.mjs';

const env = useBrowser();
const fixtures = join(root, 'crates', 'kubetf', 'tests', 'fixtures', 'terraform-eval');

/** Each case as its files, written as slots.json says (the Rust test writes them so too). */
function cases() {
  const { file, slots } = JSON.parse(readFileSync(join(fixtures, 'slots.json'), 'utf8'));
  return readFileSync(join(fixtures, 'cases.jsonl'), 'utf8').trim().split('\n').map((line) => {
    const c = JSON.parse(line);
    const tf = file
      .replace('{context}', () => c.context)
      .replace('{version}', () => c.version)
      .replace('{slot}', () => slots[c.slot][0].replace('{}', () => c.expr));
    return { id: c.id, tf, tfvars: c.tfvars };
  });
}

/** The command line's link for each case: `#fragment`, or null where it refuses to read. */
function cli(all) {
  execFileSync('cargo', ['build', '--quiet', '--locked', '-p', 'khcidr'], { cwd: root, stdio: 'inherit' });
  const target = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
  const khcidr = join(target, 'debug', 'khcidr');
  const dir = mkdtempSync(join(tmpdir(), 'khcidr-cases-'));
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('TF_VAR_') || ['LANG', 'LC_ALL', 'LC_MESSAGES'].includes(name)) delete env[name];
  try {
    return all.map((c) => {
      rmSync(join(dir, 'terraform.tfvars'), { force: true });
      writeFileSync(join(dir, 'main.tf'), c.tf);
      if (c.tfvars) writeFileSync(join(dir, 'terraform.tfvars'), c.tfvars);
      try {
        return execFileSync(khcidr, ['check', dir, '--format', 'link'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      } catch (e) {
        // Exit 1: the plan has errors, and the link is still printed; 2: nothing was read.
        return e.status === 1 ? String(e.stdout).trim() : null;
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the page\'s reader gives the plan the command line gives, for every Terraform-evaluated case', async () => {
  const all = cases();
  assert.equal(all.length, 2040);
  const expected = cli(all);
  const { page, problems } = await openPage(env.browser, env.server.url);
  const got = await page.evaluate(async (all) => {
    const worker = new Worker('./khcidr-import_loader.js');
    const answers = [];
    let waiting = null;
    worker.onmessage = (event) => {
      if (event.data[0] === 'ready') {
        waiting?.();
        return;
      }
      answers.push(event.data);
      waiting?.();
    };
    await new Promise((resolve) => { waiting = resolve; });
    const out = [];
    for (const c of all) {
      const files = [new File([c.tf], 'main.tf')];
      if (c.tfvars) files.push(new File([c.tfvars], 'terraform.tfvars'));
      const answered = new Promise((resolve) => { waiting = resolve; });
      worker.postMessage(['files', ...files]);
      await answered;
      const [kind, fragment] = answers.pop();
      out.push(kind === 'read' ? `#${fragment}` : null);
    }
    worker.terminate();
    return out;
  }, all);
  const differ = all
    .map((c, k) => ({ id: c.id, page: got[k], cli: expected[k] }))
    .filter((d) => d.page !== d.cli);
  assert.deepEqual(differ.slice(0, 5), [], `${differ.length} cases differ`);
  assert.ok(expected.filter(Boolean).length > 1900, 'most cases are read');
  assert.deepEqual(problems, []);
});
