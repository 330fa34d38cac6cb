// Replays the etcdctl lines of the oracle cases against one in-process KVStore and compares each
// command's normalized transcript block (stdout, stderr, exit code) with real etcd 3.4.23's.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../testdata/oracle/normalize.mjs';
import { runEtcdctl } from './run';
import { StoreClient } from './testing/storeClient';
import { parseScript, splitBlocks, toReplay, transcriptBlock } from './testing/oracleScript';

const ORACLE = new URL('../../testdata/oracle/', import.meta.url);
const PREAMBLE = [
  '#% cluster_id 17575343635502501417 f3e829eb178c8e29',
  '#% member m1 1882742760416330763 1a20d890be0dc40b client=http://127.0.0.1:23791 peer=http://127.0.0.1:23891',
];

interface CaseResult {
  matched: number[];
  mismatched: { n: number; want: string; got: string }[];
  skipped: { n: number; reason: string }[];
}

async function replayCase(name: string): Promise<CaseResult> {
  const script = parseScript(readFileSync(new URL(`cases/${name}.txt`, ORACLE), 'utf8'));
  const client = new StoreClient();
  const blocks: string[] = [...PREAMBLE];
  const skipped: CaseResult['skipped'] = [];
  for (const c of script) {
    const r = toReplay(c);
    if (!r.ok) {
      skipped.push({ n: c.n, reason: r.reason });
      continue;
    }
    const res = await runEtcdctl(['--endpoints=127.0.0.1:23791', ...r.argv], client, { stdin: r.stdin, env: r.env });
    blocks.push(transcriptBlock(c.n, c.text, res));
  }
  const norm = (t: string) => splitBlocks(normalize(t, { stripClientLogs: true }));
  const got = norm(blocks.join('\n') + '\n');
  const want = norm(readFileSync(new URL(`expected/${name}.raw`, ORACLE), 'utf8'));
  const out: CaseResult = { matched: [], mismatched: [], skipped };
  for (const [n, g] of got) {
    const w = want.get(n) ?? '';
    if (w.trimEnd() === g.trimEnd()) out.matched.push(n);
    else out.mismatched.push({ n, want: w, got: g });
  }
  return out;
}

// Commands the replay cannot run, by case, with why (checked so the list stays honest).
const SKIPPED: Record<string, number[]> = {
  '01-put-get': [19], // `-w protobuf | od`: shell pipe
  '02-del': [],
  '03-txn': [],
  '04-compaction': [33, 34], // two `timeout 3 etcdctl watch` (streaming, not in the client yet)
};
// Commands known not to match yet, by case.
const KNOWN_MISMATCH: Record<string, number[]> = {
  '01-put-get': [],
  '02-del': [],
  '03-txn': [],
  '04-compaction': [32], // `endpoint status`: needs the maintenance API (EtcdClient.status)
};

describe('etcdctl against etcd 3.4.23 transcripts', () => {
  for (const name of Object.keys(SKIPPED)) {
    it(name, async () => {
      const r = await replayCase(name);
      const total = r.matched.length + r.mismatched.length;
      // one line per case for the test log
      console.info(`[oracle] ${name}: ${r.matched.length}/${total} commands match, ${r.skipped.length} not replayed (${r.skipped.map((s) => `${s.n}: ${s.reason}`).join('; ')})`);
      for (const m of r.mismatched) console.info(`[oracle] ${name} [${m.n}] differs\n--- want\n${m.want}\n--- got\n${m.got}`);
      expect(r.skipped.map((s) => s.n)).toEqual(SKIPPED[name]);
      expect(r.mismatched.map((m) => m.n)).toEqual(KNOWN_MISMATCH[name]);
    });
  }
});
