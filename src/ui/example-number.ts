/** An example phone number in the agent's own country (from their browser's regional setting), for the To hint. */
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

export function exampleNumber(language: Locale, tags: readonly string[] = navigator.languages): string {
  const region = tags
    .filter((tag) => tag.split('-')[0] === language)
    .map((tag) => new Intl.Locale(tag).maximize().region)
    .find((r) => r && BY_REGION[r]);
  return BY_REGION[region ?? (language === 'ja' ? 'JP' : 'CH')] as string;
}
