import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import type { Me } from '../../shared/schemas/auth.ts';
import { setCsrfToken, trpc } from '../lib/trpc.ts';
import { Button } from '../ui/Button.tsx';
import styles from './Shell.module.css';

export function Shell({ me, children }: { me: Me; children: ReactNode }) {
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: async () => {
        setCsrfToken(null);
        // Drops every cached answer and asks auth.me again, which now leads to sign-in.
        await queryClient.resetQueries();
      },
    }),
  );
  const who = me.user?.name ?? me.apiKey?.name ?? '';
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
          {me.role === 'admin' && (
            <NavLink to="/settings/api-keys" className={({ isActive }) => (isActive ? styles.active : undefined)}>
              API keys
            </NavLink>
          )}
        </nav>
        <div className={styles.user}>
          <span>
            {who} <span className={styles.role}>{me.role}</span>
          </span>
          <Button variant="ghost" pending={logout.isPending} onClick={() => logout.mutate()}>
            Sign out
          </Button>
        </div>
      </header>
      <main id="main" className={styles.main}>
        {children}
      </main>
    </div>
  );
}
