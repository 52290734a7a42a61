/**
 * The connections' own words, in the app's two languages, picked by the page's locale (useT().locale).
 * Kept apart from i18n/en.ts and ja.ts so the card loads them only with the connections; the settings
 * section's catalog is a module of its own (settings-strings.ts), so the card's chunk carries only
 * this one. `{name}` marks a parameter; parameter values (server text, admin-typed names) are never
 * read as placeholders.
 */
import { useT } from '../../i18n';

export type Catalog<K extends string> = { en: Record<K, string>; ja: Record<K, string> };

const cardEn = {
  'card.heading': 'Connections',
  'card.loadFailed': "Couldn't load the connections",
  'card.uid': 'Outbound call UID',
  'card.lookUp': 'Look up outbound call',
  'card.lookUpFailed': "Couldn't look up the call in {name}",
  'card.callEmpty': 'The answer has no fields.',
  'card.probe': 'Run probe',
  'card.probeFailed': "Couldn't run the probe on {name}",
  'card.working': 'Working…',
  'probe.result': 'HTTP {status} in {ms} ms',
  'probe.said': '{name} said:',
};

/** The card's actions, and the probe result the settings page shows too. */
export const CARD: Catalog<keyof typeof cardEn> = {
  en: cardEn,
  ja: {
    'card.heading': '外部接続',
    'card.loadFailed': '外部接続を読み込めませんでした',
    'card.uid': '発信通話の UID',
    'card.lookUp': '発信通話を検索',
    'card.lookUpFailed': '{name} で通話を検索できませんでした',
    'card.callEmpty': '応答に項目がありません。',
    'card.probe': 'プローブを実行',
    'card.probeFailed': '{name} でプローブを実行できませんでした',
    'card.working': '処理しています…',
    'probe.result': 'HTTP {status}（{ms} ミリ秒）',
    'probe.said': '{name} の応答:',
  },
};

export type Say<K extends string> = (key: K, params?: Record<string, string | number>) => string;

export function useStrings<K extends string>(catalog: Catalog<K>): Say<K> {
  const messages = catalog[useT().locale];
  // One pass, so a parameter's value is never itself read as a placeholder.
  return (key, params) => messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}
