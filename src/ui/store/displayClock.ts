// One display clock shared by every animated layer, so the message dots, timer arcs and the header
// clock agree within a frame.
import { displayTime } from '../layout/clock';
import { clusterStore, type ClusterStore } from './clusterStore';

interface ClockMemo {
  realMs: number;
  value: number;
  prev: number | null;
}

const memos = new WeakMap<ClusterStore, ClockMemo>();

/** Virtual time to draw at real time `realMs` (pass the requestAnimationFrame timestamp). */
export function displayNow(realMs: number, store: ClusterStore = clusterStore): number {
  const s = store.getState();
  const snap = s.snapshot;
  if (!snap) return 0;
  let memo = memos.get(store);
  if (!memo) {
    memo = { realMs: -1, value: 0, prev: null };
    memos.set(store, memo);
  }
  if (memo.realMs === realMs) return memo.value;
  const v = displayTime(
    { nowMs: snap.nowMs, receivedAtMs: s.receivedAtMs, speed: snap.speed, paused: snap.paused, tickMs: snap.tickMs },
    realMs,
    memo.prev,
  );
  memo.realMs = realMs;
  memo.prev = v;
  memo.value = v;
  return v;
}
