import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// prefsStore reads localStorage when the module loads, so each test imports a fresh copy.
class MemStorage {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

describe('preferences are remembered', () => {
  let storage: MemStorage;
  beforeEach(() => {
    storage = new MemStorage();
    vi.stubGlobal('localStorage', storage);
    vi.resetModules();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('writes the language, motion and projector choices and reads them back', async () => {
    const a = await import('./prefsStore');
    a.setLang('zh-CN');
    a.toggleProjector();
    a.toggleReducedMotion();
    expect(storage.data.get(a.STORAGE_KEYS.lang)).toBe('zh-CN');
    expect(storage.data.get(a.STORAGE_KEYS.projector)).toBe('on');
    expect(storage.data.get(a.STORAGE_KEYS.reducedMotion)).toBe('on');

    vi.resetModules();
    const b = await import('./prefsStore');
    const s = b.prefsStore.getState();
    expect(s.lang).toBe('zh-CN');
    expect(s.projector).toBe(true);
    expect(b.effectiveReducedMotion(s)).toBe(true);
  });

  it('follows the system reduced-motion setting until the user chooses', async () => {
    const p = await import('./prefsStore');
    expect(p.prefsStore.getState().reducedMotion).toBeNull();
    p.setSystemReducedMotion(true);
    expect(p.effectiveReducedMotion(p.prefsStore.getState())).toBe(true);
    p.toggleReducedMotion();
    expect(p.effectiveReducedMotion(p.prefsStore.getState())).toBe(false);
    p.setSystemReducedMotion(true);
    expect(p.effectiveReducedMotion(p.prefsStore.getState())).toBe(false);
  });

  it('toggles the language both ways and ignores junk in storage', async () => {
    storage.setItem('etcdscope.lang', 'klingon');
    const p = await import('./prefsStore');
    expect(p.prefsStore.getState().lang).toBe('en');
    p.toggleLang();
    expect(p.prefsStore.getState().lang).toBe('zh-CN');
    p.toggleLang();
    expect(p.prefsStore.getState().lang).toBe('en');
  });
});
