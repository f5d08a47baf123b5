import { useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useNavigation } from 'react-router';
import { useSession } from '../lib/session.tsx';
import styles from './Shell.module.css';
import { UserMenu } from './UserMenu.tsx';

const NAV_ID = 'console-nav';

/**
 * The signed-in frame: top bar with navigation and the user menu, and the current screen. On a
 * narrow window the navigation folds behind a Menu button (a disclosure), so the account menu
 * keeps its place in the bar.
 */
export function Shell() {
  const me = useSession();
  const loading = useNavigation().state === 'loading';
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const nav = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    (nav.current?.querySelector<HTMLElement>('a[aria-current="page"]') ?? nav.current?.querySelector<HTMLElement>('a'))?.focus();
    const closeOutside = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!nav.current?.contains(target) && !toggle.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  const link = ({ isActive }: { isActive: boolean }) => (isActive ? styles.active : undefined);
  return (
    <div className={styles.shell}>
      <a href="#main" className={styles.skip}>
        Skip to content
      </a>
      <header
        className={styles.topbar}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && open) {
            setOpen(false);
            toggle.current?.focus();
          }
        }}
        // Tabbing on past the bar folds the menu, so it never covers where focus went.
        onBlur={(event) => {
          if (open && event.relatedTarget instanceof Node && !event.currentTarget.contains(event.relatedTarget)) setOpen(false);
        }}
      >
        <div className={styles.brand}>
          <span className={styles.logo} aria-hidden="true" />
          <span>Web chat</span>
        </div>
        <button
          ref={toggle}
          type="button"
          className={styles.menuButton}
          aria-expanded={open}
          aria-controls={NAV_ID}
          onClick={() => setOpen((o) => !o)}
        >
          <span className={styles.burger} aria-hidden="true" />
          Menu
        </button>
        <nav
          ref={nav}
          id={NAV_ID}
          aria-label="Console"
          className={styles.nav}
          data-open={open || undefined}
          onClick={(event) => {
            // A link chosen folds the menu away; focus waits on the Menu button, still in view.
            if (open && event.target instanceof Element && event.target.closest('a')) {
              setOpen(false);
              toggle.current?.focus();
            }
          }}
        >
          <NavLink to="/widgets" className={link}>
            Widgets
          </NavLink>
          <NavLink to="/tickets" className={link}>
            Tickets
          </NavLink>
          {me.role === 'admin' && import.meta.env.MODE === 'demo' && (
            <NavLink to="/try-widget" className={link}>
              Try the widget
            </NavLink>
          )}
          {me.role === 'admin' && (
            <>
              <NavLink to="/activity" className={link}>
                Activity
              </NavLink>
              <NavLink to="/settings/fields" className={link}>
                Fields
              </NavLink>
              <NavLink to="/settings/api-keys" className={link}>
                API keys
              </NavLink>
            </>
          )}
        </nav>
        <UserMenu />
      </header>
      {loading && <div className={styles.progress} role="progressbar" aria-label="Loading the next screen" />}
      <main id="main" className={styles.main} aria-busy={loading || undefined}>
        <Outlet />
      </main>
    </div>
  );
}
