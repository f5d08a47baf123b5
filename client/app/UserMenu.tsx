import { useRef, useState } from 'react';
import { preloadable, useOnDemand } from '../lib/preloadable.ts';
import { useSession } from '../lib/session.tsx';
import styles from './Shell.module.css';

// The menu's code (Radix menu, positioning) is not part of the first screen: it loads when the
// pointer or focus reaches the button, and the click that wanted it opens it once it is there.
const popupModule = preloadable(() => import('./UserMenuPopup.tsx'));

/** The account button in the top bar; opens who is signed in, API keys (admins) and Sign out. */
export function UserMenu() {
  const me = useSession();
  const { value: Popup, load } = useOnDemand(popupModule);
  const [openWhenLoaded, setOpenWhenLoaded] = useState(false);
  const focused = useRef(false); // the swap to the real menu keeps keyboard focus where it was
  const name = me.user?.name ?? me.apiKey?.name ?? '';
  const initials = name
    .split(/\s+/)
    .map((part) => part[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const face = (
    <>
      <span className={styles.avatar} aria-hidden="true">
        {initials}
      </span>
      <span className={styles.userName}>{name}</span>
      <span className={styles.role}>{me.role}</span>
    </>
  );
  if (Popup) return <Popup name={name} face={face} defaultOpen={openWhenLoaded} focusTrigger={focused.current} />;

  const open = () => {
    setOpenWhenLoaded(true);
    load();
  };
  return (
    <button
      type="button"
      className={styles.userButton}
      aria-label={`Account menu for ${name}`}
      aria-haspopup="menu"
      aria-expanded={false}
      onPointerEnter={load}
      onFocus={() => {
        focused.current = true;
        load();
      }}
      onBlur={() => (focused.current = false)}
      // Whichever comes first: a press that lands before the code does still opens the menu.
      onPointerDown={open}
      onClick={open}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown') open();
      }}
    >
      {face}
    </button>
  );
}
