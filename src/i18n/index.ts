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
}

const supported = (tag: string | undefined): Locale | undefined => {
  const language = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return language === 'ja' || language === 'en' ? language : undefined;
};

/** The token's `locale` (e.g. `ja-JP`) wins; a language we do not have falls through to the browser's. */
export function pickLocale(tokenLocale?: string, navigatorLanguage?: string): Locale {
  return supported(tokenLocale) ?? supported(navigatorLanguage) ?? 'en';
}

/** English arrives in parts: the core here, the sign-in and settings parts with their screens. */
const catalogs: Partial<Record<Locale, Partial<Messages>>> = { en: { ...en } };

/** Called by a lazily loaded screen for the English strings it brought along. */
export function addEnglish(part: Partial<Messages>): void {
  Object.assign(catalogs.en as Partial<Messages>, part);
}

/** Fetches a language's catalogue (once); afterwards createT(locale) speaks it. */
export async function loadT(locale: Locale): Promise<Translate> {
  catalogs[locale] ??= await import('./ja').then((m) => m.ja);
  return createT(locale);
}

/** Synchronous: a language not loaded yet (see loadT) is spoken in English meanwhile, and says so in `locale`. */
export function createT(locale: Locale): Translate {
  const messages = catalogs[locale];
  if (!messages) return createT('en');
  // One pass, so a parameter's value (server text) is never itself read as a placeholder.
  const t = (key: MessageKey, params?: Params) =>
    (messages[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
  return Object.assign(t, { locale });
}

/** For a provider: the locale's Translate, loading its catalogue if needed (English until it arrives). */
export function useTranslate(locale: Locale): Translate {
  const [loaded, setLoaded] = useState(0);
  useEffect(() => {
    if (!catalogs[locale])
      loadT(locale).then(
        () => setLoaded((n) => n + 1),
        () => {},
      );
  }, [locale]);
  return useMemo(() => createT(locale), [locale, loaded]);
}

/** English until a provider says otherwise, so a screen rendered alone still reads properly. */
export const I18nContext = createContext<Translate>(createT('en'));

export const useT = (): Translate => useContext(I18nContext);
