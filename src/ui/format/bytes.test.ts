import { describe, expect, it } from 'vitest';
import { humanizeBytes, inUseRatio } from './bytes';

describe('humanizeBytes (go-humanize Bytes)', () => {
  it('prints SI units like etcdctl', () => {
    expect(humanizeBytes(0)).toBe('0 B');
    expect(humanizeBytes(9)).toBe('9 B');
    expect(humanizeBytes(82)).toBe('82 B');
    expect(humanizeBytes(1000)).toBe('1.0 kB');
    expect(humanizeBytes(16384)).toBe('16 kB');
    expect(humanizeBytes(20480)).toBe('20 kB');
    expect(humanizeBytes(24576)).toBe('25 kB');
    expect(humanizeBytes(1_500_000)).toBe('1.5 MB');
    expect(humanizeBytes(2_147_483_648)).toBe('2.1 GB');
  });
  it('clamps the in-use ratio', () => {
    expect(inUseRatio(0, 0)).toBe(0);
    expect(inUseRatio(20480, 16384)).toBeCloseTo(0.8);
    expect(inUseRatio(100, 200)).toBe(1);
  });
});
