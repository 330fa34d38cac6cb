import { describe, expect, it } from 'vitest';
import { ProtoDecodeError, ProtoReader, ProtoWriter, WireType, varint64Size, varintSize, varintSizeBig } from './proto';
import { toHex } from './bytes';

function hexOf(f: (w: ProtoWriter) => void, w = new ProtoWriter(4)): string {
  w.reset();
  f(w);
  return toHex(w.view());
}

describe('ProtoWriter', () => {
  it('writes varints as protobuf does', () => {
    expect(hexOf((w) => w.varint(0))).toBe('00');
    expect(hexOf((w) => w.varint(1))).toBe('01');
    expect(hexOf((w) => w.varint(127))).toBe('7f');
    expect(hexOf((w) => w.varint(128))).toBe('8001');
    expect(hexOf((w) => w.varint(300))).toBe('ac02');
    expect(hexOf((w) => w.varint(0xffffffff))).toBe('ffffffff0f');
    expect(hexOf((w) => w.varint(2 ** 32))).toBe('8080808010');
    expect(hexOf((w) => w.varint(2 ** 53 - 1))).toBe('ffffffffffffff0f');
  });

  it('writes negative int64 as ten bytes of two\'s complement', () => {
    expect(hexOf((w) => w.int64(-1))).toBe('ffffffffffffffffff01');
    expect(hexOf((w) => w.int64(-2))).toBe('feffffffffffffffff01');
    expect(hexOf((w) => w.int64(-(2 ** 32)))).toBe('80808080f0ffffffff01');
  });

  it('writes uint64 bigints above 2^53 exactly (real etcd member ids)', () => {
    expect(hexOf((w) => w.uint64Big(0xffffffffffffffffn))).toBe('ffffffffffffffffff01');
    expect(hexOf((w) => w.uint64Big(0x667880157b8812c8n))).toBe(
      hexOf((w) => w.varint64(0x7b8812c8, 0x66788015)),
    );
    expect(varintSizeBig(0x667880157b8812c8n)).toBe(9);
    expect(varintSizeBig(0xdc50b8daae93b3e0n)).toBe(10);
  });

  it('varintSize agrees with what is written', () => {
    const w = new ProtoWriter();
    for (const v of [0, 1, 127, 128, 16383, 16384, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 35, 2 ** 42, 2 ** 49, 2 ** 53 - 1, -1]) {
      w.reset();
      w.int64(v);
      expect(w.pos, String(v)).toBe(varintSize(v));
    }
  });

  it('varint64Size agrees with what is written', () => {
    const w = new ProtoWriter();
    for (const [lo, hi] of [[0, 0], [0x80, 0], [0xffffffff, 0], [0, 1], [0, 7], [0, 8], [0, 0x3ff], [0, 0x400], [5, 0x7fffffff], [0, 0xffffffff]] as const) {
      w.reset();
      w.varint64(lo, hi);
      expect(w.pos, `${lo},${hi}`).toBe(varint64Size(lo, hi));
    }
  });

  it('never grows a caller-supplied buffer that is exactly big enough', () => {
    const out = new Uint8Array(1 + 10 + 5);
    const w = new ProtoWriter(out);
    w.varint(1);
    w.int64(-1);
    w.varint(2 ** 32);
    expect(w.buf).toBe(out);
    expect(w.pos).toBe(out.length);
  });

  it('writes fixed-width little-endian values', () => {
    expect(hexOf((w) => w.fixed32(0x01020304))).toBe('04030201');
    expect(hexOf((w) => w.fixed64(2 ** 40 + 5))).toBe('0500000000010000');
  });

  it('writes fields: key then value', () => {
    expect(hexOf((w) => w.uint64Field(1, 4))).toBe('0804');
    expect(hexOf((w) => w.boolField(10, false))).toBe('5000');
    expect(hexOf((w) => w.bytesField(3, Uint8Array.of(1, 2)))).toBe('1a020102');
    expect(hexOf((w) => w.stringField(1, 'foo'))).toBe('0a03666f6f');
    expect(hexOf((w) => w.uint64Field(100, 1))).toBe('a00601');
  });

  it('grows a small buffer and keeps what was written', () => {
    const w = new ProtoWriter(1);
    const big = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    w.varint(7);
    w.bytes(big);
    const r = new ProtoReader(w.finish());
    expect(r.uint64()).toBe(7);
    expect(r.bytes()).toEqual(big);
  });

  it('reuses its buffer across resets (no growth once large enough)', () => {
    const w = new ProtoWriter(64);
    const buf = w.buf;
    for (let i = 0; i < 10; i++) {
      w.reset();
      w.bytes(new Uint8Array(40));
    }
    expect(w.buf).toBe(buf);
  });

  it('back-patches lengths, shifting when the length needs more than one byte', () => {
    for (const n of [0, 5, 127, 128, 300, 20000]) {
      const w = new ProtoWriter(8);
      w.uint64Field(1, 9);
      const mark = w.beginLengthDelimited(2);
      w.raw(new Uint8Array(n).fill(0xab));
      w.endLengthDelimited(mark);
      w.uint64Field(3, 1);
      const r = new ProtoReader(w.view());
      expect(r.tag()).toBe(8);
      expect(r.uint64()).toBe(9);
      expect(r.tag()).toBe(18);
      const b = r.bytes();
      expect(b.length).toBe(n);
      expect(b.every((x) => x === 0xab)).toBe(true);
      expect(r.tag()).toBe(24);
      expect(r.uint64()).toBe(1);
      expect(r.done()).toBe(true);
    }
  });
});

describe('ProtoReader', () => {
  it('round-trips numbers of every size', () => {
    const w = new ProtoWriter();
    const vals = [0, 1, 300, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 45 + 3, 2 ** 53 - 1];
    for (const v of vals) w.varint(v);
    w.int64(-1);
    w.int64(-123456789012);
    w.fixed64(2 ** 50 + 1);
    w.fixed32(0xfedcba98);
    const r = new ProtoReader(w.view());
    for (const v of vals) expect(r.uint64()).toBe(v);
    expect(r.int64()).toBe(-1);
    expect(r.int64()).toBe(-123456789012);
    expect(r.fixed64()).toBe(2 ** 50 + 1);
    expect(r.fixed32()).toBe(0xfedcba98);
    expect(r.done()).toBe(true);
  });

  it('reads uint64 exactly as a bigint', () => {
    const w = new ProtoWriter();
    w.uint64Big(0xdc50b8daae93b3e0n);
    expect(new ProtoReader(w.view()).uint64Big()).toBe(0xdc50b8daae93b3e0n);
  });

  it('truncates 64-bit varints to 32 bits for uint32 (enums written as negative int32)', () => {
    const w = new ProtoWriter();
    w.int64(-1);
    expect(new ProtoReader(w.view()).uint32()).toBe(0xffffffff);
  });

  it('skips unknown fields of every wire type', () => {
    const w = new ProtoWriter();
    w.uint64Field(9, 2 ** 40);
    w.tag(10, WireType.Fixed64);
    w.fixed64(1);
    w.bytesField(11, new Uint8Array(3));
    w.tag(12, WireType.Fixed32);
    w.fixed32(1);
    w.uint64Field(1, 42);
    const r = new ProtoReader(w.view());
    let got = -1;
    while (!r.done()) {
      const t = r.tag();
      if (t >>> 3 === 1) got = r.uint64();
      else r.skip(t & 7);
    }
    expect(got).toBe(42);
  });

  it('rejects truncated and malformed input with ProtoDecodeError', () => {
    expect(() => new ProtoReader(Uint8Array.of(0x80)).uint64()).toThrow(ProtoDecodeError);
    expect(() => new ProtoReader(Uint8Array.of(0x0a, 0x05, 1, 2)).sub()).toThrow(ProtoDecodeError);
    const r = new ProtoReader(Uint8Array.of(0x0a, 0x05, 1, 2));
    r.tag();
    expect(() => r.bytes()).toThrow(/runs past the end/);
    expect(() => new ProtoReader(Uint8Array.of(0x0f)).skip(7)).toThrow(/illegal wire type 7/);
    expect(() => new ProtoReader(new Uint8Array(11).fill(0xff)).uint64()).toThrow(/longer than 10 bytes/);
    expect(() => new ProtoReader(Uint8Array.of(0x00)).tag()).toThrow(/field number 0/);
  });

  it('reads bytes as views into the input (zero-copy)', () => {
    const buf = Uint8Array.of(0x0a, 0x02, 7, 8);
    const r = new ProtoReader(buf);
    r.tag();
    const b = r.bytes();
    expect(b.buffer).toBe(buf.buffer);
    expect(Array.from(b)).toEqual([7, 8]);
  });
});
