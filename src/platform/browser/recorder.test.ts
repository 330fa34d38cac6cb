import { describe, expect, test } from 'vitest';
import { RECORDED_METHODS, Recorder, type RecorderHub } from './recorder';
import { RUN_OPS, parseRun, stringifyRun } from '../../protocol/run';
import type { ResetRequest } from '../../protocol/controller';

/** A stand-in hub: steps are taken by the test; each method logs the step and time that ran it. */
class FakeHub implements RecorderHub {
  stepNo = 0;
  nowMs = 0;
  seed = 11;
  paused = false;
  mode = 'realtime';
  calls: string[] = [];
  resets: ResetRequest[] = [];
  network = { latencyMs: 25, jitterMs: 10 };
  private starts: Array<() => void> = [];
  private listeners = new Set<() => void>();
  readonly timers = {
    onStep: (l: () => void) => {
      this.listeners.add(l);
      return () => this.listeners.delete(l);
    },
  };

  /** One lockstep step at `t`: start-of-step calls, then (the real hub: inputs, ticks, barrier) the end-of-step observers. */
  step(t = this.nowMs + 100): void {
    this.nowMs = t;
    this.stepNo++;
    const s = this.starts;
    this.starts = [];
    for (const f of s) f();
    for (const l of this.listeners) l();
  }
  snapshot() {
    return { nowMs: this.nowMs, seed: this.seed };
  }
  stepCount() {
    return this.stepNo;
  }
  epoch = 0;
  resetEpoch() {
    return this.epoch;
  }
  atNextStep(f: () => void) {
    if (this.mode !== 'lockstep') f();
    else this.starts.push(f);
  }
  setClockMode(m: 'realtime' | 'lockstep') {
    this.mode = m;
  }
  async reset(r: ResetRequest = {}) {
    this.resets.push(r);
    this.epoch++;
    this.seed = r.seed ?? 99;
    this.stepNo = 0;
    this.nowMs = 0;
    this.starts = [];
  }
  runConfig() {
    return {
      members: 5,
      raft: { preVote: true, checkQuorum: true, snapshotCount: 50, snapshotCatchUpEntries: 5 },
      network: { ...this.network },
      tickMs: 100,
      electionTicks: 10,
      heartbeatTicks: 1,
    };
  }
  setNetwork(n: { latencyMs: number; jitterMs: number }) {
    this.calls.push(`@${this.stepNo} setNetwork ${n.latencyMs}/${n.jitterMs}`);
    this.network = n;
  }
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  async settled() {}
  async run(line: string) {
    this.calls.push(`@${this.stepNo}/${this.nowMs} run ${line}`);
    return { stdout: 'OK\n', stderr: '', exitCode: 0 };
  }
  async kill(id: number) {
    this.calls.push(`@${this.stepNo}/${this.nowMs} kill ${id}`);
  }
  isolate(id: number) {
    this.calls.push(`@${this.stepNo}/${this.nowMs} isolate ${id}`);
    return Promise.resolve();
  }
  openWatch(req: { key: Uint8Array }, _cb: unknown, member?: number) {
    this.calls.push(`@${this.stepNo}/${this.nowMs} watch ${new TextDecoder().decode(req.key)} via ${member}`);
    return { cancel: () => this.calls.push(`@${this.stepNo}/${this.nowMs} cancel ${new TextDecoder().decode(req.key)}`), requestProgress: () => {} };
  }
  inspect() {
    return 'not recorded';
  }
}

const watchReq = (key: string) => ({ key: new TextEncoder().encode(key), rangeEnd: new Uint8Array(0), startRevision: 0, prevKv: false });

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('Recorder', () => {
  test('every recorded method has argument checks in the run format', () => {
    for (const m of RECORDED_METHODS) expect(RUN_OPS[m], m).toBeDefined();
  });

  test('records each call with the step that issued it, and a replay issues it at the same step', async () => {
    const hub = new FakeHub();
    const rec = new Recorder(hub, () => 'https://x.test/');
    const c = rec.controller;
    await rec.startRecording();
    expect(hub.resets[0]).toMatchObject({ seed: 11, members: 5, raft: { preVote: true, snapshotCount: 50 }, timing: { tickMs: 100, electionTicks: 10, heartbeatTicks: 1 } });
    expect(hub.mode).toBe('lockstep');

    const put = c.run('put a 1'); // before the first step: runs at the start of step 1
    expect(hub.calls).toEqual([]);
    hub.step();
    expect(await put).toMatchObject({ stdout: 'OK\n' });
    hub.step();
    hub.step();
    void c.kill(2);
    void c.isolate(3);
    const w = c.openWatch(watchReq('foo'), () => {}, 1);
    hub.step(); // step 4 runs the three, in call order
    hub.step();
    w.cancel();
    hub.step(); // step 6
    expect(c.inspect()).toBe('not recorded');
    hub.step();
    hub.pause();
    const run = await rec.stopRecording();
    expect(hub.paused).toBe(true);
    void c.run('put after 1'); // not recording any more: straight through
    expect(hub.calls.at(-1)).toBe('@7/700 run put after 1');

    expect(run.actions.map((a) => [a.step, a.atMs, a.op])).toEqual([
      [1, 100, 'run'],
      [4, 400, 'kill'],
      [4, 400, 'isolate'],
      [4, 400, 'openWatch'],
      [6, 600, 'cancelWatch'],
    ]);
    expect(run.end).toEqual({ step: 7, atMs: 700 });
    const recorded = hub.calls.slice(0, -1);

    // Replay on another hub, through the file's text.
    const hub2 = new FakeHub();
    hub2.seed = 500;
    const rec2 = new Recorder(hub2, () => 'https://x.test/');
    await rec2.replay(parseRun(stringifyRun(run)));
    expect(hub2.resets[0]).toMatchObject({ seed: 11, members: 5 });
    expect(hub2.calls[0]).toBe('@0 setNetwork 25/10');
    expect(rec2.state()).toMatchObject({ mode: 'replaying', endStep: 7, total: 5, issued: 1 });
    for (let i = 0; i < 7; i++) hub2.step();
    await flush();
    expect(hub2.calls.slice(1)).toEqual(recorded);
    expect(hub2.paused).toBe(true);
    expect(rec2.state()).toEqual({ mode: 'replayed', seed: 11, endStep: 7, endMs: 700, total: 5 });
  });

  test('a replay whose steps come at other times reports where it diverged', async () => {
    const hub = new FakeHub();
    const rec = new Recorder(hub);
    await rec.startRecording();
    hub.step();
    void rec.controller.kill(1);
    hub.step();
    const run = await rec.stopRecording();
    const hub2 = new FakeHub();
    const rec2 = new Recorder(hub2);
    await rec2.replay(run);
    hub2.step(100);
    hub2.step(150);
    expect(rec2.state()).toMatchObject({ mode: 'replayed', diverged: { action: 1, expectedMs: 200, gotMs: 150 } });
  });

  test('a reset from outside ends the recording with what it has, and stops a replay', async () => {
    const hub = new FakeHub();
    const rec = new Recorder(hub);
    await rec.startRecording();
    hub.step();
    void rec.controller.kill(1);
    hub.step();
    await rec.controller.reset({ seed: 3 });
    expect(rec.state()).toEqual({ mode: 'idle' });
    expect(rec.lastRun()?.actions.map((a) => a.op)).toEqual(['kill']);

    await rec.replay(rec.lastRun()!);
    expect(rec.state().mode).toBe('replaying');
    hub.step();
    await hub.reset({}); // e.g. a lesson resets the hub directly
    hub.step();
    expect(rec.state()).toEqual({ mode: 'idle' });
  });

  test('a watch cancelled before it opened is recorded as opened and cancelled', async () => {
    const hub = new FakeHub();
    const rec = new Recorder(hub);
    await rec.startRecording();
    const w = rec.controller.openWatch(watchReq('k'), () => {});
    w.cancel();
    hub.step();
    const run = await rec.stopRecording();
    expect(run.actions.map((a) => `${a.step} ${a.op} ${JSON.stringify(a.args.at(-1))}`)).toEqual(['1 openWatch {"$fn":1}', '1 cancelWatch 0']);
    expect(hub.calls).toEqual(['@1/100 watch k via undefined', '@1/100 cancel k']);
  });

  test('the link round-trips through the recorder', async () => {
    const hub = new FakeHub();
    const rec = new Recorder(hub, () => 'https://x.test/page?lang=en');
    await rec.startRecording();
    hub.step();
    void rec.controller.run('put x y');
    hub.step();
    const run = await rec.stopRecording();
    const url = await rec.link(run);
    expect(url.startsWith('https://x.test/page?lang=en#run=')).toBe(true);
    expect(await rec.fromLink(url.split('#run=')[1]!)).toEqual(run);
  });
});
