// raftpb membership messages (etcd 3.4 `raft/raftpb/raft.proto`): ConfState, ConfChange (the data of
// an EntryConfChange) and ConfChangeV2 (EntryConfChangeV2; etcd 3.4 itself proposes only v1).
// gogoproto rules as in raftpb.ts: non-nullable scalars always written, in field-number order.

import { ProtoReader, ProtoWriter, WireType, varintSize, lengthDelimitedSize } from '../lib/proto';
import type { ConfState } from '../raft/types';
import { encodeExact } from './encodeExact';

// ConfState {voters=1, learners=2, voters_outgoing=3, learners_next=4 (repeated uint64, UNPACKED:
// proto2 without [packed=true], one key per value), auto_leave=5 (always written)}.

function sizeRepeatedUint64(field: number, vs: readonly number[]): number {
  let n = 0;
  for (const v of vs) n += varintSize(v);
  return n + vs.length * varintSize(field * 8);
}

function writeRepeatedUint64(w: ProtoWriter, field: number, vs: readonly number[]): void {
  for (const v of vs) w.uint64Field(field, v);
}

/** Append a repeated uint64 value, accepting the packed encoding too (proto2 readers must). */
function readRepeatedUint64(r: ProtoReader, wireType: number, into: number[]): void {
  if (wireType === WireType.LengthDelimited) {
    const s = r.sub();
    while (!s.done()) into.push(s.uint64());
  } else {
    into.push(r.uint64());
  }
}

export function emptyConfState(): ConfState {
  return { voters: [], learners: [], votersOutgoing: [], learnersNext: [], autoLeave: false };
}

export function sizeConfState(c: ConfState): number {
  return (
    sizeRepeatedUint64(1, c.voters) +
    sizeRepeatedUint64(2, c.learners) +
    sizeRepeatedUint64(3, c.votersOutgoing) +
    sizeRepeatedUint64(4, c.learnersNext) +
    2
  );
}

export function writeConfState(w: ProtoWriter, c: ConfState): void {
  writeRepeatedUint64(w, 1, c.voters);
  writeRepeatedUint64(w, 2, c.learners);
  writeRepeatedUint64(w, 3, c.votersOutgoing);
  writeRepeatedUint64(w, 4, c.learnersNext);
  w.boolField(5, c.autoLeave);
}

export function readConfState(r: ProtoReader): ConfState {
  const c = emptyConfState();
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: readRepeatedUint64(r, t & 7, c.voters); break;
      case 2: readRepeatedUint64(r, t & 7, c.learners); break;
      case 3: readRepeatedUint64(r, t & 7, c.votersOutgoing); break;
      case 4: readRepeatedUint64(r, t & 7, c.learnersNext); break;
      case 5: c.autoLeave = r.bool(); break;
      default: r.skip(t & 7);
    }
  }
  return c;
}

export function encodeConfState(c: ConfState): Uint8Array {
  return encodeExact(sizeConfState(c), (w) => writeConfState(w, c));
}

export function decodeConfState(b: Uint8Array): ConfState {
  return readConfState(new ProtoReader(b));
}

// ---------------------------------------------------------------------------------------------
// ConfChange {ID=1, Type=2, NodeID=3 (all always written), Context=4 (when present)}.
// Same shape as the raft core's ConfChange; defined here so the codec does not depend on it.

export const ConfChangeType = {
  AddNode: 0,
  RemoveNode: 1,
  UpdateNode: 2,
  AddLearnerNode: 3,
} as const;
export type ConfChangeType = (typeof ConfChangeType)[keyof typeof ConfChangeType];

export const CONF_CHANGE_TYPE_NAMES = [
  'ConfChangeAddNode',
  'ConfChangeRemoveNode',
  'ConfChangeUpdateNode',
  'ConfChangeAddLearnerNode',
] as const;

export interface ConfChange {
  type: ConfChangeType;
  nodeId: number;
  /** etcd: JSON of the member; absent for removals. */
  context?: Uint8Array;
  /** etcd 3.4 leaves it 0. */
  id?: number;
}

export function sizeConfChange(c: ConfChange): number {
  let n = 3 + varintSize(c.id ?? 0) + varintSize(c.type) + varintSize(c.nodeId);
  if (c.context) n += lengthDelimitedSize(4, c.context.length);
  return n;
}

export function writeConfChange(w: ProtoWriter, c: ConfChange): void {
  w.uint64Field(1, c.id ?? 0);
  w.uint64Field(2, c.type);
  w.uint64Field(3, c.nodeId);
  if (c.context) w.bytesField(4, c.context);
}

export function readConfChange(r: ProtoReader): ConfChange {
  const c: ConfChange = { type: ConfChangeType.AddNode, nodeId: 0, id: 0 };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: c.id = r.uint64(); break;
      case 2: c.type = r.uint32() as ConfChangeType; break;
      case 3: c.nodeId = r.uint64(); break;
      case 4: c.context = r.bytes(); break;
      default: r.skip(t & 7);
    }
  }
  return c;
}

export function encodeConfChange(c: ConfChange): Uint8Array {
  return encodeExact(sizeConfChange(c), (w) => writeConfChange(w, c));
}

export function decodeConfChange(b: Uint8Array): ConfChange {
  return readConfChange(new ProtoReader(b));
}

// ConfChangeV2 {transition=1 (always), changes=2 repeated ConfChangeSingle{type=1, node_id=2}, context=3}.

export const ConfChangeTransition = { Auto: 0, JointImplicit: 1, JointExplicit: 2 } as const;
export type ConfChangeTransition = (typeof ConfChangeTransition)[keyof typeof ConfChangeTransition];

export interface ConfChangeSingle {
  type: ConfChangeType;
  nodeId: number;
}

export interface ConfChangeV2 {
  transition: ConfChangeTransition;
  changes: ConfChangeSingle[];
  context?: Uint8Array;
}

function sizeConfChangeSingle(c: ConfChangeSingle): number {
  return 2 + varintSize(c.type) + varintSize(c.nodeId);
}

export function sizeConfChangeV2(c: ConfChangeV2): number {
  let n = 1 + varintSize(c.transition);
  for (const s of c.changes) n += lengthDelimitedSize(2, sizeConfChangeSingle(s));
  if (c.context) n += lengthDelimitedSize(3, c.context.length);
  return n;
}

export function writeConfChangeV2(w: ProtoWriter, c: ConfChangeV2): void {
  w.uint64Field(1, c.transition);
  for (const s of c.changes) {
    w.messageHeader(2, sizeConfChangeSingle(s));
    w.uint64Field(1, s.type);
    w.uint64Field(2, s.nodeId);
  }
  if (c.context) w.bytesField(3, c.context);
}

export function readConfChangeV2(r: ProtoReader): ConfChangeV2 {
  const c: ConfChangeV2 = { transition: ConfChangeTransition.Auto, changes: [] };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: c.transition = r.uint32() as ConfChangeTransition; break;
      case 2: {
        const s = r.sub();
        const one: ConfChangeSingle = { type: ConfChangeType.AddNode, nodeId: 0 };
        while (!s.done()) {
          const st = s.tag();
          if (st >>> 3 === 1) one.type = s.uint32() as ConfChangeType;
          else if (st >>> 3 === 2) one.nodeId = s.uint64();
          else s.skip(st & 7);
        }
        c.changes.push(one);
        break;
      }
      case 3: c.context = r.bytes(); break;
      default: r.skip(t & 7);
    }
  }
  return c;
}

export function encodeConfChangeV2(c: ConfChangeV2): Uint8Array {
  return encodeExact(sizeConfChangeV2(c), (w) => writeConfChangeV2(w, c));
}

export function decodeConfChangeV2(b: Uint8Array): ConfChangeV2 {
  return readConfChangeV2(new ProtoReader(b));
}

