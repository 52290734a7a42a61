/** Who is signed in, on the settings page: name, email, roles and groups, and Sign out. */
import type { Identity, Named } from '../shared/token-record';
import { useT } from '../i18n';
import { enSettings } from '../i18n/en-settings';

function NamedList({ items }: { items: Named[] }) {
  const t = useT(enSettings);
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

export function IdentityDetails({ identity, onSignOut }: { identity: Identity; onSignOut: () => void }) {
  const t = useT(enSettings);
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
      <button type="button" class="link" onClick={onSignOut}>
        {t('who.signOut')}
      </button>
    </div>
  );
}
