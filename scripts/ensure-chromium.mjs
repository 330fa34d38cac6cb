// Makes sure Debian's Chromium is installed for the Playwright e2e tests and the UI benchmark.
// Playwright's own browser download cannot work here (no network beyond the package registries).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function sh(cmd) {
  execSync(cmd, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

export function ensureChromium() {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid && process.getuid() !== 0) {
    throw new Error(`${CHROMIUM} is missing; install it with: sudo apt-get install -y chromium`);
  }
  console.log(`[ensure-chromium] ${CHROMIUM} missing: installing Debian chromium (apt-get)...`);
  sh('apt-get update -qq');
  sh('apt-get install -y -qq chromium');
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get finished but ${CHROMIUM} is still missing`);
  return CHROMIUM;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const path = ensureChromium();
  console.log(`[ensure-chromium] using ${path}: ${execSync(`${path} --version`).toString().trim()}`);
}
