// The checkers as one unit, so the simulator and the tests wire them the same way.
import { ElectionSafety } from './electionSafety';
import { LeaderCompleteness } from './leaderCompleteness';
import { LogMatching } from './logMatching';
import { LinearizableReads } from './reads';
import { StateMachineSafety } from './stateMachine';
import type { Fail, LogView } from './violation';

export type { Fail, LogView, Violation } from './violation';

export class Checkers {
  readonly election: ElectionSafety;
  readonly logMatching: LogMatching;
  readonly completeness: LeaderCompleteness;
  readonly stateMachine: StateMachineSafety;
  readonly reads: LinearizableReads;

  constructor(fail: Fail) {
    this.election = new ElectionSafety(fail);
    this.logMatching = new LogMatching(fail);
    this.completeness = new LeaderCompleteness(fail);
    this.stateMachine = new StateMachineSafety(fail);
    this.reads = new LinearizableReads(fail);
  }

  /** A member is leader of `term`; `log` is read lazily, only at the first sighting of the term. */
  onLeader(id: number, term: number, log: () => LogView): void {
    if (!this.election.observeLeader(term, id)) return;
    const view = log();
    this.logMatching.check(id, view);
    this.completeness.check(id, term, view, this.stateMachine);
  }
}
