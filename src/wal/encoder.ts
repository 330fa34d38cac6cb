// Turns raft Readys into WAL bytes exactly as etcd's `wal.Save` / `SaveSnapshot` / `Create` frame
// them: one frame per entry, then a state frame, CRC-chained across calls.
//
// One raft Ready becomes ONE buffer (one IndexedDB record, one durable put: reference/performance.md
// rule 1). Building it: entry bytes are first written into a scratch buffer this encoder keeps and
// reuses (the CRC, and so the record size, is only known once the data is), then the output is
// allocated once at its exact size — it has to be a fresh buffer anyway, since IndexedDB and
// postMessage take the whole ArrayBuffer behind a view.

import { crc32c } from '../lib/crc32c';
import { ProtoWriter } from '../lib/proto';
import { assert } from '../lib/assert';
import type { Entry, HardState } from '../raft/types';
import { isEmptyHardState, sizeEntry, sizeHardState, writeEntry, writeHardState } from '../pb/raftpb';
import { RecordType, sizeWalSnapshot, writeWalSnapshot, type WalSnapshot } from './record';
import { recordFrameSize, writeFrame } from './frame';

interface Pending {
  type: number;
  crc: number;
  /** [start, end) of the data in the scratch buffer; start < 0: no data (crc record). */
  start: number;
  end: number;
}

export class WalEncoder {
  private running: number;
  /** Reused across calls: record data before framing. Grows to the largest Ready seen. */
  private readonly scratch = new ProtoWriter(4096);
  private readonly pending: Pending[] = [];

  /** `prevCrc`: the crc of the last record already written (decodeWalRecords' `lastCrc`); 0 for a new WAL. */
  constructor(prevCrc = 0) {
    this.running = prevCrc >>> 0;
  }

  /** The running CRC after everything encoded so far: what the next record chains from. */
  get crc(): number {
    return this.running;
  }

  /**
   * The WAL bytes for one raft Ready (etcd `Save`, with `SaveSnapshot` folded in): the snapshot
   * record if any, one entry record per entry, then the state record unless the HardState is
   * absent or empty. Returns an empty array when there is nothing to write.
   *
   * The snapshot record goes first, as etcd 3.5+ orders it (3.4 wrote it after Save): in one atomic
   * IndexedDB record the order only matters to readers, who then see the new log start before the
   * entries that follow it.
   */
  encodeReady(hardState: HardState | undefined, entries: readonly Entry[], snapshot?: WalSnapshot): Uint8Array {
    this.begin();
    if (snapshot) this.addSnapshot(snapshot);
    for (const e of entries) {
      const start = this.scratch.pos;
      this.scratch.reserve(sizeEntry(e));
      writeEntry(this.scratch, e);
      this.addData(RecordType.Entry, start);
    }
    if (hardState && !isEmptyHardState(hardState)) {
      const start = this.scratch.pos;
      this.scratch.reserve(sizeHardState(hardState));
      writeHardState(this.scratch, hardState);
      this.addData(RecordType.State, start);
    }
    return this.flush();
  }

  /** A snapshot record alone (etcd `SaveSnapshot`, after raft log compaction). */
  encodeSnapshot(snapshot: WalSnapshot): Uint8Array {
    this.begin();
    this.addSnapshot(snapshot);
    return this.flush();
  }

  /**
   * The records that start a WAL segment: crc record (carrying the running crc), metadata, then
   * the snapshot record (`wal.Create` writes {0, 0}) and/or the current HardState (`cut` writes
   * the state instead). `metadata`: encoded etcdserverpb.Metadata (record.ts encodeWalMetadata).
   */
  encodeHeader(metadata: Uint8Array, snapshot: WalSnapshot | undefined = { index: 0, term: 0 }, hardState?: HardState): Uint8Array {
    this.begin();
    this.pending.push({ type: RecordType.Crc, crc: this.running, start: -1, end: -1 });
    const start = this.scratch.pos;
    this.scratch.raw(metadata);
    this.addData(RecordType.Metadata, start);
    if (snapshot) this.addSnapshot(snapshot);
    if (hardState && !isEmptyHardState(hardState)) {
      const s = this.scratch.pos;
      writeHardState(this.scratch, hardState);
      this.addData(RecordType.State, s);
    }
    return this.flush();
  }

  /** Arbitrary records (type + data; no data = a crc record carrying the running crc), chained. */
  encodeRecords(records: readonly { type: number; data?: Uint8Array }[]): Uint8Array {
    this.begin();
    for (const r of records) {
      if (r.data === undefined) {
        this.pending.push({ type: r.type, crc: this.running, start: -1, end: -1 });
        continue;
      }
      const start = this.scratch.pos;
      this.scratch.raw(r.data);
      this.addData(r.type, start);
    }
    return this.flush();
  }

  private begin(): void {
    this.scratch.reset();
    this.pending.length = 0;
  }

  private addSnapshot(s: WalSnapshot): void {
    const start = this.scratch.pos;
    this.scratch.reserve(sizeWalSnapshot(s));
    writeWalSnapshot(this.scratch, s);
    this.addData(RecordType.Snapshot, start);
  }

  /** The data of a record of `type` was just written to scratch from `start`: chain its crc. */
  private addData(type: number, start: number): void {
    const end = this.scratch.pos;
    this.running = crc32c(this.scratch.buf, this.running, start, end);
    this.pending.push({ type, crc: this.running, start, end });
  }

  private flush(): Uint8Array {
    let total = 0;
    for (const p of this.pending) total += recordFrameSize(p.type, p.crc, p.start < 0 ? undefined : p.end - p.start);
    const out = new Uint8Array(total);
    const w = new ProtoWriter(out);
    const src = this.scratch.buf;
    for (const p of this.pending) writeFrame(w, p.type, p.crc, p.start < 0 ? undefined : src.subarray(p.start, p.end));
    assert(w.pos === total && w.buf === out, () => `WAL frame sizes said ${total} bytes, wrote ${w.pos}`);
    this.pending.length = 0;
    return out;
  }
}
