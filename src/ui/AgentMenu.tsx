/** The signed-in agent's menu on the card: who they are, and Sign out, which asks first (it signs out every card). */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Identity } from '../shared/token-record';
import { useT } from '../i18n';
import { enCardMore } from '../i18n/en-card-more';

export function AgentMenu({ identity, onSignOut, onClose }: { identity: Identity; onSignOut?: (() => void) | undefined; onClose: () => void }) {
  const t = useT(enCardMore);
  const [confirming, setConfirming] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.querySelector<HTMLElement>('button')?.focus();
  }, [confirming]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape from any of the menu's buttons closes it
    <div
      ref={panel}
      id="agent-menu"
      class="menu"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
      }}
    >
      <p>
        <strong>{identity.username}</strong>
      </p>
      {identity.email && <p class="quiet email">{identity.email}</p>}
      {onSignOut &&
        (confirming ? (
          // biome-ignore lint/a11y/useSemanticElements: a question with its two answers, not a form's fieldset
          <div class="confirm" role="group" aria-labelledby="agent-confirm">
            <p id="agent-confirm">{t('who.confirm')}</p>
            <div class="actions">
              <button type="button" onClick={onSignOut}>
                {t('who.signOut')}
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                {t('who.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            {t('who.signOut')}
          </button>
        ))}
    </div>
  );
}
