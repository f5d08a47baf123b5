import '../../lib/zod-setup.ts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { loginInput, type LoginInput } from '../../../shared/schemas/auth.ts';
import { useDemo } from '../../lib/demo-context.ts';
import { setCsrfToken, trpc } from '../../lib/trpc.ts';
import { Alert } from '../../ui/Alert.tsx';
import { Button } from '../../ui/Button.tsx';
import { TextField } from '../../ui/TextField.tsx';
import styles from './SignInPage.module.css';

/** `onSigningIn` runs when the form is sent, so the caller can start loading what comes next. */
export default function SignInPage({ onSigningIn }: { onSigningIn?: () => void }) {
  const queryClient = useQueryClient();
  const demo = useDemo();
  const form = useForm<LoginInput>({ resolver: zodResolver(loginInput), defaultValues: demo?.admin ?? { email: '', password: '' } });
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: async ({ csrfToken }) => {
        setCsrfToken(csrfToken);
        await queryClient.invalidateQueries(trpc.auth.me.pathFilter());
      },
    }),
  );
  const { errors } = form.formState;

  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <div className={styles.brand} aria-hidden="true">
          <span className={styles.logo} />
          Web chat
        </div>
        <h1 className={styles.title}>Sign in to your help desk</h1>
        <p className={styles.lead}>Manage how your web chat widgets verify who your customers are.</p>
        <form
          className={styles.form}
          noValidate
          onSubmit={form.handleSubmit((values) => {
            onSigningIn?.();
            login.mutate(values);
          })}
        >
          {login.error && <Alert tone="error">{login.error.message}</Alert>}
          <TextField label="Email" type="email" autoComplete="username" autoFocus {...form.register('email')} error={errors.email?.message} />
          <TextField label="Password" type="password" autoComplete="current-password" {...form.register('password')} error={errors.password?.message} />
          <Button type="submit" variant="primary" pending={login.isPending}>
            Sign in
          </Button>
        </form>
        {demo && (
          <div className={styles.demo}>
            <p>
              Demo sign-in, filled in above: <strong>{demo.admin.email}</strong> with password <strong>{demo.admin.password}</strong>.
            </p>
            <Button
              variant="ghost"
              onClick={() => {
                onSigningIn?.();
                login.mutate(demo.agent);
              }}
            >
              Sign in as the demo agent
            </Button>
          </div>
        )}
      </div>
    </main>
  );
}
