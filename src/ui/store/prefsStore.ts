// Display preferences, remembered in localStorage: language, reduced motion, projector mode.
import { createStore } from 'zustand/vanilla';
import { detectLang, isLang, type Lang } from '../i18n';

export interface PrefsState {
  lang: Lang;
  /** The user's explicit choice; null follows the operating system's prefers-reduced-motion. */
  reducedMotion: boolean | null;
  systemReducedMotion: boolean;
  projector: boolean;
  helpOpen: boolean;
  /** The member shown in the inspector (not remembered across reloads). */
  selected: number | null;
  /** Event log shows only leader changes, faults and recoveries. */
  keyEventsOnly: boolean;
}

export const STORAGE_KEYS = {
  lang: 'etcdscope.lang',
  reducedMotion: 'etcdscope.reducedMotion',
  projector: 'etcdscope.projector',
} as const;

interface KV {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
}

function storage(): KV | null {
  try {
    const s = (globalThis as { localStorage?: KV }).localStorage;
    return s ?? null;
  } catch {
    return null;
  }
}

function read(k: string): string | null {
  try {
    return storage()?.getItem(k) ?? null;
  } catch {
    return null;
  }
}

function write(k: string, v: string): void {
  try {
    storage()?.setItem(k, v);
  } catch {
    // Private mode or a full quota: the preference just is not remembered.
  }
}

function systemPrefersReducedMotion(): boolean {
  try {
    return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  } catch {
    return false;
  }
}

export function loadPrefs(): PrefsState {
  const storedLang = read(STORAGE_KEYS.lang);
  const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
  const lang = isLang(storedLang) ? storedLang : detectLang(nav?.languages ?? (nav?.language ? [nav.language] : []));
  const rm = read(STORAGE_KEYS.reducedMotion);
  return {
    lang,
    reducedMotion: rm === 'on' ? true : rm === 'off' ? false : null,
    systemReducedMotion: systemPrefersReducedMotion(),
    projector: read(STORAGE_KEYS.projector) === 'on',
    helpOpen: false,
    selected: null,
    keyEventsOnly: false,
  };
}

export const prefsStore = createStore<PrefsState>()(() => loadPrefs());

export function setLang(lang: Lang): void {
  prefsStore.setState({ lang });
  write(STORAGE_KEYS.lang, lang);
}

export function toggleLang(): void {
  setLang(prefsStore.getState().lang === 'en' ? 'zh-CN' : 'en');
}

export function effectiveReducedMotion(s: PrefsState): boolean {
  return s.reducedMotion ?? s.systemReducedMotion;
}

export function toggleReducedMotion(): void {
  const next = !effectiveReducedMotion(prefsStore.getState());
  prefsStore.setState({ reducedMotion: next });
  write(STORAGE_KEYS.reducedMotion, next ? 'on' : 'off');
}

export function setSystemReducedMotion(v: boolean): void {
  prefsStore.setState({ systemReducedMotion: v });
}

export function toggleProjector(): void {
  const next = !prefsStore.getState().projector;
  prefsStore.setState({ projector: next });
  write(STORAGE_KEYS.projector, next ? 'on' : 'off');
}

export function setHelpOpen(open: boolean): void {
  prefsStore.setState({ helpOpen: open });
}

/** Speeds offered by the speed control, slowest first. */
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 4] as const;

export function nearestSpeedIndex(speed: number): number {
  let best = 0;
  for (let i = 1; i < SPEEDS.length; i++) {
    if (Math.abs(Math.log(SPEEDS[i] / speed)) < Math.abs(Math.log(SPEEDS[best] / speed))) best = i;
  }
  return best;
}

export function stepSpeed(current: number, dir: 1 | -1): number {
  const i = nearestSpeedIndex(current);
  return SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, i + dir))];
}

export function selectMember(id: number | null): void {
  prefsStore.setState((s) => ({ selected: s.selected === id ? null : id }));
}

export function toggleKeyEventsOnly(): void {
  prefsStore.setState((s) => ({ keyEventsOnly: !s.keyEventsOnly }));
}
