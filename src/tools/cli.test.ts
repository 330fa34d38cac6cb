// The console's tool lines: which member's files they read, and what bad input answers.
import { describe, expect, test } from 'vitest';
import { isToolCall, parseToolLine } from './cli';

const call = (line: string) => {
  const r = parseToolLine(line.split(' '));
  if (!r) throw new Error('not a tool line');
  return r;
};

describe('etcd-dump-logs / etcd-dump-db lines', () => {
  test('data dirs are <member>.etcd; dump-db takes the dir or its member/snap/db', () => {
    for (const line of ['etcd-dump-logs n2.etcd', 'etcd-dump-logs -start-index=4 n2.etcd', 'etcd-dump-logs --start-index 4 n2.etcd/', 'etcd-dump-db list-bucket n2.etcd', 'etcd-dump-db iterate-bucket n2.etcd/member/snap/db key --decode']) {
      const r = call(line);
      expect(isToolCall(r) && r.member, line).toBe('n2');
    }
    expect(parseToolLine(['get', 'foo'])).toBeNull();
  });

  test('bad input gets the tool’s error and a failing exit code', () => {
    const cases: Array<[string, string, number]> = [
      ['etcd-dump-logs', 'Must provide data-dir argument (got [])', 1],
      ['etcd-dump-logs -bogus n1.etcd', 'flag provided but not defined: -bogus', 2],
      ['etcd-dump-logs -start-index=x n1.etcd', 'invalid value "x" for flag -start-index', 2],
      ['etcd-dump-logs /var/lib/etcd', 'does not exist', 1],
      ['etcd-dump-db iterate-bucket n1.etcd', 'Must provide 2 arguments (got [n1.etcd])', 1],
      ['etcd-dump-db frobnicate n1.etcd', 'unknown command "frobnicate"', 1],
    ];
    for (const [line, stderr, code] of cases) {
      const r = call(line);
      expect(isToolCall(r), line).toBe(false);
      if (isToolCall(r)) continue;
      expect(r.stderr, line).toContain(stderr);
      expect(r.exitCode, line).toBe(code);
    }
  });

  test('a stopped member’s files cannot be read', () => {
    const r = call('etcd-dump-db list-bucket n3.etcd');
    if (!isToolCall(r)) throw new Error('expected a call');
    const out = r.run(null);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('not running');
  });
});
