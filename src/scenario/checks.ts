// Checkpoints: assertions on the live cluster that must hold before a story goes on.
import type { CommandResult, ServerLogLine } from '../protocol/controller';
import type { ScenarioMember } from './host';
import type { Check, NumberRef } from './types';
import type { WriteTraceView } from '../protocol/writePath';

export interface CheckContext {
  members: ScenarioMember[];
  /** Member names bound by `pick` / `addMember`. */
  bindings: ReadonlyMap<string, string>;
  /** Numbers kept by `remember`. */
  numbers: ReadonlyMap<string, number>;
  outputs: ReadonlyMap<string, CommandResult>;
  /** The members' server log lines (for 'log' checks). */
  logs?: readonly ServerLogLine[];
  /** The write-path traces, newest first (read only by 'writePath' checks). */
  traces?: () => readonly WriteTraceView[];
  /** Client watches opened by `watch` actions, by name. */
  watches?: ReadonlyMap<string, WatchRecord>;
}

/** What a scenario's client watch has received so far. */
export interface WatchRecord {
  events: number;
  /** Every event's revision was above the one before it (no event out of order or twice). */
  inOrder: boolean;
  lastRevision: number;
  canceled: boolean;
  compactRevision: number;
  cancelReason: string;
}

export interface CheckResult {
  ok: boolean;
  /** What was seen, for the page and for a failing test. */
  detail: string;
}

/** The leader every live member agrees on, if there is exactly one. */
export function currentLeader(members: ScenarioMember[]): ScenarioMember | undefined {
  const leaders = members.filter((m) => m.alive && m.role === 'leader');
  if (leaders.length === 0) return undefined;
  return leaders.reduce((a, b) => (b.term > a.term ? b : a));
}

/** "leader", "follower" (lowest-id live, connected follower), "n2" or a bound "$F". */
export function resolveMember(ref: string, ctx: Pick<CheckContext, 'members' | 'bindings'>): string | undefined {
  if (ref.startsWith('$')) return ctx.bindings.get(ref.slice(1));
  if (ref === 'leader') return currentLeader(ctx.members)?.name;
  if (ref === 'follower') return ctx.members.find((m) => m.alive && !m.isolated && m.role === 'follower')?.name;
  return ctx.members.some((m) => m.name === ref) ? ref : undefined;
}

export function resolveNumber(v: NumberRef, numbers: ReadonlyMap<string, number>): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return numbers.get(v.replace(/^\$/, ''));
  const base = numbers.get(v.of.replace(/^\$/, ''));
  return base === undefined ? undefined : base + v.plus;
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

export function evaluate(c: Check, ctx: CheckContext): CheckResult {
  switch (c.check) {
    case 'leader': {
      const l = currentLeader(ctx.members);
      if (!l) return { ok: false, detail: 'no leader' };
      const strays = ctx.members.filter((m) => m.alive && !m.isolated && m.name !== l.name && m.lead !== l.name);
      return strays.length ? { ok: false, detail: `${strays.map((m) => m.name).join(', ')} not following ${l.name}` } : { ok: true, detail: `${l.name} leads term ${l.term}` };
    }
    case 'role': {
      const name = resolveMember(c.member, ctx);
      const m = ctx.members.find((x) => x.name === name);
      if (!m) return { ok: false, detail: `no member ${c.member}` };
      return { ok: m.role === c.role, detail: `${m.name} is ${m.role}` };
    }
    case 'field': {
      const name = resolveMember(c.member, ctx);
      const m = ctx.members.find((x) => x.name === name);
      if (!m) return { ok: false, detail: `no member ${c.member}` };
      const want = resolveNumber(c.value, ctx.numbers);
      if (want === undefined) return { ok: false, detail: `nothing remembered as ${JSON.stringify(c.value)}` };
      const have = m[c.field];
      return { ok: COMPARE[c.op]!(have, want), detail: `${m.name} ${c.field} ${have} (want ${c.op} ${want})` };
    }
    case 'caughtUp': {
      const l = currentLeader(ctx.members);
      if (!l) return { ok: false, detail: 'no leader' };
      const behind = ctx.members.filter((m) => m.alive && !m.isolated && m.appliedIndex < l.commitIndex);
      return behind.length ? { ok: false, detail: behind.map((m) => `${m.name} applied ${m.appliedIndex} < ${l.commitIndex}`).join('; ') } : { ok: true, detail: `all at ${l.commitIndex}` };
    }
    case 'hashes': {
      const r = ctx.outputs.get(c.of);
      if (!r) return { ok: false, detail: `no result kept as ${c.of}` };
      // etcdctl's simple format: "<endpoint>, <hash>" per line; the table: "| <endpoint> | <hash> |".
      const hashes = r.stdout
        .split('\n')
        .map((l) => /(\d+)\s*\|?\s*$/.exec(l.replace(/^\s*\|?\s*ENDPOINT.*$/i, ''))?.[1])
        .filter((h): h is string => h !== undefined);
      const distinct = new Set(hashes).size;
      const seen = `${hashes.length} hashes, ${distinct} distinct: ${hashes.join(' ')}`;
      if (hashes.length < c.count) return { ok: false, detail: `only ${seen}` };
      return { ok: c.differ ? distinct > 1 : distinct === 1, detail: seen };
    }
    case 'output': {
      const r = ctx.outputs.get(c.of);
      if (!r) return { ok: false, detail: `no result kept as ${c.of}` };
      const fails: string[] = [];
      if (c.exitCode !== undefined && r.exitCode !== c.exitCode) fails.push(`exit ${r.exitCode} (want ${c.exitCode})`);
      if (c.stdout !== undefined && !r.stdout.includes(c.stdout)) fails.push(`stdout lacks ${JSON.stringify(c.stdout)}`);
      if (c.notStdout !== undefined && r.stdout.includes(c.notStdout)) fails.push(`stdout has ${JSON.stringify(c.notStdout)}`);
      if (c.stderr !== undefined && !r.stderr.includes(c.stderr)) fails.push(`stderr lacks ${JSON.stringify(c.stderr)}`);
      const seen = `exit ${r.exitCode}: ${(r.stdout + r.stderr).trim().slice(0, 120)}`;
      return fails.length ? { ok: false, detail: `${fails.join('; ')} — ${seen}` } : { ok: true, detail: seen };
    }
    case 'writePath': {
      const t = (ctx.traces?.() ?? []).find((x) => x.summary.includes(c.summary));
      if (!t) return { ok: false, detail: `no write traced for ${JSON.stringify(c.summary)}` };
      const want = c.members ?? 1;
      const short = c.steps.filter((st) => new Set(t.steps.filter((x) => x.step === st).map((x) => x.member)).size < want);
      const seen = `entry ${t.index} ${t.summary}: ${[...new Set(t.steps.map((x) => x.step))].join(' → ')}`;
      return short.length ? { ok: false, detail: `${short.join(', ')} on fewer than ${want} members — ${seen}` } : { ok: true, detail: seen };
    }
    case 'log': {
      const name = c.member ? resolveMember(c.member, ctx) : undefined;
      if (c.member && !name) return { ok: false, detail: `no member ${c.member}` };
      const lines = (ctx.logs ?? []).filter((l) => (!name || `n${l.member}` === name) && l.msg.includes(c.contains));
      const want = c.count ?? 1;
      const last = lines[lines.length - 1];
      return { ok: lines.length >= want, detail: last ? `${lines.length}× n${last.member}: ${last.msg.slice(0, 120)}` : `no log line with ${JSON.stringify(c.contains)}` };
    }
    case 'remembered': {
      const have = ctx.numbers.get(c.name.replace(/^\$/, ''));
      const want = resolveNumber(c.value, ctx.numbers);
      if (have === undefined) return { ok: false, detail: `nothing remembered as ${c.name}` };
      if (want === undefined) return { ok: false, detail: `nothing remembered as ${JSON.stringify(c.value)}` };
      return { ok: COMPARE[c.op]!(have, want), detail: `${c.name} = ${have} (want ${c.op} ${want})` };
    }
    case 'lines': {
      const r = ctx.outputs.get(c.of);
      if (!r) return { ok: false, detail: `no result kept as ${c.of}` };
      const want = resolveNumber(c.value, ctx.numbers);
      if (want === undefined) return { ok: false, detail: `nothing remembered as ${JSON.stringify(c.value)}` };
      const re = c.matching !== undefined ? new RegExp(c.matching) : undefined;
      const have = r.stdout.split('\n').filter((l) => l !== '' && (!re || re.test(l))).length;
      return { ok: COMPARE[c.op]!(have, want), detail: `${have} line(s)${c.matching ? ` matching /${c.matching}/` : ''} (want ${c.op} ${want})` };
    }
    case 'watch': {
      const w = ctx.watches?.get(c.of);
      if (!w) return { ok: false, detail: `no watch ${c.of}` };
      const fails: string[] = [];
      const num = (v: NumberRef | undefined) => (v === undefined ? undefined : resolveNumber(v, ctx.numbers));
      const minEvents = num(c.minEvents);
      if (c.minEvents !== undefined && (minEvents === undefined || w.events < minEvents)) fails.push(`want ≥ ${minEvents} events`);
      if (c.inOrder && !w.inOrder) fails.push('events out of order');
      const last = num(c.lastRevision);
      if (c.lastRevision !== undefined && w.lastRevision !== last) fails.push(`want last revision ${last}`);
      if (c.canceled !== undefined && w.canceled !== c.canceled) fails.push(c.canceled ? 'want canceled' : 'want not canceled');
      const compact = num(c.compactRevision);
      if (c.compactRevision !== undefined && w.compactRevision !== compact) fails.push(`want compact revision ${compact}`);
      const seen = `${w.events} events, last at ${w.lastRevision}${w.inOrder ? '' : ', out of order'}${w.canceled ? `, canceled (compact revision ${w.compactRevision}) ${w.cancelReason}` : ''}`;
      return fails.length ? { ok: false, detail: `${fails.join('; ')} — ${seen}` } : { ok: true, detail: seen };
    }
    case 'number': {
      const a = resolveNumber(c.value, ctx.numbers);
      const b = resolveNumber(c.than, ctx.numbers);
      if (a === undefined || b === undefined) return { ok: false, detail: `nothing remembered as ${JSON.stringify(a === undefined ? c.value : c.than)}` };
      return { ok: COMPARE[c.op]!(a, b), detail: `${a} ${c.op} ${b}` };
    }
  }
}
