// The v2 store on its own: indexes, TTL expiry at a given time, one-shot watches, and the
// 1,000-event window that loses events for a watcher that falls behind.
import { describe, expect, test } from 'vitest';
import { EVENT_HISTORY_SIZE, V2Store, cleanPath, rfc3339 } from './store';
import { V2Error } from './errors';

describe('v2 store', () => {
  test('every change takes the next index; set replaces, update keeps createdIndex', () => {
    const s = new V2Store();
    expect(s.set('/a', '1', 0).node).toMatchObject({ key: '/a', value: '1', createdIndex: 1, modifiedIndex: 1 });
    expect(s.set('a/', '2', 0).node).toMatchObject({ createdIndex: 2, modifiedIndex: 2 });
    expect(s.set('/a', '3', 0, { prevExist: true }).node).toMatchObject({ value: '3', createdIndex: 2, modifiedIndex: 3 });
    expect(s.set('/d/e/f', 'x', 0).node.key).toBe('/d/e/f');
    expect(s.get('/d', 0).node.nodes?.[0]).toMatchObject({ key: '/d/e', dir: true });
    expect(() => s.set('/a/b', 'x', 0)).toThrow(V2Error);
    expect(cleanPath('//x/./y/../z/')).toBe('/x/z');
  });

  test('a TTL expires at the time given, with an expire event', () => {
    const s = new V2Store();
    s.set('/lease', 'v', 1000, { ttlSec: 5 });
    expect(s.get('/lease', 3000).node.ttl).toBe(3);
    expect(s.deleteExpired(5999)).toEqual([]);
    const [e] = s.deleteExpired(6000);
    expect(e).toMatchObject({ action: 'expire', node: { key: '/lease', modifiedIndex: 2 }, prevNode: { value: 'v' } });
    expect(() => s.get('/lease', 6000)).toThrow('Key not found');
    expect(rfc3339(Date.UTC(2026, 10, 25, 14, 58, 50, 677))).toBe('2026-11-25T14:58:50.677Z');
  });

  test('a watch fires once; recursive sees children; a deleted parent dir reaches a child watcher', () => {
    const s = new V2Store();
    const seen: string[] = [];
    s.watch('/svc', { recursive: true }, (e) => seen.push(`${e.action} ${e.node.key}`));
    s.set('/svc/a', '1', 0);
    s.set('/svc/b', '1', 0);
    expect(seen).toEqual(['set /svc/a']);
    s.watch('/svc/b', {}, (e) => seen.push(`${e.action} ${e.node.key}`));
    s.delete('/svc', 0, { recursive: true });
    expect(seen).toEqual(['set /svc/a', 'delete /svc']);
  });

  test('only the last 1,000 events can be watched from: an older index is cleared (401)', () => {
    const s = new V2Store();
    for (let i = 0; i < EVENT_HISTORY_SIZE + 10; i++) s.set('/k', String(i), 0);
    expect(s.historyStartIndex()).toBe(11);
    let err: V2Error | undefined;
    try {
      s.watch('/k', { sinceIndex: 3 }, () => {});
    } catch (e) {
      err = e as V2Error;
    }
    expect(err?.toJSON()).toEqual({ errorCode: 401, message: 'The event in requested index is outdated and cleared', cause: 'the requested history has been cleared [11/3]', index: 1010 });
    let got = -1;
    s.watch('/k', { sinceIndex: 11 }, (e) => (got = e.node.modifiedIndex!));
    expect(got).toBe(11);
  });
});
