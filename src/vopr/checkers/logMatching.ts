// Log matching (Raft §5.3): if two logs hold an entry with the same index and term, they are
// identical up to it. Checked inductively, which needs no pairwise comparison of logs: across every
// log ever inspected, an (index, term) must always come with the same payload and the same term at
// index-1. Then by induction over the index, equal (index, term) implies equal prefixes.
//
// One exception keeps the check sound with unstable tails in view: a single-member cluster sends
// no messages, so it can win a term, append, and crash before any of it is durable; after the
// restart it may win the same term again and append different entries there. Entries that only
// ever existed in a crashed incarnation's memory were never seen by anyone, so the same member in a
// later life may replace them. Anything durable, or seen on another member, is final.
import type { Fail, LogView } from './violation';
import { entryHash } from '../hash';

interface Seen {
  hash: number;
  prevTerm: number;
  member: number;
  life: number;
  durable: boolean;
}

/** Terms stay far below 2^20 in a run; indexes far below 2^32, so the key is an exact integer. */
const TERM_SPACE = 1 << 20;

export class LogMatching {
  private readonly seen = new Map<number, Seen>();

  constructor(private readonly fail: Fail) {}

  check(member: number, log: LogView): void {
    let prevTerm = log.prevTerm;
    let expectIndex = log.firstIndex;
    for (const e of log.entries) {
      if (e.index !== expectIndex) {
        this.fail('log-matching', `member ${member}: log is not contiguous (index ${e.index} where ${expectIndex} was expected)`);
        return;
      }
      if (e.term < prevTerm) {
        this.fail('log-matching', `member ${member}: term goes down at index ${e.index} (${prevTerm} -> ${e.term})`);
        return;
      }
      const key = e.index * TERM_SPACE + e.term;
      const h = entryHash(e.type, e.data);
      const s = this.seen.get(key);
      const durable = e.index <= log.durableUpTo;
      if (s === undefined) this.seen.set(key, { hash: h, prevTerm, member, life: log.life, durable });
      else if (s.hash === h && s.prevTerm === prevTerm) {
        if (durable) s.durable = true;
      } else if (!s.durable && s.member === member && s.life !== log.life) {
        this.seen.set(key, { hash: h, prevTerm, member, life: log.life, durable });
      } else {
        const what = s.hash !== h ? 'payload' : `previous term (${s.prevTerm} vs ${prevTerm})`;
        this.fail('log-matching', `entry ${e.term}/${e.index} differs in ${what} between member ${s.member} and member ${member}`);
        return;
      }
      prevTerm = e.term;
      expectIndex++;
    }
  }
}
