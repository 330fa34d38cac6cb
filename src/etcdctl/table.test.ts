import { describe, expect, it } from 'vitest';
import { renderTable } from './table';
import { tabwrite } from './tabwriter';
import { humanizeBytes } from './printCluster';

describe('tablewriter and tabwriter', () => {
  it('renders etcdctl member list -w table', () => {
    expect(renderTable(['ID', 'Status', 'Name'], [['1a20d890be0dc40b', 'started', 'm1'], ['dc13f8ef4002152f', 'unstarted', '']])).toBe(
      [
        '+------------------+-----------+------+',
        '|        ID        |  STATUS   | NAME |',
        '+------------------+-----------+------+',
        '| 1a20d890be0dc40b |   started |   m1 |',
        '| dc13f8ef4002152f | unstarted |      |',
        '+------------------+-----------+------+',
        '',
      ].join('\n'),
    );
  });
  it('aligns tab-separated columns with tabs', () => {
    expect(tabwrite('\ta\tx\n\tlonger-name\ty\n')).toBe('\ta\t\tx\n\tlonger-name\ty\n');
  });
  it('humanizes sizes like go-humanize', () => {
    expect(humanizeBytes(20480)).toBe('20 kB');
    expect(humanizeBytes(2400000)).toBe('2.4 MB');
    expect(humanizeBytes(5)).toBe('5 B');
  });
});
