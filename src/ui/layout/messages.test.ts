import { describe, expect, it } from 'vitest';
import { MESSAGE_TYPE_NAMES } from '../../raft/types';
import { LEGEND_FAMILIES, displayProgress, messageProgress, messageStyle, pickDrawnMessages, pointOnLink } from './messages';

describe('messageProgress', () => {
  it('runs from 0 at send to 1 at delivery and clamps outside', () => {
    expect(messageProgress(100, 300, 50)).toBe(0);
    expect(messageProgress(100, 300, 100)).toBe(0);
    expect(messageProgress(100, 300, 200)).toBe(0.5);
    expect(messageProgress(100, 300, 300)).toBe(1);
    expect(messageProgress(100, 300, 999)).toBe(1);
  });
  it('treats zero-latency messages as a jump', () => {
    expect(messageProgress(100, 100, 99)).toBe(0);
    expect(messageProgress(100, 100, 100)).toBe(1);
  });
});

describe('pointOnLink', () => {
  const a = { x: 0, y: 0 };
  const b = { x: 100, y: 0 };
  it('starts and ends at the body edges, not the centres', () => {
    expect(pointOnLink(a, b, 0, 10)).toEqual({ x: 10, y: 0 });
    expect(pointOnLink(a, b, 1, 10)).toEqual({ x: 90, y: 0 });
    expect(pointOnLink(a, b, 0.5, 10)).toEqual({ x: 50, y: 0 });
  });
  it('keeps the two directions of a link in separate lanes', () => {
    const there = pointOnLink(a, b, 0.5, 10, 6);
    const back = pointOnLink(b, a, 0.5, 10, 6);
    expect(there.x).toBeCloseTo(back.x);
    expect(Math.abs(there.y - back.y)).toBeCloseTo(12);
  });
  it('survives coincident endpoints', () => {
    expect(pointOnLink(a, a, 0.5, 10)).toEqual(a);
  });
});

describe('displayProgress', () => {
  it('holds messages half way with reduced motion', () => {
    expect(displayProgress(0.1, true)).toBe(0.5);
    expect(displayProgress(0.1, false)).toBe(0.1);
  });
});

describe('messageStyle', () => {
  it('gives every raft message type a family and glyph, responses hollow', () => {
    for (const name of Object.values(MESSAGE_TYPE_NAMES)) {
      const s = messageStyle(name);
      expect(s.glyph).toBeTruthy();
      expect(s.response).toBe(name.endsWith('Resp'));
    }
  });
  it('maps the main types to distinct glyphs', () => {
    const glyphs = new Set(LEGEND_FAMILIES.map((f) => messageStyle(f.type).glyph));
    expect(glyphs.size).toBe(LEGEND_FAMILIES.length);
    expect(messageStyle('MsgApp').family).toBe('append');
    expect(messageStyle('MsgAppResp')).toMatchObject({ family: 'append', response: true });
    expect(messageStyle('MsgPreVoteResp').family).toBe('prevote');
    expect(messageStyle('MsgVote').family).toBe('vote');
    expect(messageStyle('MsgHeartbeat').family).toBe('heartbeat');
    expect(messageStyle('MsgReadIndex').family).toBe('readindex');
    expect(messageStyle('MsgTimeoutNow').family).toBe('other');
  });
});

describe('pickDrawnMessages', () => {
  const msg = (id: number, from: number, to: number) => ({ id, from, to });
  it('returns the same array when everything fits', () => {
    const ms = [msg(1, 1, 2), msg(2, 2, 1)];
    expect(pickDrawnMessages(ms, 2)).toBe(ms);
  });
  it('takes links in turn, earliest first within a link, up to the limit', () => {
    // Link 1>2 is busy (5 messages), 1>3 and 3>1 have one each.
    const ms = [msg(1, 1, 2), msg(2, 1, 2), msg(3, 1, 3), msg(4, 1, 2), msg(5, 3, 1), msg(6, 1, 2), msg(7, 1, 2)];
    const got = pickDrawnMessages(ms, 4).map((m) => m.id);
    expect(got).toEqual([1, 3, 5, 2]);
    expect(pickDrawnMessages(ms, 6).map((m) => m.id).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
