// etcd-dump-logs (etcd 3.4.23, tools/etcd-dump-logs): the snapshot a member would start from, its
// WAL metadata and HardState, then every entry after the snapshot — InternalRaftRequests in
// protobuf text format, v2 requests as method/path/val, conf changes as method/id.
import { decodeWalMetadata, decodeWalRecords, type DecodedWal } from '../wal';
import { decodeSnapFile } from '../wal/snapFile';
import { EntryType, type Entry, type Snapshot } from '../raft/types';
import { fromUtf8 } from '../lib/bytes';
import { goQuote } from '../etcdctl/goFormat';
import { compactText, decodeMessage, field, ProtoTextError } from './protoText';
import { ConfChange, InternalRaftRequest, V2Request } from './etcdSchema';

/** A member's data dir as the tool reads it: WAL records (as stored), and member/snap/*.snap. */
export interface DataDir {
  walRecords: readonly Uint8Array[];
  snapFiles: readonly { index: number; term: number; snapFile: Uint8Array }[];
  /** Used when the WAL holds no metadata record (see MemberFiles.metadata). */
  metadata?: { nodeIdHex: string; clusterIdHex: string };
}

export interface DumpLogsOptions {
  /** -start-index: dump from this index instead of the newest snapshot. */
  startIndex?: number;
}

export class DumpError extends Error {}

/** types.ID's String(): lower-case hex without padding. */
const id = (v: bigint | number): string => BigInt.asUintN(64, BigInt(v)).toString(16);

/** The tool's excerpt(): Go %q of the string, or of its first `pre` and last `suf` bytes. */
function excerpt(s: Uint8Array, pre: number, suf: number): string {
  if (pre + suf > s.length) return goQuote(s);
  return `${goQuote(s.subarray(0, pre))}...${goQuote(s.subarray(s.length - suf))}`;
}

const pad = (v: number, w: number) => String(v).padStart(w, ' ');

type Printer = (e: Entry) => string;

function tryDecode(data: Uint8Array, spec: typeof InternalRaftRequest) {
  try {
    return decodeMessage(data, spec);
  } catch (e) {
    if (e instanceof ProtoTextError) return null;
    throw e;
  }
}

/** The tool's filters in its default order; the first that accepts an entry prints it. */
function printerFor(e: Entry): Printer | null {
  if (e.type === EntryType.ConfChange) {
    return (x) => {
      const cc = tryDecode(x.data, ConfChange);
      const head = `${pad(x.term, 4)}\t${pad(x.index, 10)}\tconf`;
      if (!cc) return `${head}\t???`;
      const type = ConfChange[1]!.type as { enum: readonly string[] };
      const t = Number(field<bigint>(cc, 2) ?? 0n);
      return `${head}\tmethod=${type.enum[t] ?? String(t)} id=${id(field<bigint>(cc, 3) ?? 0n)}`;
    };
  }
  if (e.type !== EntryType.Normal) return null;
  const rr = tryDecode(e.data, InternalRaftRequest);
  if (rr) return (x) => `${pad(x.term, 4)}\t${pad(x.index, 10)}\tnorm\t${compactText(rr)}`;
  const v2 = tryDecode(e.data, V2Request);
  if (v2) {
    return (x) => {
      const s = (no: number) => field<Uint8Array>(v2, no) ?? new Uint8Array(0);
      const method = fromUtf8(s(2));
      const head = `${pad(x.term, 4)}\t${pad(x.index, 10)}\tnorm`;
      if (method === '') return `${head}\tnoop`;
      if (method === 'QGET' || method === 'DELETE') return `${head}\tmethod=${method} path=${excerpt(s(3), 64, 64)}`;
      return `${head}\tmethod=${method} path=${excerpt(s(3), 64, 64)} val=${excerpt(s(4), 128, 0)}`;
    };
  }
  return (x) => `${pad(x.term, 4)}\t${pad(x.index, 10)}\tnorm\t???`;
}

/** The newest .snap that decodes (etcd's snap.Load), or none. */
function loadSnapshot(dir: DataDir): Snapshot | null {
  const newestFirst = [...dir.snapFiles].sort((a, b) => b.term - a.term || b.index - a.index);
  for (const s of newestFirst) {
    try {
      return decodeSnapFile(s.snapFile);
    } catch {
      // a broken .snap is skipped, as snap.Load does
    }
  }
  return null;
}

/** Everything `etcd-dump-logs [-start-index N] <data-dir>` prints to stdout. */
export function dumpLogs(dir: DataDir, opts: DumpLogsOptions = {}): string {
  let out = '';
  let from: { index: number; term: number };
  if (opts.startIndex !== undefined) {
    out += `Start dumping log entries from index ${opts.startIndex}.\n`;
    from = { index: opts.startIndex, term: 0 };
  } else {
    const snap = loadSnapshot(dir);
    from = { index: 0, term: 0 };
    if (snap) {
      from = { index: snap.metadata.index, term: snap.metadata.term };
      out += `Snapshot:\nterm=${from.term} index=${from.index} nodes=[${snap.metadata.confState.voters.map(id).join(' ')}]\n`;
    } else out += 'Snapshot:\nempty\n';
    out += 'Start dupmping log entries from snapshot.\n';
  }
  let wal: DecodedWal;
  try {
    wal = decodeWalRecords(dir.walRecords, { from });
  } catch (e) {
    throw new DumpError(`Failed reading WAL: ${e instanceof Error ? e.message : String(e)}`);
  }
  // etcd's ReadAll fails when the start snapshot is not in the WAL; -start-index tolerates it.
  if (opts.startIndex === undefined && from.index > 0 && !wal.snapshotFound) throw new DumpError('Failed reading WAL: wal: snapshot not found');
  const given = dir.metadata && { nodeId: BigInt(`0x${dir.metadata.nodeIdHex}`), clusterId: BigInt(`0x${dir.metadata.clusterIdHex}`) };
  const md = wal.metadata ? decodeWalMetadata(wal.metadata) : (given ?? { nodeId: 0n, clusterId: 0n });
  const hs = wal.hardState ?? { term: 0, vote: 0, commit: 0 };
  out += `WAL metadata:\nnodeID=${id(md.nodeId)} clusterID=${id(md.clusterId)} term=${hs.term} commitIndex=${hs.commit} vote=${id(hs.vote)}\n`;
  out += 'WAL entries:\n';
  const last = wal.entries.at(-1);
  // etcd 3.4 panics here (index out of range) on a WAL without entries.
  if (!last) throw new DumpError('panic: runtime error: index out of range [-1]');
  out += `lastIndex=${last.index}\n`;
  out += `${'term'.padStart(4)}\t${'index'.padStart(10)}\ttype\tdata\n`;
  let count = 0;
  for (const e of wal.entries) {
    const p = printerFor(e);
    if (!p) continue;
    count++;
    out += p(e) + '\n';
  }
  out += `\nEntry types () count is : ${count}`;
  return out;
}
