// Every etcd-oracle case in testdata/oracle, run by the node runner on a simulated cluster and
// compared command by command with real etcd 3.4.23's transcript. testdata/oracle/STATUS.md records
// where each case stands; a case it marks "pass" must keep passing, and the table must be current.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATUS_FILE, caseNames, passingInStatus, renderStatus, runCase, type CaseStatus } from './status';

const names = caseNames();
const recorded = readFileSync(STATUS_FILE, 'utf8');
const passing = new Set(passingInStatus(recorded));
const results = new Map<string, CaseStatus>();

async function result(name: string): Promise<CaseStatus> {
  let r = results.get(name);
  if (!r) {
    r = await runCase(name);
    results.set(name, r);
  }
  return r;
}

/** What to show when a case that should pass does not. */
function failure(r: CaseStatus): string {
  if (r.error) return `runner error: ${r.error}`;
  const d = r.firstDifference;
  if (!d) return r.pass ? '' : 'no replayed commands';
  return `[${d.n}] ${d.cmd}\n--- real etcd\n${d.want.join('\n')}\n--- etcdscope\n${d.got.join('\n')}`;
}

describe('oracle cases on the simulated cluster', () => {
  it('covers every case in testdata/oracle/cases, and the table lists exactly those', () => {
    expect(names.length).toBeGreaterThanOrEqual(16);
    const listed = [...recorded.matchAll(/^\| (\d\S*) \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(names);
  });

  for (const name of names) {
    it(`${name} ${passing.has(name) ? 'matches real etcd' : 'runs (not passing yet, see STATUS.md)'}`, async () => {
      const r = await result(name);
      expect(r.error).toBeNull();
      expect(r.total).toBeGreaterThan(0);
      if (passing.has(name)) expect(failure(r)).toBe('');
    });
  }

  it('testdata/oracle/STATUS.md is up to date (npm run --silent oracle -- --status --write)', async () => {
    const all: CaseStatus[] = [];
    for (const n of names) all.push(await result(n));
    expect(renderStatus(all)).toBe(recorded);
  });
});
