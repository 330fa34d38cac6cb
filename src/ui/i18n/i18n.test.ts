import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';
import { createT, detectLang, interpolate, placeholders, translate } from './index';
import { describeEvent, isNarrated, pickNarration } from './events';
import type { ClusterEventKind } from '../../protocol/view';

describe('dictionaries', () => {
  it('en and zh-CN have exactly the same keys', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });
  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect([key, placeholders(zhCN[key])]).toEqual([key, placeholders(en[key])]);
    }
  });
  it('have no empty strings', () => {
    for (const [k, v] of [...Object.entries(en), ...Object.entries(zhCN)]) expect([k, v.length > 0]).toEqual([k, true]);
  });
});

describe('t', () => {
  it('interpolates named parameters and leaves unknown ones visible', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    expect(translate('en', 'member.killLabel', { member: 'n1' })).toBe('Kill n1');
    expect(createT('zh-CN')('member.killLabel', { member: 'n1' })).toBe('停止 n1');
  });
  it('detects Chinese browsers', () => {
    expect(detectLang(['zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLang(['en-US'])).toBe('en');
    expect(detectLang(['fr-FR'])).toBe('en');
    expect(detectLang(undefined)).toBe('en');
  });
});

describe('event sentences', () => {
  const names = new Map([
    [1, 'n1'],
    [2, 'n2'],
    [3, 'n3'],
  ]);
  const en_ = createT('en');
  const zh = createT('zh-CN');
  const ev = (kind: ClusterEventKind, extra: object = {}) => ({ seq: 1, tMs: 0, kind, ...extra });
  it('reads naturally in English', () => {
    expect(describeEvent(ev('became-leader', { member: 2, term: 3 }), names, en_)).toBe('n2 became leader at term 3');
    expect(describeEvent(ev('crashed', { member: 1 }), names, en_)).toBe('n1 crashed');
    expect(describeEvent(ev('isolated', { member: 3 }), names, en_)).toBe('n3 isolated from the network');
    expect(describeEvent(ev('request', { detail: 'put a 1' }), names, en_)).toBe('Client request: put a 1');
    expect(describeEvent(ev('restarted', { member: 7 }), names, en_)).toBe('n7 restarted');
    expect(describeEvent(ev('restarted', { detail: 'recovered from IndexedDB' }), names, en_)).toBe(
      'Cluster reopened: members recovered from IndexedDB',
    );
    expect(describeEvent(ev('reset', { detail: 'seed 7' }), names, en_)).toBe('Fresh cluster started (seed 7)');
    expect(describeEvent(ev('crashed', { member: 2, detail: 'disk full' }), names, en_)).toBe('n2 crashed: disk full');
  });
  it('reads naturally in Chinese', () => {
    expect(describeEvent(ev('became-leader', { member: 2, term: 3 }), names, zh)).toBe('n2 在任期 3 成为 leader');
    expect(describeEvent(ev('crashed', { member: 1 }), names, zh)).toBe('n1 崩溃');
  });
  it('covers every event kind in both languages', () => {
    const kinds: ClusterEventKind[] = [
      'became-leader',
      'became-candidate',
      'became-pre-candidate',
      'became-follower',
      'crashed',
      'restarted',
      'isolated',
      'rejoined',
      'healed',
      'request',
      'reset',
    ];
    for (const k of kinds) {
      for (const t of [en_, zh]) {
        const s = describeEvent(ev(k, { member: 1, term: 2, detail: 'x' }), names, t);
        expect(s).not.toMatch(/\{|\}|event\./);
      }
    }
  });
  it('narrates leader changes and faults but not follower churn', () => {
    expect(isNarrated('became-leader')).toBe(true);
    expect(isNarrated('crashed')).toBe(true);
    expect(isNarrated('became-follower')).toBe(false);
  });
});

describe('pickNarration', () => {
  const e = (seq: number, kind: ClusterEventKind) => ({ seq, tMs: seq, kind, member: 1, term: 1 });
  it('stays quiet about the replayed history, then reads new important events oldest first', () => {
    const history = [e(3, 'became-leader'), e(2, 'became-candidate'), e(1, 'reset')];
    const first = pickNarration(history, null);
    expect(first).toEqual({ mark: 3, fresh: [] });
    const next = [e(6, 'became-follower'), e(5, 'became-leader'), e(4, 'crashed'), ...history];
    const r = pickNarration(next, first.mark);
    expect(r.mark).toBe(6);
    expect(r.fresh.map((x) => x.seq)).toEqual([4, 5]);
  });
  it('reads at most three, the newest ones', () => {
    const many = [e(9, 'crashed'), e(8, 'crashed'), e(7, 'crashed'), e(6, 'crashed'), e(5, 'crashed')];
    expect(pickNarration(many, 4).fresh.map((x) => x.seq)).toEqual([7, 8, 9]);
  });
  it('copes with sequence numbers that restart after a reset', () => {
    expect(pickNarration([e(2, 'became-leader'), e(1, 'reset')], 40).fresh.map((x) => x.seq)).toEqual([1, 2]);
  });
  it('keeps the mark on an empty list', () => {
    expect(pickNarration([], 7)).toEqual({ mark: 7, fresh: [] });
  });
});

describe('member add', () => {
  it('names a joined member as joining, not restarting', () => {
    const names = new Map([[4, 'n4']]);
    const ev = { seq: 1, tMs: 0, kind: 'restarted' as const, member: 4, detail: 'joined' };
    expect(describeEvent(ev, names, createT('en'))).toBe('n4 joined the cluster (member add)');
    expect(describeEvent(ev, names, createT('zh-CN'))).toBe('n4 加入集群（member add）');
  });
});
