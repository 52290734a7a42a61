/**
 * The app speaks English and Japanese. The language is chosen per page from the signed-in user's
 * Infobip locale (their own choice), else the browser's, and handed down through a context.
 * English is built in; Japanese is a separate chunk fetched only by those who read it, so nobody
 * downloads a catalogue they will never see.
 */
import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import { en, type MessageKey, type Messages } from './en';

export type { MessageKey, Messages } from './en';

export type Locale = 'en' | 'ja';
export type Params = Record<string, string | number>;

/** Translates a key; also says which language it speaks, for Intl formatting. */
export interface Translate {
  (key: MessageKey, params?: Params): string;
  readonly locale: Locale;
  /** The same language, able to speak the English `parts` its caller imports beside it. */
  with(...parts: Partial<Messages>[]): Translate;
}

const supported = (tag: string | undefined): Locale | undefined => {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return language === 'ja' || language === 'en' ? language : undefined;
};

/** The token's `locale` (e.g. `ja-JP`) wins; a language we do not have falls through to the browser's. */
export function pickLocale(tokenLocale?: string, navigatorLanguage?: string): Locale {
  return supported(tokenLocale) ?? supported(navigatorLanguage) ?? 'en';
}

/** Other languages come whole, fetched once by those who read them. */
const loaded: Partial<Record<Locale, Messages>> = {};

/** Fetches a language's catalogue (once); afterwards createT(locale) speaks it. */
export async function loadT(locale: Locale, ...parts: Partial<Messages>[]): Promise<Translate> {
  if (locale !== 'en') loaded[locale] ??= await import('./ja').then((m) => m.ja);
  return createT(locale, ...parts);
}

/**
 * In tests a string the catalogue cannot give in full is an error, so no screen ships a key or a
 * `{name}`; elsewhere the key or the placeholder shows. A constant, so the build drops the test's branch.
 */
const STRICT = import.meta.env.MODE === 'test';
function incomplete(problem: string): never {
  throw new Error(problem);
}

/**
 * Synchronous: a language not loaded yet (see loadT) is spoken in English meanwhile, and says so in
 * `locale`. English is the core every page has plus the `parts` the caller names: each screen imports
 * the words it shows, so none depends on another chunk having loaded first.
 */
export function createT(locale: Locale, ...parts: Partial<Messages>[]): Translate {
  const other = locale === 'en' ? undefined : loaded[locale];
  if (locale !== 'en' && !other) return createT('en', ...parts);
  const messages: Partial<Messages> = other ?? Object.assign({}, en, ...parts);
  // One pass, so a parameter's value (server text) is never itself read as a placeholder.
  const t = (key: MessageKey, params?: Params) =>
    (messages[key] ?? (STRICT ? incomplete(`No words for "${key}" in ${locale}: import its part where it is used.`) : key)).replace(
      /\{(\w+)\}/g,
      (whole, name: string) => (params && name in params ? String(params[name]) : STRICT ? incomplete(`"${key}" needs {${name}}.`) : whole),
    );
  return Object.assign(t, { locale: other ? locale : 'en', with: (...more: Partial<Messages>[]) => createT(locale, ...parts, ...more) });
}

/** For a provider: the locale's Translate, loading its catalogue if needed (English until it arrives). */
export function useTranslate(locale: Locale): Translate {
  const [arrivals, setArrivals] = useState(0);
  useEffect(() => {
    if (locale !== 'en' && !loaded[locale])
      loadT(locale).then(
        () => setArrivals((n) => n + 1),
        () => {},
      );
  }, [locale]);
  return useMemo(() => createT(locale), [locale, arrivals]);
}

/** English until a provider says otherwise, so a screen rendered alone still reads properly. */
export const I18nContext = createContext<Translate>(createT('en'));

/** The page's language, speaking the English `parts` the calling component imports. */
export function useT(...parts: Partial<Messages>[]): Translate {
  const t = useContext(I18nContext);
  // The parts are the caller's module constants: the same objects on every render.
  return useMemo(() => (parts.length ? t.with(...parts) : t), [t]);
}
