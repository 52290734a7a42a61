/** Who is signed in: always name and email; on the settings page also their roles and groups. */
import type { Identity, Named } from '../auth/token-record';
import { useT } from '../i18n';

export interface IdentityHeaderProps {
  identity: Identity;
  /** Roles and groups too (settings page). */
  detailed?: boolean;
  onSignOut?: () => void;
}

function NamedList({ items }: { items: Named[] }) {
  const t = useT();
  if (items.length === 0) return <>{t('who.none')}</>;
  return (
    <ul class="tags">
      {items.map((item) => (
        // Infobip's sample has names with stray spaces (" Manager 1").
        <li key={item.id}>{item.name.trim()}</li>
      ))}
    </ul>
  );
}

export function IdentityHeader({ identity, detailed = false, onSignOut }: IdentityHeaderProps) {
  const t = useT();
  const signOut = onSignOut && (
    <button type="button" class="link" onClick={onSignOut}>
      {t('who.signOut')}
    </button>
  );
  if (!detailed) {
    return (
      <div class="who">
        <p>
          <span class="quiet">{t('who.signedInAs')}</span> <strong>{identity.username}</strong>
          {identity.email && <span class="quiet email"> {identity.email}</span>}
        </p>
        {signOut}
      </div>
    );
  }
  return (
    <div>
      <dl class="fields">
        <dt>{t('who.user')}</dt>
        <dd>{identity.username}</dd>
        <dt>{t('who.email')}</dt>
        <dd>{identity.email}</dd>
        <dt>{t('who.roles')}</dt>
        <dd>
          <NamedList items={identity.roles} />
        </dd>
        <dt>{t('who.groups')}</dt>
        <dd>
          <NamedList items={identity.groups} />
        </dd>
      </dl>
      {signOut}
    </div>
  );
}
