import * as Menu from '@radix-ui/react-dropdown-menu';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../lib/session.tsx';
import { setCsrfToken, trpc } from '../lib/trpc.ts';
import { useToast } from '../ui/Toaster.tsx';
import styles from './Shell.module.css';

/** The open menu: who is signed in, account settings for admins, and Sign out. */
export default function UserMenuPopup({
  name,
  face,
  defaultOpen,
  focusTrigger,
}: {
  name: string;
  face: ReactNode;
  defaultOpen: boolean;
  /** The stand-in button had focus: the real one takes it over. */
  focusTrigger: boolean;
}) {
  const trigger = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusTrigger && !defaultOpen) trigger.current?.focus();
    // Once, when the real menu replaces the stand-in.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const me = useSession();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const logout = useMutation(
    trpc.auth.logout.mutationOptions({
      onSuccess: async () => {
        setCsrfToken(null);
        // Forgets every answer (a revealed key, a new API key) and asks auth.me again, which now
        // leads to sign-in.
        queryClient.getMutationCache().clear();
        await queryClient.resetQueries();
        toast('success', 'You are signed out.');
      },
      onError: (error) => toast('error', `Sign out failed: ${error.message}`),
    }),
  );
  return (
    <Menu.Root defaultOpen={defaultOpen}>
      <Menu.Trigger ref={trigger} className={styles.userButton} aria-label={`Account menu for ${name}`}>
        {face}
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content className={styles.menu} align="end" sideOffset={6}>
          <Menu.Label className={styles.menuLabel}>
            Signed in as <strong>{me.user?.email ?? name}</strong>
          </Menu.Label>
          <Menu.Separator className={styles.menuSeparator} />
          {me.role === 'admin' && (
            <Menu.Item className={styles.menuItem} onSelect={() => void navigate('/settings/api-keys')}>
              API keys
            </Menu.Item>
          )}
          <Menu.Item
            className={styles.menuItem}
            disabled={logout.isPending}
            onSelect={() => logout.mutate()}
          >
            Sign out
          </Menu.Item>
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
