import { NavLink, Outlet, useNavigation } from 'react-router';
import { useSession } from '../lib/session.tsx';
import styles from './Shell.module.css';
import { UserMenu } from './UserMenu.tsx';

/** The signed-in frame: top bar with navigation and the user menu, and the current screen. */
export function Shell() {
  const me = useSession();
  const loading = useNavigation().state === 'loading';
  return (
    <div className={styles.shell}>
      <a href="#main" className={styles.skip}>
        Skip to content
      </a>
      <header className={styles.topbar}>
        <div className={styles.brand}>
          <span className={styles.logo} aria-hidden="true" />
          <span>Web chat</span>
        </div>
        <nav aria-label="Console" className={styles.nav}>
          <NavLink to="/widgets" className={({ isActive }) => (isActive ? styles.active : undefined)}>
            Widgets
          </NavLink>
          <NavLink to="/tickets" className={({ isActive }) => (isActive ? styles.active : undefined)}>
            Tickets
          </NavLink>
          {me.role === 'admin' && import.meta.env.MODE === 'demo' && (
            <NavLink to="/try-widget" className={({ isActive }) => (isActive ? styles.active : undefined)}>
              Try the widget
            </NavLink>
          )}
          {me.role === 'admin' && (
            <NavLink to="/settings/api-keys" className={({ isActive }) => (isActive ? styles.active : undefined)}>
              API keys
            </NavLink>
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
