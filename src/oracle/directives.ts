// The `#@` directives a case script uses between commands (oracle README, "Script format").
// Each returns the transcript lines it produces; state lives in RunState (runner.ts).

import type { RunState } from './runState';
import { directiveLine } from './transcript';

export type DirectiveHandler = (st: RunState, rest: string, line: number) => Promise<string[]>;

const sleep: DirectiveHandler = async (st, rest) => {
  const s = Number.parseFloat(rest);
  if (!Number.isFinite(s) || s < 0) throw new Error(`#@ sleep needs seconds, got "${rest}"`);
  const note = directiveLine('sleep', rest);
  await st.driver.sleep(s * 1000);
  return [note];
};

const timeout: DirectiveHandler = async (st, rest) => {
  const s = Number.parseFloat(rest);
  if (!Number.isFinite(s) || s <= 0) throw new Error(`#@ timeout needs seconds, got "${rest}"`);
  st.timeoutS = s;
  return [directiveLine('timeout', rest)];
};

const endpoint: DirectiveHandler = async (st, rest) => {
  const i = Number.parseInt(rest, 10);
  st.currentEndpoint = st.vars[`EP${i}`] ?? '';
  return [directiveLine('endpoint', rest)];
};

const killMember: DirectiveHandler = async (st, rest) => {
  const [i, sig] = rest.split(/\s+/);
  const id = memberArg(st, i);
  if (!st.cluster.sim.alive().includes(id)) throw new Error(`#@ kill-member: member m${id} not running`);
  if (sig && !['KILL', 'TERM', 'INT', '9', '15', '2'].includes(sig)) throw new Error(`#@ kill-member: unsupported signal ${sig}`);
  // etcd stops gracefully on TERM/INT: a leader hands leadership over first (EtcdServer.Stop)
  if (sig && sig !== 'KILL' && sig !== '9') await st.handOverLeadership(id);
  st.cluster.sim.kill(id);
  return [directiveLine('kill-member', rest)];
};

const restartMember: DirectiveHandler = async (st, rest) => {
  const id = memberArg(st, rest);
  if (st.cluster.sim.alive().includes(id)) throw new Error(`#@ restart-member: member m${id} already running`);
  st.cluster.sim.restart(id);
  await st.waitHealthy(id);
  return [directiveLine('restart-member', rest)];
};

const bg: DirectiveHandler = async (st, rest) => {
  const sp = rest.indexOf(' ');
  if (sp < 0) throw new Error('#@ bg needs a name and a command');
  const name = rest.slice(0, sp);
  const cmd = rest.slice(sp + 1);
  const note = directiveLine('bg', rest);
  await st.startBackground(name, cmd);
  return [note];
};

const wait: DirectiveHandler = async (st, rest, line) => {
  if (!st.background.has(rest)) throw new Error(`line ${line}: no background job ${rest}`);
  return [await st.finishBackground(rest)];
};

const note: DirectiveHandler = async (_st, rest) => [directiveLine('note', rest)];

const capture: DirectiveHandler = async (st, rest, line) => {
  const sp = rest.indexOf(' ');
  if (sp < 0) throw new Error(`line ${line}: #@ capture needs a name and a regex`);
  const name = rest.slice(0, sp);
  const re = new RegExp(rest.slice(sp + 1));
  const m = re.exec(st.last.stdout) ?? re.exec(st.last.stderr);
  if (!m) {
    st.vars[name] = '';
    st.warn(`line ${line}: capture ${name}: /${re.source}/ did not match previous output`);
    return [directiveLine('capture', rest, 'NO MATCH')];
  }
  st.vars[name] = m[1] ?? m[0];
  return [directiveLine('capture', rest)];
};

const stdinGen: DirectiveHandler = async (st, rest) => {
  const [count, ch] = rest.split(/\s+/);
  const n = Number.parseInt(count ?? '', 10);
  if (!Number.isInteger(n) || n < 0) throw new Error(`#@ stdin-gen needs a count, got "${rest}"`);
  // Buffer.alloc(n, ch) repeats the character's bytes
  const unit = new TextEncoder().encode(ch || 'a');
  const buf = new Uint8Array(n);
  for (let k = 0; k < n; k++) buf[k] = unit[k % unit.length]!;
  st.nextStdin = buf;
  return [directiveLine('stdin-gen', rest)];
};

export const DIRECTIVES: Record<string, DirectiveHandler> = {
  sleep,
  timeout,
  endpoint,
  'kill-member': killMember,
  'restart-member': restartMember,
  bg,
  wait,
  note,
  capture,
  'stdin-gen': stdinGen,
};

function memberArg(st: RunState, s: string | undefined): number {
  const i = Number.parseInt(s ?? '', 10);
  if (!Number.isInteger(i) || i < 1 || i > st.cluster.size) throw new Error(`no member ${s} in a ${st.cluster.size}-member cluster`);
  return i;
}
