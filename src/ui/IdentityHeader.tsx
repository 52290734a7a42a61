/** Who is signed in, on the card: name and email, and Sign out. */
import type { Identity } from '../auth/token-record';
import { useT } from '../i18n';

export function IdentityHeader({ identity, onSignOut }: { identity: Identity; onSignOut?: () => void }) {
  const t = useT();
  return (
    <div class="who">
      <p>
        <span class="quiet">{t('who.signedInAs')}</span> <strong>{identity.username}</strong>
        {identity.email && <span class="quiet email"> {identity.email}</span>}
      </p>
      {onSignOut && <SignOutButton onSignOut={onSignOut} />}
    </div>
  );
}

export function SignOutButton({ onSignOut }: { onSignOut: () => void }) {
  const t = useT();
  return (
    <button type="button" class="link" onClick={onSignOut}>
      {t('who.signOut')}
    </button>
  );
}
