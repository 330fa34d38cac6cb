// The runner's own behaviour on small scripts: virtual time, timeouts, endpoints, directives.
import { describe, expect, it } from 'vitest';
import { runScript } from './runner';
import { RequestClient } from '../host/etcdClient';
import { createHash } from 'node:crypto';
import { OracleCluster } from './cluster';
import { splitBlocks } from './transcript';
import { normalizeTranscript } from './compare';

async function run(script: string) {
  const started = performance.now();
  const r = await runScript(script, { scriptName: 't.txt' });
  return { ...r, wallMs: performance.now() - started, blocks: splitBlocks(r.transcript) };
}

describe('oracle runner', () => {
  it('prints the preamble and one block per command, with the wrapper adding --endpoints', async () => {
    const r = await run('etcdctl put foo bar\netcdctl get foo -w json\n');
    const lines = r.transcript.split('\n');
    expect(lines[0]).toBe('#% etcd-oracle script=t.txt members=1 etcdctl version: 3.4.23');
    expect(lines[1]).toMatch(/^#% cluster_id \d+ [0-9a-f]+$/);
    expect(lines[2]).toMatch(/^#% member m1 \d+ [0-9a-f]+ client=http:\/\/127\.0\.0\.1:23791 peer=http:\/\/127\.0\.0\.1:23891$/);
    expect(r.blocks.map((b) => b.body[0])).toEqual(['--- rc=0', '--- rc=0']);
    // first write of a fresh cluster is revision 2; ids come out as the normalizer's placeholders
    expect(normalizeTranscript(r.transcript)).toContain('"header":{"cluster_id":<CLUSTER_ID>,"member_id":<MEMBER:m1>,"revision":2');
  });

  it('sleeps and timeouts cost virtual time only; a cut-off command exits 124', async () => {
    const r = await run(
      [
        '#@ sleep 600',
        'timeout 3 etcdctl --endpoints=127.0.0.1:1 --command-timeout=30s get foo',
        'etcdctl --endpoints=127.0.0.1:1 --command-timeout=2s get foo',
        '#@ timeout 1',
        'etcdctl --endpoints=127.0.0.1:1 get foo',
      ].join('\n'),
    );
    expect(r.wallMs).toBeLessThan(15_000);
    expect(r.blocks[0]!.body).toEqual(['--- rc=124']);
    expect(r.blocks[1]!.body).toEqual(['--- rc=1', 'e| Error: context deadline exceeded']);
    expect(r.blocks[2]!.body).toEqual(['--- rc=124']);
  });

  it('captures, stdin-gen and variables feed later commands', async () => {
    const r = await run(
      [
        'etcdctl put k hello-world',
        'etcdctl get k',
        '#@ capture V (hello-\\w+)',
        'etcdctl put copy $V',
        'etcdctl get copy --print-value-only',
        '#@ capture NONE (zzz)',
        '#@ stdin-gen 5 q',
        'etcdctl put gen',
        'etcdctl get gen --print-value-only',
      ].join('\n'),
    );
    expect(r.blocks[3]!.body).toEqual(['--- rc=0', 'o| hello-world']);
    expect(r.transcript).toContain('=== #@ capture NONE (zzz) -> NO MATCH');
    expect(r.warnings.some((w) => w.includes('capture NONE'))).toBe(true);
    expect(r.blocks[5]!.body).toEqual(['--- rc=0', 'o| qqqqq']);
  });

  it('background jobs run while later commands and sleeps advance the clock; wait prints them in place', async () => {
    const r = await run(['#@ bg slow timeout 2 etcdctl --endpoints=127.0.0.1:1 get x', 'etcdctl put a 1', '#@ sleep 1', '#@ wait slow', 'etcdctl get a --print-value-only'].join('\n'));
    expect(r.blocks.map((b) => [b.n, b.cmd])).toEqual([
      [1, 'etcdctl put a 1'],
      [2, '(bg slow) timeout 2 etcdctl --endpoints=127.0.0.1:1 get x'],
      [3, 'etcdctl get a --print-value-only'],
    ]);
    expect(r.blocks[1]!.body).toEqual(['--- rc=124']);
    expect(r.transcript).toContain('=== #@ bg slow timeout 2 etcdctl --endpoints=127.0.0.1:1 get x\n=== [1]');
  });

  it('marks "# shell" lines and unsupported syntax as not replayed, keeping the numbering', async () => {
    const r = await run(['# shell', 'etcdctl get a | od -An', 'etcdctl get a > /tmp/f', 'etcdctl put b 1'].join('\n'));
    expect(r.blocks.map((b) => b.body[0])).toEqual(['--- not replayed: marked "# shell" (other shell syntax)', '--- not replayed: unsupported shell operator >', '--- rc=0']);
    expect(r.skipped.map((s) => s.n)).toEqual([1, 2]);
  });

  it('three members: m1 leads, $EPn reaches member n, kill and restart', async () => {
    const r = await run(
      [
        '#@ members 3',
        'etcdctl --endpoints=$EP2 put a 1',
        'etcdctl --endpoints=$EP3 get a --consistency=s -w json',
        '#@ kill-member 3',
        'etcdctl --endpoints=$EP3 --command-timeout=1s get a',
        'etcdctl put b 2',
        '#@ restart-member 3',
        '#@ endpoint 3',
        'etcdctl get b --consistency=s --print-value-only',
      ].join('\n'),
    );
    const norm = splitBlocks(normalizeTranscript(r.transcript));
    expect(norm[0]!.body).toEqual(['--- rc=0', 'o| OK']);
    expect(norm[1]!.body[1]).toMatch(/"member_id":<MEMBER:m3>/);
    expect(norm[2]!.body).toEqual(['--- rc=1', 'e| Error: context deadline exceeded']);
    expect(norm[3]!.body).toEqual(['--- rc=0', 'o| OK']);
    expect(norm[4]!.body).toEqual(['--- rc=0', 'o| 2']);
    expect(r.transcript).toContain('=== #@ kill-member 3\n');
    expect(r.transcript).toContain('=== #@ restart-member 3\n=== #@ endpoint 3\n');
  });

  it('unknown directives and bad members are errors, not silent', async () => {
    await expect(runScript('#@ frobnicate 1\n', { scriptName: 'x' })).rejects.toThrow(/unknown directive/);
    await expect(runScript('#@ kill-member 2\n', { scriptName: 'x' })).rejects.toThrow(/no member 2/);
  });
});

describe('OracleCluster', () => {
  it('finds a seed where m1 is the first leader, and maps endpoints to members', () => {
    const c = new OracleCluster({ members: 3 });
    expect(c.sim.leader()).toBe(1);
    expect(c.endpoints()).toEqual(['127.0.0.1:23791', '127.0.0.1:23792', '127.0.0.1:23793']);
    expect(c.memberAt('http://127.0.0.1:23792')).toBe(2);
    expect(c.memberAt('127.0.0.1:23794')).toBeUndefined();
    expect(c.memberAt('127.0.0.1:1')).toBeUndefined();
    expect(new Set(c.preambleMembers().map((m) => m.idHex)).size).toBe(3);
  });
});

describe('graceful stop', () => {
  it('#@ kill-member 1 TERM hands leadership to another member first; KILL does not', async () => {
    const leaderAfter = async (sig: string) => {
      let leader: number | undefined;
      let term = 0;
      await runScript(`#@ members 3\n#@ kill-member 1 ${sig}\netcdctl --endpoints=$EP2 put a 1\n`, {
        scriptName: 't',
        hooks: {
          makeClient: (send, cluster) => {
            // note who leads right after the stop, before any election could have happened
            if (!cluster.sim.alive().includes(1) && leader === undefined) {
              leader = cluster.sim.leader() ?? 0;
              term = leader ? cluster.sim.inspect(leader)!.term : 0;
            }
            return new RequestClient(send);
          },
        },
      });
      return { leader, term };
    };
    const term = await leaderAfter('TERM');
    expect([2, 3]).toContain(term.leader);
    const kill = await leaderAfter('KILL');
    expect(kill.leader).toBe(0);
  });
});

describe('--snapshot-out', () => {
  it('takes the current member\'s snapshot at the end: a bolt file with its SHA-256 trailer', async () => {
    const r = await runScript('etcdctl put a 1\netcdctl put b 2\n', { scriptName: 't', snapshot: true });
    const snap = r.snapshot!;
    expect(snap.length).toBeGreaterThan(4096);
    const db = snap.subarray(0, snap.length - 32);
    expect(db.length % 4096).toBe(0);
    expect(Buffer.from(createHash('sha256').update(db).digest()).equals(Buffer.from(snap.subarray(snap.length - 32)))).toBe(true);
    // no snapshot unless asked
    expect((await runScript('etcdctl put a 1\n', { scriptName: 't' })).snapshot).toBeUndefined();
  });
});
