// State machine safety (Raft §5.4.3): every member applies the same entry at each index, in index
// order with no gaps. An entry counts as committed once any member applied it. Each member's state
// machine is a hash chain over what it applied, which also checks snapshots: a snapshot restores a
// chain value that must equal the chain every other member had at that index.
import type { Fail } from './violation';

export class StateMachineSafety {
  /** Per index: the term, payload hash and chain value of the first application anywhere. */
  readonly term: number[] = [];
  readonly hash: number[] = [];
  readonly chain: number[] = [];
  maxIndex = 0;

  constructor(private readonly fail: Fail) {}

  /** Returns true when this is the first application of `index` anywhere (a newly committed entry). */
  onApply(member: number, prevApplied: number, index: number, term: number, hash: number, chain: number): boolean {
    if (index !== prevApplied + 1) {
      this.fail('apply-order', `member ${member} applied index ${index} after ${prevApplied}`);
      return false;
    }
    const t = this.term[index];
    if (t === undefined) {
      this.term[index] = term;
      this.hash[index] = hash;
      this.chain[index] = chain;
      if (index > this.maxIndex) this.maxIndex = index;
      return true;
    }
    if (t !== term || this.hash[index] !== hash) {
      this.fail('state-machine-safety', `member ${member} applied ${term}/${index} but ${t}/${index} (payload ${this.hash[index]} vs ${hash}) was applied before`);
    } else if (this.chain[index] !== chain) {
      this.fail('state-machine-safety', `member ${member} state at index ${index} differs from the other members' (chain ${chain} vs ${this.chain[index]})`);
    }
    return false;
  }

  /** A member replaced its state machine with a snapshot image taken at `index`. */
  onRestore(member: number, index: number, chain: number): void {
    const c = this.chain[index];
    if (c === undefined) this.fail('state-machine-safety', `member ${member} restored a snapshot at index ${index}, which nobody applied`);
    else if (c !== chain) this.fail('state-machine-safety', `member ${member} restored a snapshot at ${index} whose state differs (chain ${chain} vs ${c})`);
  }
}
