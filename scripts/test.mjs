// `npm test`: every test layer, in order, with one closing line of counts.
//   1. typecheck (the pure cores are fenced to ES2022: no DOM, no Node)
//   2. unit, datadriven, simulation and interop tests (vitest, Node); first the real tools the
//      interop tests use are installed when missing (scripts/ensure-oracle.mjs)
//   3. end-to-end tests in Debian Chromium (installed here when missing)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureOracle } from './ensure-oracle.mjs';

const only = process.argv[2]; // optional: typecheck | unit | e2e
mkdirSync('test-results', { recursive: true });

function run(label, cmd, args) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status === 0;
}

let passed = 0;
let failed = 0;
let ok = true;

if (!only || only === 'typecheck') {
  ok = run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) && ok;
  ok = run('typecheck (cores, ES2022 only)', 'npx', ['tsc', '-p', 'tsconfig.core.json', '--noEmit']) && ok;
}

if (!only || only === 'unit') {
  // Debian etcd 3.4.23 + etcdctl and the bbolt/etcd-dump-* tools, for the interop tests.
  console.log('\n=== real tools for the interop tests');
  ok = ensureOracle() && ok;
  const unitOk = run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json']);
  ok = unitOk && ok;
  if (existsSync('test-results/unit.json')) {
    const r = JSON.parse(readFileSync('test-results/unit.json', 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    if (r.numPendingTests > 0) console.log(`\n(${r.numPendingTests} unit tests skipped: their names say which tool is missing)`);
  } else if (!unitOk) failed += 1;
}

if (!only || only === 'e2e') {
  ensureChromium();
  ok = run('build', 'npx', ['vite', 'build']) && ok;
  const e2eOk = run('e2e (Debian Chromium)', 'npx', ['playwright', 'test']);
  ok = e2eOk && ok;
  if (existsSync('test-results/e2e.json')) {
    const s = JSON.parse(readFileSync('test-results/e2e.json', 'utf8')).stats;
    passed += s.expected;
    failed += s.unexpected + s.flaky;
  } else if (!e2eOk) failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(ok && failed === 0 ? 0 : 1);
