// Leader completeness (Raft §5.4): a leader's log holds every entry committed before it was
// elected. Checked at the first sighting of each term's leader against every entry applied anywhere
// so far (applied implies committed). The check is sound at that instant: an entry committed by a
// later term's leader would have needed a quorum that already rejects this term's candidate.
import type { Fail, LogView } from './violation';
import type { StateMachineSafety } from './stateMachine';
import { entryHash } from '../hash';

export class LeaderCompleteness {
  constructor(private readonly fail: Fail) {}

  check(leader: number, term: number, log: LogView, committed: StateMachineSafety): void {
    const last = log.firstIndex + log.entries.length - 1;
    if (last < committed.maxIndex) {
      this.fail('leader-completeness', `leader ${leader} of term ${term} has log up to ${last} but index ${committed.maxIndex} is committed`);
      return;
    }
    // Entries below firstIndex are in the leader's snapshot, which the state machine checker covers.
    for (let i = Math.max(log.firstIndex, 1); i <= committed.maxIndex; i++) {
      const e = log.entries[i - log.firstIndex]!;
      const t = committed.term[i];
      if (t === undefined) continue;
      if (e.term !== t || entryHash(e.type, e.data) !== committed.hash[i]) {
        this.fail('leader-completeness', `leader ${leader} of term ${term} has ${e.term}/${i} but ${t}/${i} is committed`);
        return;
      }
    }
  }
}
