// Assembles the members' write-path step events (index ranges, see src/etcd/writeTrace.ts) into
// one trace per proposed raft entry, keeping the most recent TRACE_KEEP entries. The hub feeds it;
// the Write path panel reads views of it.
import type { NodeId } from '../raft/types';
import type { WriteStepEvent } from '../etcd/nodeTypes';
import type { WriteStepView, WriteTraceView } from '../protocol/writePath';

export const TRACE_KEEP = 200;

export class WriteTraces {
  private readonly traces = new Map<number, WriteTraceView>();
  private maxIndex = 0;
  /** Bumped on every change, so pollers can skip unchanged copies. */
  version = 0;

  add(member: NodeId, e: WriteStepEvent): void {
    const at = e.atMs ?? 0;
    if (e.step === 'propose') {
      // A new leader may propose again at an index whose old entry was never committed: start over.
      this.traces.set(e.from, { index: e.from, summary: e.summary ?? '', leader: member, proposedAtMs: at, steps: [{ step: 'propose', member, atMs: at }] });
      this.maxIndex = Math.max(this.maxIndex, e.from);
      this.trim();
      this.version++;
      return;
    }
    // Only entries already proposed are followed; a large range is clipped to what is kept.
    const from = Math.max(e.from, this.maxIndex - TRACE_KEEP + 1);
    for (let i = from; i <= e.to; i++) {
      const t = this.traces.get(i);
      if (!t) continue;
      const s: WriteStepView = { step: e.step, member, atMs: at };
      if (e.peer !== undefined) s.peer = e.peer;
      if (e.revisions) s.revision = e.revisions[i - e.from];
      t.steps.push(s);
      this.version++;
    }
  }

  private trim(): void {
    for (const i of this.traces.keys()) if (i <= this.maxIndex - TRACE_KEEP) this.traces.delete(i);
  }

  /** The traces, newest entry first (copies). */
  list(limit = TRACE_KEEP): WriteTraceView[] {
    const out = [...this.traces.values()].sort((a, b) => b.index - a.index).slice(0, limit);
    return out.map((t) => ({ ...t, steps: t.steps.slice().sort((a, b) => a.atMs - b.atMs) }));
  }

  clear(): void {
    this.traces.clear();
    this.maxIndex = 0;
    this.version++;
  }
}
