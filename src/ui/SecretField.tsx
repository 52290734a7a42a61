/**
 * A secret shown as dots until the user asks. Its text is not rendered at all while hidden (not in a
 * hidden element, not in an attribute), so it cannot leak through the DOM, a screenshot or a scraper.
 */
import { useState } from 'preact/hooks';
import { useT } from '../i18n';
import { enSettings } from '../i18n/en-settings';

export interface SecretFieldProps {
  /** The secret's name, e.g. "Client secret". */
  name: string;
  value: string;
  /** Where copy results are announced (one status region for the screen). */
  onCopied: (message: string) => void;
}

const MASK = '••••••••';

/** Copies a value (a secret or not) and announces the result in the screen's status region. */
export function CopyButton({ name, value, onCopied }: SecretFieldProps) {
  const t = useT(enSettings);
  const copy = async () => {
    try {
      // Throws when the host frame does not grant clipboard-write, or the API is missing.
      await navigator.clipboard.writeText(value);
      onCopied(t('settings.copied', { name }));
    } catch {
      onCopied(t('settings.copyFailed', { name }));
    }
  };
  return (
    <button type="button" aria-label={t('settings.copyNamed', { name })} onClick={copy}>
      {t('settings.copy')}
    </button>
  );
}

export function SecretField({ name, value, onCopied }: SecretFieldProps) {
  const t = useT(enSettings);
  const [shown, setShown] = useState(false);
  return (
    <div class="secret">
      <code class="value">{shown ? value : MASK}</code>
      <button type="button" aria-label={t(shown ? 'settings.hideNamed' : 'settings.revealNamed', { name })} onClick={() => setShown(!shown)}>
        {t(shown ? 'settings.hide' : 'settings.reveal')}
      </button>
      <CopyButton name={name} value={value} onCopied={onCopied} />
    </div>
  );
}
