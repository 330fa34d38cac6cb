// The interaction environment behind testdata/raft/*.txt: each command drives a TestNetwork and
// returns the text to compare — the raft nodes' log lines, Readys and messages (describe.ts).
import type { Message, NodeId } from '../types';
import { ConfChangeType, StateType } from '../types';
import type { ConfChange } from '../types';
import { TestNetwork } from './network';
import type { TestCase } from './datadriven';
import { describeEntry, describeMessage, describeReady } from '../describe';
import { utf8 } from '../../lib/bytes';

const STATE_NAMES = ['StateFollower', 'StateCandidate', 'StateLeader', 'StatePreCandidate'] as const;
type LogLevel = 'none' | 'info' | 'debug';

function parseIds(v: string | undefined): NodeId[] {
  if (!v) return [];
  return v
    .replace(/[()]/g, '')
    .split(/[,\s]+/)
    .filter((x) => x !== '')
    .map(Number);
}

function indent(s: string, prefix = '  '): string {
  return s
    .split('\n')
    .filter((l, i, a) => !(i === a.length - 1 && l === ''))
    .map((l) => prefix + l)
    .join('\n');
}

export class InteractionEnv {
  readonly net = new TestNetwork({ electionTick: 10, heartbeatTick: 1 });
  private out: string[] = [];
  private level: LogLevel = 'info';

  constructor() {
    this.net.onDrop = (m) => this.out.push(`dropped: ${describeMessage(m)}`);
  }

  /** Runs one command; returns its output (never empty). */
  handle(tc: TestCase): string {
    this.out = [];
    try {
      this.dispatch(tc);
    } catch (e) {
      this.out.push(`error: ${(e as Error).message}`);
    }
    return this.out.length ? `${this.out.join('\n')}\n` : 'ok\n';
  }

  private dispatch(tc: TestCase): void {
    const n = (i = 0): NodeId => {
      const v = Number(tc.args[i]);
      if (!Number.isInteger(v) || !this.net.nodes.has(v)) throw new Error(`${tc.cmd}: unknown node "${tc.args[i] ?? ''}"`);
      return v;
    };
    switch (tc.cmd) {
      case 'add-nodes':
        return this.addNodes(tc);
      case 'log-level':
        this.level = (tc.args[0] ?? 'info') as LogLevel;
        return;
      case 'campaign':
        return this.net.campaign(n());
      case 'tick-election':
        return this.net.tickElection(n());
      case 'tick-heartbeat':
        return this.net.tick(n(), this.net.node(n()).config.heartbeatTick);
      case 'process-ready':
        // With several nodes, label each Ready as stabilize does.
        for (let i = 0; i < tc.args.length; i++) if (!this.processReady(n(i), tc.args.length > 1)) this.out.push(`${n(i)}: no Ready`);
        return;
      case 'deliver-msgs':
        for (let i = 0; i < tc.args.length; i++) this.deliverMsgs(n(i), tc.args.length > 1);
        return;
      case 'stabilize':
        return this.stabilize();
      case 'partition':
        return this.partition(tc.args);
      case 'heal':
        return this.net.heal();
      case 'propose':
        return this.net.propose(n(), utf8(tc.args[1] ?? ''));
      case 'propose-conf-change':
        return this.net.node(n()).rn.proposeConfChange(parseConfChange(tc.args[1] ?? ''));
      case 'read-index':
        return this.net.node(n()).rn.readIndex(utf8(tc.args[1] ?? ''));
      case 'transfer-leader':
        return this.net.node(n()).rn.transferLeader(Number(tc.args[1]));
      case 'compact':
        this.net.compact(n(), tc.args[1] ? Number(tc.args[1]) : undefined);
        return this.raftLog(n());
      case 'report-snapshot':
        return this.net.node(n()).rn.reportSnapshot(Number(tc.args[1]), tc.args[2] !== 'fail');
      case 'report-unreachable':
        return this.net.node(n()).rn.reportUnreachable(Number(tc.args[1]));
      case 'restart':
        this.net.restart(n());
        return;
      case 'raft-log':
        return this.raftLog(n());
      case 'raft-state':
        return this.raftState();
      case 'status':
        return this.status(n());
      case 'read-states':
        for (const rs of this.net.node(n()).readStates) this.out.push(`{index: ${rs.index}, ctx: ${String.fromCharCode(...rs.requestCtx)}}`);
        return;
      default:
        throw new Error(`unknown command ${tc.cmd}`);
    }
  }

  private log(prefix: string): (line: string) => void {
    return (line) => {
      if (this.level === 'none') return;
      if (prefix === 'DEBUG' && this.level !== 'debug') return;
      this.out.push(`${prefix} ${line}`);
    };
  }

  private addNodes(tc: TestCase): void {
    const count = Number(tc.args[0] ?? 1);
    const first = this.net.nodes.size + 1;
    const ids = Array.from({ length: count }, (_, i) => first + i);
    // Without voters=, the first nodes bootstrap a cluster of themselves; later ones start
    // unconfigured, to join through a conf change.
    const voters = tc.kv.has('voters') ? parseIds(tc.kv.get('voters')) : first === 1 ? ids : [];
    const learners = parseIds(tc.kv.get('learners'));
    for (const id of ids) {
      const member = voters.includes(id) || learners.includes(id);
      this.net.addNode(id, {
        peers: member ? voters : undefined,
        learners: member ? learners : undefined,
        preVote: tc.kv.get('prevote') === 'true',
        checkQuorum: tc.kv.get('checkquorum') === 'true',
        maxSizePerMsg: tc.kv.has('max-size-per-msg') ? Number(tc.kv.get('max-size-per-msg')) : Infinity,
        logger: { info: this.log('INFO'), debug: this.log('DEBUG') },
      });
    }
  }

  private processReady(id: NodeId, nested: boolean): boolean {
    const n = this.net.node(id);
    if (!n.rn.hasReady()) return false;
    const mark = this.out.length;
    const rd = this.net.processReady(id)!;
    // Log lines from applying (conf changes) follow the Ready that carried the entries.
    const applyLogs = this.out.splice(mark);
    if (nested) this.out.push(`> ${id} handling Ready`);
    this.out.push(nested ? indent(describeReady(rd)) : describeReady(rd).replace(/\n$/, ''));
    for (const l of applyLogs) this.out.push(nested ? `  ${l}` : l);
    return true;
  }

  private deliverMsgs(id: NodeId, nested: boolean): boolean {
    const box = this.net.inbox.get(id) ?? [];
    if (box.length === 0) return false;
    if (nested) this.out.push(`> ${id} receiving messages`);
    const msgs: Message[] = box.slice();
    for (const m of msgs) {
      this.out.push(`${nested ? '  ' : ''}${describeMessage(m)}`);
      const mark = this.out.length;
      this.net.deliverMsgs(id, (x) => x === m);
      if (nested) for (let i = mark; i < this.out.length; i++) this.out[i] = `  ${this.out[i]}`;
    }
    return true;
  }

  private stabilize(): void {
    for (let round = 0; round < 100; round++) {
      let busy = false;
      for (const id of this.net.ids()) busy = this.processReady(id, true) || busy;
      for (const id of this.net.ids()) busy = this.deliverMsgs(id, true) || busy;
      if (!busy) return;
    }
    throw new Error('stabilize: no quiescence after 100 rounds');
  }

  private partition(args: string[]): void {
    const groups: NodeId[][] = [[]];
    for (const a of args) {
      if (a === '|') groups.push([]);
      else groups[groups.length - 1]!.push(Number(a));
    }
    this.net.partition(...groups);
  }

  private raftLog(id: NodeId): void {
    const s = this.net.node(id).storage;
    const first = s.firstIndex();
    const last = s.lastIndex();
    if (last < first) {
      this.out.push(`log is empty: first index=${first}, last index=${last}`);
      return;
    }
    for (const e of s.entries(first, last + 1, Infinity)) this.out.push(describeEntry(e));
  }

  private raftState(): void {
    for (const id of this.net.ids()) {
      const s = this.net.node(id).rn.inspect();
      const role = s.voters.includes(id) ? 'Voter' : s.learners.includes(id) ? 'Learner' : 'None';
      this.out.push(`${id}: ${STATE_NAMES[s.state]} (${role}) Term:${s.term} Lead:${s.lead}`);
    }
  }

  private status(id: NodeId): void {
    const s = this.net.node(id).rn.inspect();
    this.out.push(
      `${STATE_NAMES[s.state]} term=${s.term} vote=${s.vote} lead=${s.lead} commit=${s.commit} applied=${s.applied} first=${s.firstIndex} last=${s.lastIndex} voters=(${s.voters.join(' ')}) learners=(${s.learners.join(' ')})`,
    );
    if (s.leadTransferee) this.out.push(`leadTransferee=${s.leadTransferee}`);
    if (s.pendingReadIndexRequests) this.out.push(`pendingReadIndexRequests=${s.pendingReadIndexRequests}`);
    if (s.state !== StateType.Leader) return;
    this.net.node(id).rn.raft.prs.visit((pid, pr) => this.out.push(`${pid}: ${pr.toString()}`));
  }
}

/** `v4` add voter, `l4` add learner, `r4` remove, `u4` update: etcd's notation. */
export function parseConfChange(s: string): ConfChange {
  const types: Record<string, ConfChange['type']> = {
    v: ConfChangeType.AddNode,
    l: ConfChangeType.AddLearnerNode,
    r: ConfChangeType.RemoveNode,
    u: ConfChangeType.UpdateNode,
  };
  const type = types[s[0] ?? ''];
  const nodeId = Number(s.slice(1));
  if (type === undefined || !Number.isInteger(nodeId)) throw new Error(`bad conf change "${s}" (want v4, l4, r4 or u4)`);
  return { type, nodeId };
}
