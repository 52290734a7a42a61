/** The agent's own country (from their browser's regional setting) and an example phone number in a country, for the To field. */
import type { Locale } from '../i18n';

/** Reserved or fictional numbers: never anyone's real phone. */
const BY_REGION: Record<string, string> = {
  US: '+12025550143',
  CA: '+16135550143',
  GB: '+447700900123',
  AU: '+61491570156',
  JP: '+819012345678',
  DE: '+4915112345678',
  CH: '+41793026727',
};

const regionOf = (tag: string): string | undefined => {
  try {
    return new Intl.Locale(tag).region;
  } catch {
    return undefined;
  }
};

/**
 * Where the agent is, as their browser says: the region of a language tag in the page's language
 * (`en-GB`), else of any tag (`de-CH` beside `en`), else Japan for a Japanese page. A bare `en` says
 * nothing: an English-speaking agent may be anywhere, so domestic numbers need a country then.
 */
export function agentRegion(language: Locale, tags: readonly string[] = navigator.languages): string | undefined {
  const own = tags.filter((tag) => tag.split('-')[0] === language);
  return [...own, ...tags].map(regionOf).find(Boolean) ?? (language === 'ja' ? 'JP' : undefined);
}

export function exampleNumber(language: Locale, tags: readonly string[] = navigator.languages): string {
  const region = tags
    .filter((tag) => tag.split('-')[0] === language)
    .map((tag) => new Intl.Locale(tag).maximize().region)
    .find((r) => r && BY_REGION[r]);
  return BY_REGION[region ?? (language === 'ja' ? 'JP' : 'CH')] as string;
}

/** An example in `region` where we have one, else in the agent's. */
export const exampleIn = (region: string | undefined, language: Locale, tags?: readonly string[]): string =>
  (region && BY_REGION[region]) || exampleNumber(language, tags);
