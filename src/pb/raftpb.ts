// raftpb (etcd 3.4 `raft/raftpb/raft.proto`, proto2 + gogoproto), byte-compatible with etcd's
// generated Marshal: fields in field-number order; every `nullable=false` scalar is written even
// when zero (Entry Type/Term/Index, HardState, ConfState.auto_leave, ConfChange ID/Type/NodeID, all
// Message scalars, and Message.snapshot as a whole); optional bytes (Entry.Data, Snapshot.data,
// ConfChange.Context, Message.context) only when present.
//
// Each message has `sizeX` (exact encoded size) and `writeX` (append to a ProtoWriter), so callers can
// allocate once at the exact size (or reuse a buffer), plus `encodeX`/`decodeX` conveniences.
// Decoded bytes fields are views into the input buffer.
//
// Raft NodeIds in our core are small integers; they are encoded as the uint64 they are.

import { ProtoReader, ProtoWriter, varintSize, lengthDelimitedSize } from '../lib/proto';
import { EMPTY } from '../lib/bytes';
import { encodeExact } from './encodeExact';
import { emptyConfState, readConfState, sizeConfState, writeConfState } from './confchange';
import type {
  Entry,
  EntryType,
  HardState,
  Message,
  MessageType,
  Snapshot,
  SnapshotMetadata,
} from '../raft/types';

export { encodeExact } from './encodeExact';
export * from './confchange';

// ---------------------------------------------------------------------------------------------
// Entry {Term=2, Index=3, Type=1, Data=4}; written Type, Term, Index, Data (field-number order).

export function sizeEntry(e: Entry): number {
  let n = 3 + varintSize(e.type) + varintSize(e.term) + varintSize(e.index);
  if (e.data.length > 0) n += lengthDelimitedSize(4, e.data.length);
  return n;
}

export function writeEntry(w: ProtoWriter, e: Entry): void {
  w.uint64Field(1, e.type);
  w.uint64Field(2, e.term);
  w.uint64Field(3, e.index);
  // etcd's entries have nil Data (the leader's no-op) or non-empty Data; an empty one is written as nil.
  if (e.data.length > 0) w.bytesField(4, e.data);
}

export function readEntry(r: ProtoReader): Entry {
  let type = 0;
  let term = 0;
  let index = 0;
  let data: Uint8Array = EMPTY;
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: type = r.uint32(); break;
      case 2: term = r.uint64(); break;
      case 3: index = r.uint64(); break;
      case 4: data = r.bytes(); break;
      default: r.skip(t & 7);
    }
  }
  return { term, index, type: type as EntryType, data };
}

export function encodeEntry(e: Entry): Uint8Array {
  return encodeExact(sizeEntry(e), (w) => writeEntry(w, e));
}

export function decodeEntry(b: Uint8Array): Entry {
  return readEntry(new ProtoReader(b));
}

// ---------------------------------------------------------------------------------------------
// HardState {term=1, vote=2, commit=3}, all always written.

export function sizeHardState(h: HardState): number {
  return 3 + varintSize(h.term) + varintSize(h.vote) + varintSize(h.commit);
}

export function writeHardState(w: ProtoWriter, h: HardState): void {
  w.uint64Field(1, h.term);
  w.uint64Field(2, h.vote);
  w.uint64Field(3, h.commit);
}

export function readHardState(r: ProtoReader): HardState {
  const h = { term: 0, vote: 0, commit: 0 };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: h.term = r.uint64(); break;
      case 2: h.vote = r.uint64(); break;
      case 3: h.commit = r.uint64(); break;
      default: r.skip(t & 7);
    }
  }
  return h;
}

export function encodeHardState(h: HardState): Uint8Array {
  return encodeExact(sizeHardState(h), (w) => writeHardState(w, h));
}

export function decodeHardState(b: Uint8Array): HardState {
  return readHardState(new ProtoReader(b));
}

/** raft.IsEmptyHardState: etcd writes no state record for it. */
export function isEmptyHardState(h: HardState): boolean {
  return h.term === 0 && h.vote === 0 && h.commit === 0;
}

// ---------------------------------------------------------------------------------------------
// SnapshotMetadata {conf_state=1, index=2, term=3} and Snapshot {data=1, metadata=2}, all but
// Snapshot.data always written.

export function sizeSnapshotMetadata(m: SnapshotMetadata): number {
  return lengthDelimitedSize(1, sizeConfState(m.confState)) + 2 + varintSize(m.index) + varintSize(m.term);
}

export function writeSnapshotMetadata(w: ProtoWriter, m: SnapshotMetadata): void {
  w.messageHeader(1, sizeConfState(m.confState));
  writeConfState(w, m.confState);
  w.uint64Field(2, m.index);
  w.uint64Field(3, m.term);
}

export function readSnapshotMetadata(r: ProtoReader): SnapshotMetadata {
  const m: SnapshotMetadata = { confState: emptyConfState(), index: 0, term: 0 };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: m.confState = readConfState(r.sub()); break;
      case 2: m.index = r.uint64(); break;
      case 3: m.term = r.uint64(); break;
      default: r.skip(t & 7);
    }
  }
  return m;
}

export function emptySnapshot(): Snapshot {
  return { data: EMPTY, metadata: { confState: emptyConfState(), index: 0, term: 0 } };
}

/** raft.IsEmptySnap. */
export function isEmptySnapshot(s: Snapshot | undefined): boolean {
  return !s || s.metadata.index === 0;
}

export function sizeSnapshot(s: Snapshot): number {
  let n = lengthDelimitedSize(2, sizeSnapshotMetadata(s.metadata));
  if (s.data.length > 0) n += lengthDelimitedSize(1, s.data.length);
  return n;
}

export function writeSnapshot(w: ProtoWriter, s: Snapshot): void {
  if (s.data.length > 0) w.bytesField(1, s.data);
  w.messageHeader(2, sizeSnapshotMetadata(s.metadata));
  writeSnapshotMetadata(w, s.metadata);
}

export function readSnapshot(r: ProtoReader): Snapshot {
  const s = emptySnapshot();
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: s.data = r.bytes(); break;
      case 2: s.metadata = readSnapshotMetadata(r.sub()); break;
      default: r.skip(t & 7);
    }
  }
  return s;
}

export function encodeSnapshot(s: Snapshot): Uint8Array {
  return encodeExact(sizeSnapshot(s), (w) => writeSnapshot(w, s));
}

export function decodeSnapshot(b: Uint8Array): Snapshot {
  return readSnapshot(new ProtoReader(b));
}

// ---------------------------------------------------------------------------------------------
// Message {type=1, to=2, from=3, term=4, logTerm=5, index=6, entries=7, commit=8, snapshot=9,
// reject=10, rejectHint=11, context=12}. In etcd 3.4 snapshot is non-nullable, so every message
// carries an (empty, 12-byte) snapshot field; an absent `snapshot` is written that way and an empty
// one (index 0, no data) decodes back to `undefined`.

const EMPTY_SNAPSHOT: Snapshot = emptySnapshot();

export function sizeMessage(m: Message): number {
  let n =
    11 + // keys of fields 1–6, 8, 10, 11 (one byte each) + the reject value byte + key of 9
    varintSize(m.type) +
    varintSize(m.to) +
    varintSize(m.from) +
    varintSize(m.term) +
    varintSize(m.logTerm) +
    varintSize(m.index) +
    varintSize(m.commit) +
    varintSize(m.rejectHint);
  for (const e of m.entries) {
    const es = sizeEntry(e);
    n += 1 + varintSize(es) + es;
  }
  const ss = sizeSnapshot(m.snapshot ?? EMPTY_SNAPSHOT);
  n += varintSize(ss) + ss;
  if (m.context) n += lengthDelimitedSize(12, m.context.length);
  return n;
}

export function writeMessage(w: ProtoWriter, m: Message): void {
  w.uint64Field(1, m.type);
  w.uint64Field(2, m.to);
  w.uint64Field(3, m.from);
  w.uint64Field(4, m.term);
  w.uint64Field(5, m.logTerm);
  w.uint64Field(6, m.index);
  for (const e of m.entries) {
    w.messageHeader(7, sizeEntry(e));
    writeEntry(w, e);
  }
  w.uint64Field(8, m.commit);
  const s = m.snapshot ?? EMPTY_SNAPSHOT;
  w.messageHeader(9, sizeSnapshot(s));
  writeSnapshot(w, s);
  w.boolField(10, m.reject);
  w.uint64Field(11, m.rejectHint);
  if (m.context) w.bytesField(12, m.context);
}

export function readMessage(r: ProtoReader): Message {
  const m: Message = {
    type: 0,
    to: 0,
    from: 0,
    term: 0,
    logTerm: 0,
    index: 0,
    entries: [],
    commit: 0,
    reject: false,
    rejectHint: 0,
  };
  while (!r.done()) {
    const t = r.tag();
    switch (t >>> 3) {
      case 1: m.type = r.uint32() as MessageType; break;
      case 2: m.to = r.uint64(); break;
      case 3: m.from = r.uint64(); break;
      case 4: m.term = r.uint64(); break;
      case 5: m.logTerm = r.uint64(); break;
      case 6: m.index = r.uint64(); break;
      case 7: m.entries.push(readEntry(r.sub())); break;
      case 8: m.commit = r.uint64(); break;
      case 9: {
        const s = readSnapshot(r.sub());
        if (s.metadata.index !== 0 || s.data.length > 0) m.snapshot = s;
        break;
      }
      case 10: m.reject = r.bool(); break;
      case 11: m.rejectHint = r.uint64(); break;
      case 12: m.context = r.bytes(); break;
      default: r.skip(t & 7);
    }
  }
  return m;
}

/** One message in its own exactly-sized buffer (transferable as `result.buffer`). */
export function encodeMessage(m: Message): Uint8Array {
  return encodeExact(sizeMessage(m), (w) => writeMessage(w, m));
}

/** Decode a message; its entries' data are views into `b`. */
export function decodeMessage(b: Uint8Array): Message {
  return readMessage(new ProtoReader(b));
}

// ---------------------------------------------------------------------------------------------
// Message batches: the wire format between workers. A batch is the concatenation of
// (varint length, Message bytes) for each message — one buffer, one transfer, however many messages.

/** Exact encoded size of a batch (for pooling buffers: see encodeMessagesInto). */
export function sizeMessages(ms: readonly Message[]): number {
  let n = 0;
  for (const m of ms) {
    const s = sizeMessage(m);
    n += varintSize(s) + s;
  }
  return n;
}

/**
 * Encode a batch into `out` from offset 0 when it fits; returns the bytes written, or -1 (nothing
 * written) when `out` is too small. Lets a host reuse pooled buffers instead of allocating.
 */
export function encodeMessagesInto(ms: readonly Message[], out: Uint8Array): number {
  const sizes = ms.map(sizeMessage);
  let total = 0;
  for (const s of sizes) total += varintSize(s) + s;
  if (total > out.length) return -1;
  writeBatch(new ProtoWriter(out), ms, sizes);
  return total;
}

function writeBatch(w: ProtoWriter, ms: readonly Message[], sizes: readonly number[]): void {
  for (let i = 0; i < ms.length; i++) {
    w.varint(sizes[i]!);
    writeMessage(w, ms[i]!);
  }
}

/**
 * A batch in ONE exactly-sized buffer: byteOffset 0, byteLength = buffer.byteLength, so the caller can
 * `postMessage(b.buffer, [b.buffer])`. Sized first, so the buffer is allocated once and never copied.
 */
export function encodeMessages(ms: readonly Message[]): Uint8Array {
  const sizes = ms.map(sizeMessage);
  let total = 0;
  for (const s of sizes) total += varintSize(s) + s;
  return encodeExact(total, (w) => writeBatch(w, ms, sizes));
}

/** Decode a batch written by encodeMessages; entry data are views into `b`. */
export function decodeMessages(b: Uint8Array): Message[] {
  const r = new ProtoReader(b);
  const out: Message[] = [];
  while (!r.done()) out.push(readMessage(r.sub()));
  return out;
}

