/** Who is signed in, on the card: a button with the agent's name that opens their menu (loaded on the first open). */
import { useRef, useState } from 'preact/hooks';
import type { Identity } from '../shared/token-record';

type Menu = typeof import('./AgentMenu').AgentMenu;

export function IdentityHeader({ identity, onSignOut }: { identity: Identity; onSignOut?: () => void }) {
  const [Menu, setMenu] = useState<Menu>();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const toggle = () => {
    if (!Menu) void import('./AgentMenu').then((m) => setMenu(() => m.AgentMenu));
    setOpen(!open);
  };
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div class="who">
      <button ref={button} type="button" class="agent" aria-expanded={open} aria-controls="agent-menu" onClick={toggle}>
        <span>{identity.username}</span>
        {/* Heard with the name, so a screen reader user knows which account without opening the menu. */}
        {identity.email && <span class="sr-only"> {identity.email}</span>}
      </button>
      {open && Menu && <Menu identity={identity} onSignOut={onSignOut} onClose={close} />}
    </div>
  );
}
