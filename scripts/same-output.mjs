// Runs two builds of the CLI over the same inputs and reports every output that differs:
// each of the module's Terraform-evaluated plans (crates/core/tests/fixtures/module) on the
// first and last release of its era, and each kube.tf fixture, in every output format.
//   node scripts/same-output.mjs BEFORE_BIN AFTER_BIN
// Exit 0 when every output (and exit code) is byte-identical, 1 otherwise.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [before, after] = process.argv.slice(2);
if (!before || !after) {
  console.error('usage: node scripts/same-output.mjs BEFORE_BIN AFTER_BIN');
  process.exit(2);
}

/** The CLI flags for one fixture's inputs on one release. */
function flags(inputs, release) {
  const args = ['--module-version', release];
  const add = (flag, value) => value !== null && value !== undefined && args.push(`${flag}=${value}`);
  add('--network', inputs.network_ipv4_cidr);
  add('--cluster', inputs.cluster_ipv4_cidr);
  add('--service', inputs.service_ipv4_cidr);
  add('--dns', inputs.cluster_dns_ipv4);
  add('--subnet-count', inputs.subnet_count);
  if (inputs.subnet_mode === 'shared') args.push('--subnet-mode=shared');
  args.push(`--control-planes=${inputs.control_plane_pools.join(',')}`);
  args.push(`--agents=${inputs.agent_pools.join(',')}`);
  if (inputs.nat_router !== 'off') args.push(`--nat-router=${inputs.nat_router}`);
  add('--nat-router-index', inputs.nat_router_subnet_index);
  if (inputs.vswitch) args.push('--vswitch');
  add('--vswitch-index', inputs.vswitch_subnet_index);
  if (inputs.control_plane_lb) args.push('--control-plane-lb');
  if (!inputs.ingress_lb) args.push('--ingress-controller=none');
  if (inputs.enable_klipper_metal_lb) args.push('--klipper-metal-lb');
  return args;
}

const runs = [];
const fixtures = join(root, 'crates/core/tests/fixtures/module');
for (const file of readdirSync(fixtures).filter((f) => /^e\d+_.*\.json$/.test(f)).sort()) {
  const [, first, last] = file.match(/_v([\d.]+)(?:-v([\d.]+))?\.json$/);
  for (const fixture of JSON.parse(readFileSync(join(fixtures, file), 'utf8'))) {
    for (const release of new Set([first, last ?? first])) {
      for (const format of ['json', 'text']) {
        runs.push([`${fixture.id} ${release} ${format}`, ['check', `--format=${format}`, ...flags(fixture.inputs, release)]]);
      }
    }
  }
}
const kubetf = join(root, 'crates/cli/tests/fixtures/kubetf');
const paths = [];
for (const entry of readdirSync(kubetf).sort()) {
  const path = join(kubetf, entry);
  if (statSync(path).isDirectory()) {
    paths.push(path, ...readdirSync(path).filter((f) => f.startsWith('kube.tf')).map((f) => join(path, f)));
  }
}
for (const path of paths) {
  for (const format of ['json', 'text', 'svg']) {
    runs.push([`${path.slice(root.length + 1)} ${format}`, ['check', `--format=${format}`, path]]);
  }
}

function run(bin, args) {
  try {
    return `exit 0\n${execFileSync(bin, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } })}`;
  } catch (e) {
    return `exit ${e.status}\n${e.stdout}\n--- stderr\n${e.stderr}`;
  }
}

let differ = 0;
const byFormat = {};
for (const [name, args] of runs) {
  const a = run(before, args);
  const b = run(after, args);
  if (a !== b) {
    differ += 1;
    const format = name.split(' ').pop();
    byFormat[format] = (byFormat[format] ?? 0) + 1;
    if (format === 'json' && process.env.SAME_OUTPUT_JSON) {
      console.log(`json differs: ${name}`);
    }
    if (differ <= 5) {
      const lines = [a.split('\n'), b.split('\n')];
      const at = lines[0].findIndex((line, i) => line !== lines[1][i]);
      console.log(`differs: ${name}\n  khcidr ${args.join(' ')}\n  line ${at + 1}:\n  - ${lines[0][at]}\n  + ${lines[1][at]}`);
    }
  }
}
console.log(`${runs.length} outputs compared, ${differ} differ${differ ? ` (${Object.entries(byFormat).map(([f, n]) => `${n} ${f}`).join(', ')})` : ''}`);
process.exit(differ ? 1 : 0);
