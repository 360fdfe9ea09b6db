#!/usr/bin/env node
// The conformance run inside `npm test`: every case of the vendored suite
// through the real CLI (`bin/glassgrad.mjs run`, what `npx glassgrad run`
// executes), checked by the suite's own check.mjs against the PyTorch 2.11
// goldens. Fails when a case fails that is not listed, with its reason, in
// known_failures.json — or when a listed case passes (then delete its entry).
//   node test/conformance/run.mjs [--filter PREFIX]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const known = JSON.parse(fs.readFileSync(path.join(HERE, 'known_failures.json'), 'utf8'));
const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'glassgrad-conformance-')), 'report.json');
const bin = path.relative(ROOT, path.join(ROOT, 'bin/glassgrad.mjs'));

const started = Date.now();
const check = spawnSync(
  process.execPath,
  [
    path.join(HERE, 'check.mjs'),
    path.join(HERE, 'goldens-torch2.11.json'),
    path.join(HERE, 'cases'),
    '--run',
    `node ${bin} run {file}`,
    '--jobs',
    '2',
    '--json',
    report,
    ...process.argv.slice(2),
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
if (!fs.existsSync(report)) {
  console.error(`conformance: check.mjs wrote no report (exit status ${check.status})`);
  process.exit(1);
}
const { passed, failed, results } = JSON.parse(fs.readFileSync(report, 'utf8'));
const failing = results.filter((r) => r.status !== 'pass').map((r) => r.name);
const unexpected = failing.filter((name) => !(name in known));
const fixed = results.filter((r) => r.status === 'pass' && r.name in known).map((r) => r.name);

console.log(`conformance: ${passed} of ${passed + failed} cases pass (${((Date.now() - started) / 1000).toFixed(0)} s)`);
for (const name of failing.filter((n) => n in known)) console.log(`  known failure ${name}: ${known[name]}`);
for (const name of unexpected) console.error(`  UNEXPECTED FAILURE ${name}`);
for (const name of fixed) console.error(`  ${name} passes now: remove it from test/conformance/known_failures.json`);
process.exit(unexpected.length || fixed.length ? 1 : 0);
