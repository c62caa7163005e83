#!/usr/bin/env node
// `npm test`: every tier, in order, on a fresh machine too. Checks lint and types, builds, builds
// the docs site (a dead link fails it), compiles a consumer against the built packages and runs the
// unit tier — none of which needs root — then sets up what the other tiers need (Debian packages,
// the Asterisk chroot: root) and runs the Asterisk integration and Chromium browser tiers, and prints how many tests each ran.
// Exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const results = [];
const started = Date.now();

function step(name, cmd, args) {
  const t = Date.now();
  process.stdout.write(`\n▶ ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const ok = r.status === 0;
  process.stdout.write(`${ok ? '✔' : '✖'} ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)\n`);
  return ok;
}

function fail(name) {
  console.error(`\n${name} failed; stopping.`);
  summary();
  process.exit(1);
}

function tier(name) {
  mkdirSync('node_modules/.cache/aipbx-test', { recursive: true });
  const report = `node_modules/.cache/aipbx-test/${name}.json`;
  const ok = step(`${name} tests`, 'npx', [
    'vitest',
    'run',
    '--project',
    name,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ]);
  let counts = { passed: 0, failed: 0, skipped: 0, total: 0 };
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    counts = {
      passed: json.numPassedTests,
      failed: json.numFailedTests,
      skipped: json.numPendingTests + json.numTodoTests,
      total: json.numTotalTests,
    };
  } catch {
    counts.failed = 1;
  }
  if (!ok && counts.failed === 0) counts.failed = 1;
  results.push({ name, ...counts });
  return ok && counts.total > 0 && counts.skipped === 0;
}

function summary() {
  if (results.length === 0) return;
  console.log('\ntier          passed  failed  skipped');
  for (const r of results) {
    console.log(
      `${r.name.padEnd(12)} ${String(r.passed).padStart(7)} ${String(r.failed).padStart(7)} ${String(r.skipped).padStart(8)}`,
    );
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`(${((Date.now() - started) / 60000).toFixed(1)} min)`);
  console.log(`${passed} passed, ${failed} failed`);
}

if (!step('lint', 'npx', ['biome', 'ci', '.'])) fail('lint');
if (!step('type check', 'npx', ['tsc', '-p', 'tsconfig.json'])) fail('type check');
if (!step('build', 'npm', ['run', 'build', '--silent'])) fail('build');
// The React example is checked as a consumer: against the built widget, with its own JSX settings.
if (!step('type check (React example)', 'npx', ['tsc', '-p', 'examples/react/tsconfig.json'])) {
  fail('type check (React example)');
}
if (!step('API report', 'node', ['scripts/api-report.mjs'])) fail('API report');
if (!step('docs site', 'npm', ['run', 'docs:build', '--silent'])) fail('docs site');
for (const resolution of ['node16', 'bundler']) {
  if (
    !step(`consumer types (${resolution})`, 'npx', ['tsc', '-p', `test/consumer/tsconfig.${resolution}.json`])
  ) {
    fail(`consumer types (${resolution})`);
  }
}
if (!step('consumer runtime', 'node', ['test/consumer/run.mjs'])) fail('consumer runtime');

let ok = tier('unit');
if (!step('test bed setup', 'node', ['testbed/cli.mjs', 'setup'])) fail('test bed setup');
for (const name of ['integration', 'browser']) ok = tier(name) && ok;
summary();
process.exit(ok ? 0 : 1);
