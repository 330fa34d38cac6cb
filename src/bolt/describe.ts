// Stable text renderings for golden tests, the event log and traces. describePages() prints the
// same table as the bbolt CLI's `pages` command, so the two can be compared line for line.

import type { CommitRecord, DB } from './db';
import type { Meta } from './meta';
import { BRANCH_PAGE_FLAG, FREELIST_PAGE_FLAG, LEAF_PAGE_FLAG, META_PAGE_FLAG } from './page';

function typeName(flags: number): string {
  if (flags & BRANCH_PAGE_FLAG) return 'branch';
  if (flags & LEAF_PAGE_FLAG) return 'leaf';
  if (flags & META_PAGE_FLAG) return 'meta';
  if (flags & FREELIST_PAGE_FLAG) return 'freelist';
  return `unknown<${flags.toString(16).padStart(2, '0')}>`;
}

const col = (s: string, w: number): string => s.padEnd(w);

/** The page table: free and pending pages both show as "free" (both are in the freelist). */
export function describePages(db: DB): string {
  const lines = ['ID       TYPE       ITEMS  OVRFLW', '======== ========== ====== ======'];
  const hwm = db.meta().pgid;
  for (let id = 0; id < hwm; ) {
    if (db.freelist.isFree(id)) {
      lines.push(`${col(String(id), 8)} ${col('free', 10)} ${col('', 6)} ${col('', 6)}`);
      id++;
      continue;
    }
    const p = db.pageAt(id);
    const overflow = p.overflow;
    lines.push(`${col(String(id), 8)} ${col(typeName(p.flags), 10)} ${col(String(p.count), 6)} ${col(overflow > 0 ? String(overflow) : '', 6)}`);
    id += 1 + overflow;
  }
  return lines.join('\n') + '\n';
}

export function describeMeta(m: Meta): string {
  return `txid=${m.txid} root=${m.root.root} freelist=${m.freelist ?? 'none'} hwm=${m.pgid} pageSize=${m.pageSize} checksum=${m.checksum}`;
}

/** "txid 7: wrote 12-14,20 (4 pages), freed 3,5-6, meta → page 1, hwm 21" */
export function describeCommit(c: CommitRecord): string {
  const pages = c.written.reduce((n, w) => n + w.count, 0);
  const written = c.written.map((w) => (w.count > 1 ? `${w.pgid}-${w.pgid + w.count - 1}` : String(w.pgid))).join(',');
  return `txid ${c.txid}: wrote ${written || '-'} (${pages} pages), freed ${ranges(c.freed) || '-'}, meta → page ${c.metaPgid}, hwm ${c.highWaterPgid}`;
}

function ranges(ids: readonly number[]): string {
  const s = [...ids].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j]! + 1) j++;
    out.push(j > i ? `${s[i]}-${s[j]}` : String(s[i]));
    i = j + 1;
  }
  return out.join(',');
}
