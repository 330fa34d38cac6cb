import { describe, expect, it } from 'vitest';
import { TokenizeError, tokenize } from './tokenize';

describe('tokenize', () => {
  it('splits like sh', () => {
    expect(tokenize('put foo bar')).toEqual(['put', 'foo', 'bar']);
    expect(tokenize("  put 'key with space'   \"v a\" ")).toEqual(['put', 'key with space', 'v a']);
    expect(tokenize("get ''")).toEqual(['get', '']);
    expect(tokenize('put a\\ b c')).toEqual(['put', 'a b', 'c']);
    expect(tokenize('put k "say \\"hi\\" \\\\ $X"')).toEqual(['put', 'k', 'say "hi" \\ $X']);
    expect(tokenize("put k 'a\"b'\"c'd\"")).toEqual(['put', 'k', "a\"bc'd"]);
    expect(tokenize('put k "a\\nb"')).toEqual(['put', 'k', 'a\\nb']);
    expect(tokenize('put héllo ✓')).toEqual(['put', 'héllo', '✓']);
    expect(tokenize('')).toEqual([]);
  });
  it('leaves $VAR to the caller', () => {
    expect(tokenize('put k $L')).toEqual(['put', 'k', '$L']);
  });
  it('rejects unterminated quotes', () => {
    expect(() => tokenize("put 'abc")).toThrow(TokenizeError);
    expect(() => tokenize('put "abc')).toThrow(TokenizeError);
  });
});
