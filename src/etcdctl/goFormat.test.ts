import { describe, expect, it } from 'vitest';
import { goDurationString, goParseBool, goParseDuration, goParseInt, goQuote, goQuoteRune, goUnquote } from './goFormat';
import { fromUtf8 } from '../lib/bytes';

describe('Go formatting rules', () => {
  it('strconv.Quote', () => {
    expect(goQuote('bar')).toBe('"bar"');
    expect(goQuote('a\tb\n"\\')).toBe('"a\\tb\\n\\"\\\\"');
    expect(goQuote('héllo✓')).toBe('"héllo✓"');
    expect(goQuote(new Uint8Array([0x61, 0xff, 0x00, 0x7f]))).toBe('"a\\xff\\x00\\x7f"');
    expect(goQuote('\u200b')).toBe('"\\u200b"');
    expect(goQuoteRune('1')).toBe("'1'");
  });
  it('strconv.Unquote', () => {
    expect(fromUtf8(goUnquote('"a\\"b\\x41\\101\\u00e9"')!)).toBe('a"bAAé');
    expect(fromUtf8(goUnquote('`raw\\n`')!)).toBe('raw\\n');
    expect(goUnquote('"bad\\q"')).toBeUndefined();
    expect(goUnquote('"open')).toBeUndefined();
  });
  it('strconv.ParseInt errors', () => {
    expect(goParseInt('42')).toBe(42);
    expect(goParseInt('-7')).toBe(-7);
    expect(goParseInt('0x1f', 0)).toBe(31);
    expect(goParseInt('abc', 16)).toBe(0xabc);
    expect(() => goParseInt('abc')).toThrow('strconv.ParseInt: parsing "abc": invalid syntax');
    expect(() => goParseInt('9223372036854775808')).toThrow('strconv.ParseInt: parsing "9223372036854775808": value out of range');
    expect(() => goParseInt('zz', 16, 'ParseUint')).toThrow('strconv.ParseUint: parsing "zz": invalid syntax');
    expect(() => goParseBool('yes')).toThrow('strconv.ParseBool: parsing "yes": invalid syntax');
  });
  it('time.ParseDuration and Duration.String', () => {
    expect(goParseDuration('2s')).toBe(2e9);
    expect(goParseDuration('1m30s')).toBe(90e9);
    expect(goParseDuration('1.5ms')).toBe(1.5e6);
    expect(goParseDuration('1ns')).toBe(1);
    expect(() => goParseDuration('abc')).toThrow('time: invalid duration "abc"');
    expect(() => goParseDuration('5')).toThrow('time: missing unit in duration "5"');
    expect(() => goParseDuration('5x')).toThrow('time: unknown unit "x" in duration "5x"');
    expect(goDurationString(2e9)).toBe('2s');
    expect(goDurationString(90e9)).toBe('1m30s');
    expect(goDurationString(5473186)).toBe('5.473186ms');
    expect(goDurationString(1500)).toBe('1.5µs');
    expect(goDurationString(5001177783)).toBe('5.001177783s');
  });
});
