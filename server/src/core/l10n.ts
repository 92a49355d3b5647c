/**
 * The one message catalog of the server and the CLI. A UI string is written in English at its call site
 * (`msg(locale, 'Status')`, placeholders `{0}`, `{1}`) and translated in l10n/bundle.l10n.<locale>.json —
 * the same bundles the VS Code client reads through vscode.l10n. The lookup is @vscode/l10n's.
 * test/shared/l10n.test.ts fails on a message missing in a bundle. Adding a language = adding a bundle here
 * and to `Locale`.
 *
 * Knowledge entries are data, not UI: their bilingual fields (`title` / `title_zh`, …) are read through
 * `localized()`.
 */
import * as l10n from '@vscode/l10n';
import zhCn from '../../../l10n/bundle.l10n.zh-cn.json';

export type Locale = 'en' | 'zh-cn';
export const LOCALES: readonly Locale[] = ['en', 'zh-cn'];

/** Translations per locale; English is the key itself. */
const BUNDLES: Record<Locale, Record<string, string>> = { en: {}, 'zh-cn': zhCn };

/** A message in every locale (lint problems carry both, the front end picks one). */
export interface Text {
  en: string;
  zh: string;
}

/** A placeholder value; a Text argument is shown in the message's locale. */
export type Arg = string | number | Text;

let configured: Locale | undefined;

/** The message in `locale`, its `{n}` placeholders replaced by `args`. */
export function msg(locale: Locale, message: string, ...args: Arg[]): string {
  if (configured !== locale) {
    l10n.config({ contents: BUNDLES[locale] });
    configured = locale;
  }
  return l10n.t(message, ...args.map((a) => (typeof a === 'object' ? inLocale(a, locale) : a)));
}

/**
 * A message that depends on a count: `one` when the count is 1, else `other` (English plural forms; a
 * bundle translates each form, a language without plurals maps both to one text). `{0}` is the count.
 */
export function plural(locale: Locale, count: number, one: string, other: string, ...args: Arg[]): string {
  return count === 1 ? msg(locale, one, count, ...args) : msg(locale, other, count, ...args);
}

/** The message in both locales. */
export function bilingual(message: string, ...args: Arg[]): Text {
  return { en: msg('en', message, ...args), zh: msg('zh-cn', message, ...args) };
}

/** One of a Text's locales. */
export function inLocale(text: Text, locale: Locale): string {
  return locale === 'zh-cn' ? text.zh : text.en;
}

/**
 * A knowledge-data field in `locale`: the `<field>_zh` twin in zh-cn when the object has one, else the
 * field itself (entries, lint problems and fixes keep `x` / `x_zh` pairs).
 */
export function localized<T extends object>(obj: T, field: keyof T & string, locale: Locale): string {
  const record = obj as Record<string, unknown>;
  const zh = record[`${field}_zh`];
  return String(locale === 'zh-cn' && typeof zh === 'string' ? zh : (record[field] ?? ''));
}

/** 'zh', 'zh-cn', 'zh-CN', 'zh-Hans' → zh-cn; anything else → en. */
export function normalizeLocale(value: string | undefined): Locale {
  return value && value.toLowerCase().startsWith('zh') ? 'zh-cn' : 'en';
}
