import { NavLink } from 'react-router';
import styles from './TabNav.module.css';

/** Links between a thing's screens, drawn as tabs; the current one has aria-current="page". */
export function TabNav({ label, tabs }: { label: string; tabs: readonly { to: string; label: string }[] }) {
  return (
    <nav aria-label={label} className={styles.tabs}>
      {tabs.map((tab) => (
        <NavLink key={tab.to} to={tab.to} end>
          {tab.label}
        </NavLink>
      ))}
    </nav>
  );
}

/** A widget's tabs: its User authentication settings and its Readiness. */
export function widgetTabs(widgetId: string) {
  return [
    { to: `/widgets/${widgetId}/user-authentication`, label: 'User authentication' },
    { to: `/widgets/${widgetId}/readiness`, label: 'Readiness' },
  ] as const;
}
