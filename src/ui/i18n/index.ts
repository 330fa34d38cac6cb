// Typed translation: t('event.became-leader', { member: 'n2', term: 3 }).
import { en, type MessageKey } from './en';
import { zhCN } from './zh-CN';

export type { MessageKey } from './en';
export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export type Params = Record<string, string | number | undefined>;
export type TFunction = (key: MessageKey, params?: Params) => string;

export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const dict = DICTIONARIES[lang] ?? en;
  return interpolate(dict[key] ?? en[key] ?? key, params);
}

export function createT(lang: Lang): TFunction {
  return (key, params) => translate(lang, key, params);
}

/** Placeholder names used by a template, sorted, for the dictionary parity test. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

/** Best guess from the browser's languages; anything Chinese gets zh-CN. */
export function detectLang(languages: readonly string[] | undefined): Lang {
  for (const l of languages ?? []) {
    const low = l.toLowerCase();
    if (low.startsWith('zh')) return 'zh-CN';
    if (low.startsWith('en')) return 'en';
  }
  return 'en';
}

export function isLang(v: unknown): v is Lang {
  return v === 'en' || v === 'zh-CN';
}
