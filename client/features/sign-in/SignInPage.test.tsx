import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { sessions } from '../../../server/store/schema.ts';
import { SEED_USERS, startTestServer } from '../../test/app.ts';
import SignInPage from './SignInPage.tsx';

async function renderSignIn() {
  const server = await startTestServer();
  let signingIn = 0;
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false } } })}>
      <SignInPage onSigningIn={() => signingIn++} />
    </QueryClientProvider>,
  );
  return { server, db: server.db, user: userEvent.setup(), signingIn: () => signingIn };
}

describe('Sign in', () => {
  it('names what is missing or malformed before sending anything', async () => {
    const { user, db, signingIn } = await renderSignIn();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter an email address')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    await user.type(screen.getByLabelText('Email'), 'not-an-address');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter a valid email address')).toBeTruthy();
    expect(signingIn()).toBe(0);
    expect(await db.select().from(sessions)).toEqual([]);
  });

  it('says when the email or password is wrong', async () => {
    const { user } = await renderSignIn();
    await user.type(screen.getByLabelText('Email'), SEED_USERS.admin.email);
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Email or password is incorrect.');
  });

  it('signs in with the right password, and the session cookie is set', async () => {
    const { user, db, server, signingIn } = await renderSignIn();
    await user.type(screen.getByLabelText('Email'), SEED_USERS.admin.email.toUpperCase());
    await user.type(screen.getByLabelText('Password'), SEED_USERS.admin.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(async () => expect(await db.select().from(sessions)).toHaveLength(1));
    expect(server.cookies.value).not.toBeNull();
    expect(signingIn()).toBe(1);
  });
});
