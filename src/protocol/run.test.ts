import { describe, expect, test } from 'vitest';
import { RUN_FORMAT, RUN_OPS, RunFileError, decodeArgs, encodeArgs, fromBase64, parseRun, stringifyRun, toBase64, validateRun, type RunFile } from './run';

function sample(): RunFile {
  return {
    format: RUN_FORMAT,
    version: 1,
    seed: 42,
    config: {
      members: 3,
      raft: { preVote: false, checkQuorum: true, snapshotCount: 100000, snapshotCatchUpEntries: 5000 },
      network: { latencyMs: 25, jitterMs: 10 },
      tickMs: 100,
      electionTicks: 10,
      heartbeatTicks: 1,
    },
    actions: [
      { step: 3, atMs: 120, op: 'run', args: ['put foo bar'] },
      { step: 9, atMs: 400, op: 'kill', args: [2] },
      { step: 9, atMs: 400, op: 'isolate', args: [3] },
      { step: 30, atMs: 1500, op: 'txn', args: [{ compare: [], success: [{ op: 'put', key: 'a', value: '1' }], failure: [] }] },
      { step: 31, atMs: 1500, op: 'openWatch', args: [{ key: { $bytes: 'Zm9v' }, rangeEnd: { $bytes: '' }, startRevision: 0, prevKv: false }, { $fn: 1 }] },
      { step: 40, atMs: 1900, op: 'cancelWatch', args: [0] },
      { step: 41, atMs: 2000, op: 'heal', args: [] },
    ],
    end: { step: 60, atMs: 3000 },
  };
}

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RunFileError);
    return `${(e as RunFileError).code}: ${(e as Error).message}`;
  }
  return 'accepted';
}

describe('run file', () => {
  test('a run survives its file text', () => {
    const run = sample();
    const text = stringifyRun(run);
    expect(parseRun(text)).toEqual(run);
    // One action per line keeps files diffable.
    expect(text.split('\n').filter((l) => l.includes('"op"')).length).toBe(run.actions.length);
  });

  test('a file with no actions round-trips too', () => {
    const run = { ...sample(), actions: [], end: { step: 0, atMs: 0 } };
    expect(parseRun(stringifyRun(run))).toEqual(run);
  });

  test('foreign, broken and newer files are refused with the reason', () => {
    expect(code(() => parseRun(''))).toMatch(/^empty/);
    expect(code(() => parseRun('{"format": "etcdscope-run", '))).toMatch(/^not-json: not JSON/);
    expect(code(() => parseRun('{"name": "snapshot"}'))).toMatch(/^foreign: not an etcdscope run/);
    expect(code(() => parseRun('[1,2]'))).toMatch(/^foreign/);
    expect(code(() => validateRun({ ...sample(), version: 7 }))).toMatch(/^version: .*newer etcdscope \(format version 7/);
    expect(code(() => validateRun({ ...sample(), seed: -1 }))).toMatch(/^invalid: "seed"/);
    expect(code(() => validateRun({ ...sample(), config: { ...sample().config, members: 9 } }))).toMatch(/"config.members" must be 1 to 7, got 9/);
    expect(code(() => validateRun({ ...sample(), config: { ...sample().config, raft: { preVote: 'yes' } } }))).toMatch(/"config.raft"/);
    // the cluster's raft settings include --heartbeat-interval / --election-timeout; a run carries them
    const timed = { ...sample(), config: { ...sample().config, raft: { ...sample().config.raft, heartbeatMs: 100, electionMs: 1000 } } };
    expect(validateRun(timed).config.raft).toMatchObject({ heartbeatMs: 100, electionMs: 1000 });
    expect(code(() => validateRun({ ...timed, config: { ...timed.config, raft: { ...timed.config.raft, electionMs: -5 } } }))).toMatch(/"config.raft"/);
    expect(code(() => validateRun({ ...sample(), config: { ...sample().config, heartbeatTicks: 10 } }))).toMatch(/heartbeatTicks" must be below/);
    expect(code(() => validateRun({ ...sample(), config: { ...sample().config, extra: 1 } }))).toMatch(/"config.extra" is not a run setting/);
  });

  test('each action is checked: known op, arguments, order', () => {
    const withAction = (a: unknown, i = 1) => {
      const run = sample() as unknown as { actions: unknown[] };
      run.actions[i] = a;
      return () => validateRun(run);
    };
    expect(code(withAction({ step: 9, atMs: 400, op: 'format-disk', args: [] }))).toMatch(/action 2: unknown action "format-disk"/);
    expect(code(withAction({ step: 9, atMs: 400, op: 'kill', args: ['n2'] }))).toMatch(/action 2 \(kill\): argument 1 must be a member id/);
    expect(code(withAction({ step: 9, atMs: 400, op: 'kill', args: [2, 3] }))).toMatch(/at most 1/);
    expect(code(withAction({ step: 2, atMs: 400, op: 'kill', args: [2] }))).toMatch(/"step" must be a whole number ≥ 3/);
    expect(code(withAction({ step: 9, atMs: 100, op: 'kill', args: [2] }))).toMatch(/"atMs" must be a number ≥ 120/);
    expect(code(withAction({ step: 9, atMs: 400, op: 'setRaftOptions', args: [{ preVote: true, bogus: 1 }] }))).toMatch(/without "bogus"/);
    expect(code(withAction({ step: 9, atMs: 400, op: 'openWatch', args: [{ key: 'foo' }, { $fn: 1 }] }, 1))).toMatch(/argument 1 must be/);
    expect(code(withAction({ step: 9, atMs: 400, op: 'run', args: ['get foo', null] }))).toBe('accepted');
    expect(code(() => validateRun({ ...sample(), end: { step: 10, atMs: 3000 } }))).toMatch(/"end" lies before the last action/);
    expect(code(() => validateRun({ ...sample(), actions: 'kill n1' }))).toMatch(/"actions" must be a list/);
  });

  test('every recordable operation has argument checks', () => {
    expect(Object.keys(RUN_OPS).sort()).toEqual(
      ['addMember', 'cancelWatch', 'heal', 'isolate', 'kill', 'moveLeader', 'openWatch', 'promote', 'removeMember', 'restart', 'run', 'setNetwork', 'setRaftOptions', 'txn'].sort(),
    );
  });
});

describe('arguments', () => {
  test('bytes, callbacks and skipped arguments survive JSON', () => {
    const cb = () => {};
    const args = [{ key: new Uint8Array([102, 111, 0, 255]), rangeEnd: new Uint8Array(0), startRevision: 3, prevKv: true }, cb, undefined];
    const enc = encodeArgs(args);
    expect(enc).toEqual([{ key: { $bytes: 'Zm8A/w==' }, rangeEnd: { $bytes: '' }, startRevision: 3, prevKv: true }, { $fn: 1 }]);
    const stand = () => {};
    const dec = decodeArgs(JSON.parse(JSON.stringify(enc)) as unknown[], stand);
    expect(dec[0]).toEqual(args[0]);
    expect(dec[1]).toBe(stand);
    expect(decodeArgs(encodeArgs(['get foo', undefined, 'x']), stand)).toEqual(['get foo', undefined, 'x']);
  });

  test('base64 and base64url agree with Node for every length', () => {
    for (let n = 0; n < 40; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 73 + n) & 255);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(toBase64(b, true)).toBe(Buffer.from(b).toString('base64url'));
      expect(fromBase64(toBase64(b))).toEqual(b);
      expect(fromBase64(toBase64(b, true))).toEqual(b);
    }
    expect(() => fromBase64('ab$c')).toThrow(/not base64/);
    expect(() => fromBase64('abcde')).toThrow(/not base64/);
  });
});
