import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

describe('shortcutFor', () => {
  it('maps the documented keys', () => {
    expect(shortcutFor({ key: ' ', targetTag: 'body' })).toBe('toggle-pause');
    expect(shortcutFor({ key: '?', targetTag: 'body' })).toBe('toggle-help');
    expect(shortcutFor({ key: 'l', targetTag: 'div' })).toBe('toggle-lang');
    expect(shortcutFor({ key: 'L', targetTag: 'div' })).toBe('toggle-lang');
    expect(shortcutFor({ key: 'm' })).toBe('toggle-motion');
    expect(shortcutFor({ key: 'p' })).toBe('toggle-projector');
    expect(shortcutFor({ key: '[' })).toBe('slower');
    expect(shortcutFor({ key: ']' })).toBe('faster');
    expect(shortcutFor({ key: '/' })).toBe('focus-console');
    expect(shortcutFor({ key: 'r' })).toBe('toggle-record');
    expect(shortcutFor({ key: 'R' })).toBe('toggle-record');
    expect(shortcutFor({ key: 'e' })).toBe('export-run');
    expect(shortcutFor({ key: 'i' })).toBe('import-run');
    expect(shortcutFor({ key: 'r', targetTag: 'input' })).toBeNull();
    expect(shortcutFor({ key: 'r', ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: 'x' })).toBeNull();
  });
  it('never fires while typing', () => {
    for (const tag of ['INPUT', 'textarea', 'select']) {
      expect(shortcutFor({ key: 'l', targetTag: tag })).toBeNull();
      expect(shortcutFor({ key: ' ', targetTag: tag })).toBeNull();
    }
    expect(shortcutFor({ key: 'l', targetTag: 'div', targetEditable: true })).toBeNull();
  });
  it('leaves Space to buttons and links, and modified keys to the browser', () => {
    expect(shortcutFor({ key: ' ', targetTag: 'BUTTON' })).toBeNull();
    expect(shortcutFor({ key: ' ', targetTag: 'div', targetRole: 'button' })).toBeNull();
    expect(shortcutFor({ key: 'l', ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: 'l', metaKey: true })).toBeNull();
  });
});
