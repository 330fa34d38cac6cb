// Streaming commands through the runner: responses pushed by the client (as a watch stream would)
// reach etcdctl at their virtual instant, `timeout` keeps what was printed and exits 124, a stream
// the server ends finishes the command then and there, and a cut-off job's stream is cancelled.
import { describe, expect, it } from 'vitest';
import { RequestClient } from '../host/etcdClient';
import type { EtcdClient } from '../etcdctl';
import type { WatchCreateRequest, WatchResponse } from '../etcdctl/client';
import { fromUtf8, utf8 } from '../lib/bytes';
import type { OracleCluster } from './cluster';
import type { SendRequest } from '../host/etcdClient';
import { runScript } from './runner';
import { splitBlocks } from './transcript';

interface FakeWatch {
  /** Virtual ms after opening at which each event is pushed. */
  eventsAt: number[];
  /** Virtual ms after opening at which the server cancels the watch (never when undefined). */
  cancelAt?: number;
}

function watchingClient(plan: FakeWatch, log: string[]) {
  return (send: SendRequest, cluster: OracleCluster): EtcdClient => {
    const base = new RequestClient(send);
    const header = { clusterId: '00000000000000aa', memberId: '00000000000000bb', revision: 9, raftTerm: 2 };
    const watch = (req: WatchCreateRequest, onResponse: (r: WatchResponse) => void) => {
      let open = true;
      const q = cluster.sim.queue;
      log.push(`open ${fromUtf8(req.key)} at ${Math.round(cluster.sim.nowMs)}`);
      plan.eventsAt.forEach((ms, i) =>
        q.after(ms, () => {
          if (!open) return;
          const kv = { key: req.key, createRevision: 2, modRevision: 2 + i, version: 1 + i, value: utf8(`v${i}`), lease: 0n };
          onResponse({ header, events: [{ type: 0, kv }], compactRevision: 0, canceled: false, cancelReason: '' });
        }),
      );
      if (plan.cancelAt !== undefined)
        q.after(plan.cancelAt, () => {
          if (open) onResponse({ header, events: [], compactRevision: 0, canceled: true, cancelReason: 'etcdserver: mvcc: required revision has been compacted' });
          open = false;
        });
      return {
        cancel: () => {
          if (open) log.push(`cancel at ${Math.round(cluster.sim.nowMs)}`);
          open = false;
        },
      };
    };
    // the request path's client plus a watch: methods are bound to the base instance
    return Object.assign(Object.create(base) as EtcdClient, { watch });
  };
}

describe('streaming commands in virtual time', () => {
  it('timeout keeps the events printed so far, exits 124 and closes the stream', async () => {
    const log: string[] = [];
    const r = await runScript('timeout 2 etcdctl watch foo\netcdctl put a 1\n', { scriptName: 't', hooks: { makeClient: watchingClient({ eventsAt: [300, 900, 5000] }, log) } });
    const [w, put] = splitBlocks(r.transcript);
    expect(w!.body).toEqual(['--- rc=124', 'o| PUT', 'o| foo', 'o| v0', 'o| PUT', 'o| foo', 'o| v1']);
    expect(put!.body).toEqual(['--- rc=0', 'o| OK']);
    expect(log).toHaveLength(2);
    expect(log[1]).toMatch(/^cancel at \d+$/);
  });

  it('a stream the server cancels ends the command at that instant, not at the timeout', async () => {
    const log: string[] = [];
    const r = await runScript('timeout 30 etcdctl watch foo\n', { scriptName: 't', hooks: { makeClient: watchingClient({ eventsAt: [100], cancelAt: 1000 }, log) } });
    const [w] = splitBlocks(r.transcript);
    expect(w!.body[0]).toBe('--- rc=5');
    expect(w!.body).toContain('e| Error: watch is canceled by the server');
    expect(r.endMs).toBeLessThan(5_000);
  });

  it('a background watch sees writes made while it runs', async () => {
    const log: string[] = [];
    const r = await runScript(['#@ bg w timeout 3 etcdctl watch k', '#@ sleep 1', 'etcdctl put k x', '#@ wait w'].join('\n'), {
      scriptName: 't',
      hooks: { makeClient: watchingClient({ eventsAt: [1500] }, log) },
    });
    const blocks = splitBlocks(r.transcript);
    expect(blocks.map((b) => b.cmd)).toEqual(['etcdctl put k x', '(bg w) timeout 3 etcdctl watch k']);
    expect(blocks[1]!.body).toEqual(['--- rc=124', 'o| PUT', 'o| k', 'o| v0']);
  });
});

describe('what the runner hands etcdctl', () => {
  it('stdin closes when the sleeping producer would exit; exec runs the stand-in programs; clockMs is virtual', async () => {
    const seen: string[] = [];
    const r = await runScript(`(printf 'watch foo\\n'; sleep 1.5) | timeout 5 etcdctl watch -i\n`, {
      scriptName: 't',
      hooks: {
        run: async (argv, _client, io) => {
          const t0 = io.clockMs();
          seen.push(`argv ${argv.join(' ')}`, `stdin ${JSON.stringify(fromUtf8(io.stdin))}`);
          await io.stdinClosed!;
          seen.push(`closed after ${Math.round(io.clockMs() - t0)}ms`);
          const e = await io.exec(['sh', '-c', 'echo got $X'], { X: 'y' });
          io.write('stdout', e!.stdout);
          return { stdout: e!.stdout, stderr: '', exitCode: 0 };
        },
      },
    });
    // the first run is the preamble's `etcdctl version`
    expect(seen.slice(-3)).toEqual(['argv --endpoints=127.0.0.1:23791 watch -i', 'stdin "watch foo\\n"', 'closed after 1500ms']);
    expect(splitBlocks(r.transcript)[0]!.body).toEqual(['--- rc=0', 'o| got y']);
  });

  it('a job that ignores the interrupt is cut off with what it wrote', async () => {
    let t0 = 0;
    const r = await runScript('timeout 2 etcdctl watch foo\n', {
      scriptName: 't',
      hooks: {
        run: (argv, _client, io) => {
          if (argv[0] === 'version') return Promise.resolve({ stdout: 'etcdctl version: 3.4.23\n', stderr: '', exitCode: 0 });
          t0 = io.clockMs();
          io.write('stdout', 'partial\n');
          return new Promise(() => {});
        },
      },
    });
    expect(splitBlocks(r.transcript)[0]!.body).toEqual(['--- rc=124', 'o| partial']);
    expect(r.endMs - t0).toBe(2000);
  });
});
