// Election safety (Raft §5.2): at most one leader per term. Every (term, leader) ever observed is
// remembered, so two leaders of one term are caught even if they never coexist in time.
import type { Fail } from './violation';

export class ElectionSafety {
  private readonly leaderOfTerm = new Map<number, number>();

  constructor(private readonly fail: Fail) {}

  /** Records a sighting; true the first time this term's leader is seen. */
  observeLeader(term: number, id: number): boolean {
    const prev = this.leaderOfTerm.get(term);
    if (prev === undefined) {
      this.leaderOfTerm.set(term, id);
      return true;
    }
    if (prev !== id) this.fail('election-safety', `term ${term} has two leaders: ${prev} and ${id}`);
    return false;
  }

  get termsWithLeader(): number {
    return this.leaderOfTerm.size;
  }
}
