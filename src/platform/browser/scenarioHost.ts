// The scenario host in the page: the hub over real member workers, in lockstep mode. Waiting and
// checkpoints follow the hub's virtual clock, so a lesson runs the same at any speed or load.
import type { Hub } from './hub';
import type { ClusterShape, ScenarioHost, ScenarioMember, ScenarioWatch, ScenarioWatchResponse, ScenarioWatchSpec } from '../../scenario/host';
import { scenarioWatch, scenarioWatchResponse, watchCreateRequest } from '../../host/scenarioWatch';
import type { CommandResult, ServerFlags, ServerLogLine } from '../../protocol/controller';
import type { MetricsInspect, PagesInspect } from '../../protocol/inspect';
import type { NodeId } from '../../raft/types';
import type { WriteTraceView } from '../../protocol/writePath';
import { clientURL } from '../../etcd/ids';
import type { CrashPoint, LinkFault } from '../../protocol/faults';
import { engineFields } from '../../backend/engineStats';

export class HubScenarioHost implements ScenarioHost {
  constructor(private readonly hub: Hub) {}

  async reset(seed: number, members: number, raft: { preVote?: boolean; checkQuorum?: boolean; heartbeatMs?: number; electionMs?: number } = {}, cluster: ClusterShape = {}): Promise<void> {
    // Lessons run in lockstep: every viewer of a seed sees the same run, at any speed or load.
    this.hub.setClockMode('lockstep');
    const want = { preVote: raft.preVote ?? false, checkQuorum: raft.checkQuorum ?? true, heartbeatMs: raft.heartbeatMs ?? 100, electionMs: raft.electionMs ?? 1000 };
    // The new cluster starts with the lesson's raft options and server flags; timing differing from the default restarts it below.
    await this.hub.reset({ seed, members, backendEngine: cluster.backendEngine ?? 'bbolt', flags: cluster.flags, raft: { preVote: want.preVote, checkQuorum: want.checkQuorum } });
    const have = this.hub.raftOptions();
    if (want.preVote !== have.preVote || want.checkQuorum !== have.checkQuorum || want.heartbeatMs !== have.heartbeatMs || want.electionMs !== have.electionMs) await this.hub.setRaftOptions(want);
  }

  members(): ScenarioMember[] {
    const s = this.hub.snapshot();
    const isolated = new Set(s.isolated);
    return s.members.map((m) => ({
      name: `n${m.id}`,
      role: m.alive ? m.role : 'stopped',
      alive: m.alive,
      isolated: isolated.has(m.id),
      lead: m.alive && m.lead ? `n${m.lead}` : null,
      term: m.term,
      commitIndex: m.commitIndex,
      appliedIndex: m.appliedIndex,
      lastIndex: m.lastIndex,
      revision: m.revision,
      keys: m.keys,
      dbSizeBytes: m.dbSizeBytes,
      dbSizeInUseBytes: m.dbSizeInUseBytes,
      leaseCount: m.leaseCount,
      watchersSynced: m.alive ? (m.watcherGroups?.synced ?? 0) : 0,
      watchersUnsynced: m.alive ? (m.watcherGroups?.unsynced ?? 0) : 0,
      watchersVictim: m.alive ? (m.watcherGroups?.victim ?? 0) : 0,
      firstIndex: m.firstIndex,
      snapshotsSent: m.snapshots?.sent ?? 0,
      snapshotsInstalled: m.snapshots?.installed ?? 0,
      ...engineFields(m.alive ? m.engine : undefined),
    }));
  }

  nowMs(): number {
    return this.hub.snapshot().nowMs;
  }

  run(line: string, stdin?: string, interrupt?: Promise<number>): Promise<CommandResult> {
    return this.hub.run(line, stdin, interrupt);
  }

  pages(member: string): Promise<PagesInspect | null> {
    return this.hub.inspectMember(this.id(member), 'pages');
  }
  metrics(member: string): Promise<MetricsInspect | null> {
    return this.hub.inspectMember(this.id(member), 'metrics');
  }


  endpointOf(member: string): string {
    return clientURL(this.id(member)).replace(/^https?:\/\//, '');
  }

  private id(member: string): NodeId {
    return Number(member.replace(/^n/, ''));
  }

  kill(member: string): Promise<void> {
    return this.hub.kill(this.id(member));
  }

  restart(member: string): Promise<void> {
    return this.hub.restart(this.id(member));
  }

  isolate(member: string): Promise<void> {
    return this.hub.isolate(this.id(member));
  }

  heal(): Promise<void> {
    return this.hub.heal();
  }

  hold(on: boolean): void {
    if (on) this.hub.pause();
    else this.hub.resume();
  }

  /** A response can arrive before the idle report that carries the member's new status: wait one step. */
  settle(): Promise<void> {
    return this.hub.afterVirtual(0);
  }

  wait(ms: number): Promise<void> {
    return this.hub.afterVirtual(ms);
  }

  /** Checked after every step of the hub's clock, so the answer is the same on every run. */
  async waitUntil(pred: () => boolean, limitMs: number): Promise<boolean> {
    await this.settle();
    if (pred()) return true;
    return new Promise((resolve) => {
      let settled = false;
      const finish = (v: boolean) => {
        if (settled) return;
        settled = true;
        off();
        resolve(v);
      };
      const off = this.hub.timers.onStep(() => {
        if (pred()) finish(true);
      });
      void this.hub.afterVirtual(limitMs).then(() => finish(pred()));
    });
  }

  setRaftOptions(o: { preVote?: boolean; checkQuorum?: boolean; heartbeatMs?: number; electionMs?: number }): Promise<void> {
    return this.hub.setRaftOptions(o);
  }

  partition(groups: string[][]): Promise<void> {
    return this.hub.partition(groups.map((g) => g.map((m) => this.id(m))));
  }

  cutLink(from: string, to: string, both: boolean): Promise<void> {
    return this.hub.cutLink(this.id(from), this.id(to), { both });
  }

  restoreLink(from: string, to: string, both: boolean): Promise<void> {
    return this.hub.restoreLink(this.id(from), this.id(to), { both });
  }

  setLink(from: string, to: string, fault: Partial<LinkFault> | null, both: boolean): Promise<void> {
    return this.hub.setLink(this.id(from), this.id(to), fault, { both });
  }

  setDiskLatency(member: string, fsyncMs: number): Promise<void> {
    return this.hub.setDiskLatency(this.id(member), fsyncMs);
  }

  armCrashPoint(member: string, point: CrashPoint | null): Promise<void> {
    return this.hub.armCrashPoint(this.id(member), point);
  }

  addMember(learner: boolean): Promise<string> {
    return this.hub.addMember({ learner });
  }

  promote(member: string): Promise<void> {
    return this.hub.promote(this.id(member));
  }

  removeMember(member: string): Promise<void> {
    return this.hub.removeMember(this.id(member));
  }

  moveLeader(member: string): Promise<void> {
    return this.hub.moveLeader(this.id(member));
  }

  setServerFlags(flags: ServerFlags): Promise<void> {
    return this.hub.setServerFlags(flags);
  }

  writeTraces(): WriteTraceView[] {
    return this.hub.writeTraces();
  }

  serverLogs(): ServerLogLine[] {
    return this.hub.serverLogs();
  }

  openWatch(spec: ScenarioWatchSpec, onResponse: (r: ScenarioWatchResponse) => void, member?: string): ScenarioWatch {
    return scenarioWatch(this.hub.openWatch(watchCreateRequest(spec), (r) => onResponse(scenarioWatchResponse(r)), member === undefined ? undefined : this.id(member)));
  }

  setSnapshotCount(count: number, catchUpEntries?: number): Promise<void> {
    return this.hub.setRaftOptions({ snapshotCount: count, snapshotCatchUpEntries: catchUpEntries });
  }
}
