import { describe, expect, test } from 'vitest';
import { toHex, utf8 } from '../lib/bytes';
import { DB } from './db';
import { MAGIC, readMeta, validateMeta, writeMetaPage } from './meta';
import { Page, readU64, writeU64 } from './page';

describe('page and meta layout (disk-formats.md §1.2–1.6)', () => {
  test('u64 little-endian helpers keep values above 2^32', () => {
    const p = new Page(new Uint8Array(16));
    writeU64(p.dv, 0, 2 ** 40 + 7);
    expect(readU64(p.dv, 0)).toBe(2 ** 40 + 7);
    expect(toHex(p.bytes.subarray(0, 8))).toBe('0700000000010000');
  });

  test('meta: magic ed da 0c ed at offset 16, version 2, checksum over 56 bytes', () => {
    const bytes = writeMetaPage(
      { magic: MAGIC, version: 2, pageSize: 4096, flags: 0, root: { root: 3, sequence: 0 }, freelist: null, pgid: 8, txid: 29, checksum: '' },
      4096,
    );
    expect(toHex(bytes.subarray(16, 20))).toBe('eddaoced'.replace('o', '0'));
    expect(bytes[8]).toBe(0x04); // flags: meta
    expect(bytes[0]).toBe(1); // page id = txid % 2
    expect(toHex(bytes.subarray(48, 56))).toBe('ffffffffffffffff'); // pgidNoFreelist
    const m = validateMeta(new Page(bytes));
    expect(m).toMatchObject({ txid: 29, pgid: 8, freelist: null, root: { root: 3 } });
    bytes[40] ^= 1; // sequence byte: inside the checksummed span
    expect(() => validateMeta(new Page(bytes))).toThrow(expect.objectContaining({ code: 'checksum' }));
  });

  test('leaf element pos is relative to its own element header', () => {
    const db = DB.create();
    db.update((tx) => {
      const b = tx.createBucket('bb');
      for (let i = 0; i < 40; i++) b.put(`key-${i}`, 'x'.repeat(30)); // > pageSize/4 (not inline), < one page
    });
    const root = db.view((tx) => tx.bucket('bb')!.root);
    const p = db.pageAt(root);
    expect(p.isLeaf).toBe(true);
    // element 0: pos = 16 * count; element 1: pos = 16*count - 16 + len(k0)+len(v0)
    const pos0 = p.dv.getUint32(16 + 4, true);
    const pos1 = p.dv.getUint32(32 + 4, true);
    expect(pos0).toBe(16 * p.count);
    expect(pos1).toBe(16 * p.count - 16 + p.leafKey(0).length + p.leafValue(0).length);
    expect(new TextDecoder().decode(p.leafKey(0))).toBe('key-0');
  });

  test('inline bucket value = 16-byte header (root 0) + a leaf page image with id 0', () => {
    const db = DB.create();
    db.update((tx) => tx.createBucket('small').put('a', 'b'));
    const root = db.pageAt(db.meta().root.root);
    expect(root.leafFlags(0)).toBe(1);
    const v = root.leafValue(0);
    expect(v.length).toBe(16 + 16 + 16 + 2);
    expect(readU64(new Page(v).dv, 0)).toBe(0);
    const inline = new Page(v.subarray(16));
    expect(inline.id).toBe(0);
    expect(inline.isLeaf).toBe(true);
    expect(inline.leafKey(0)).toEqual(utf8('a'));
    expect(readMeta(db.pageAt(0)).magic).toBe(MAGIC);
  });
});
