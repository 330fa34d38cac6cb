// Short, stable text for raft entries, for the log view, the event log and traces.
import type { Entry } from '../raft/types';
import { EntryType } from '../raft/types';
import { decodeInternalRaftRequest, describeRequest } from '../pb/etcdserverpb';
import type { LogEntryView } from '../protocol/view';

const CACHE_LIMIT = 4096;

export function describeEntry(e: Entry): LogEntryView {
  if (e.type !== EntryType.Normal) return { index: e.index, term: e.term, kind: 'confchange', summary: 'conf change' };
  if (e.data.length === 0) return { index: e.index, term: e.term, kind: 'noop', summary: 'noop' };
  let summary: string;
  try {
    summary = describeRequest(decodeInternalRaftRequest(e.data));
  } catch {
    summary = `undecodable (${e.data.length} bytes)`;
  }
  return { index: e.index, term: e.term, kind: 'normal', summary };
}

/** Entries are immutable once written at (index, term) in one cluster, so a member can cache descriptions. */
export class EntryDescriber {
  private readonly cache = new Map<string, LogEntryView>();

  describe(e: Entry): LogEntryView {
    const k = `${e.index}/${e.term}`;
    let v = this.cache.get(k);
    if (!v) {
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      v = describeEntry(e);
      this.cache.set(k, v);
    }
    return v;
  }
}
