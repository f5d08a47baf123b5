import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createMockDb, MOCK_USERS } from '../../mocks/db.ts';
import { trpcHandlers } from '../../mocks/trpc-handlers.ts';
import { mockServer } from '../../test/setup.ts';
import SignInPage from './SignInPage.tsx';

function renderSignIn() {
  const db = createMockDb();
  mockServer.use(...trpcHandlers(db));
  let signingIn = 0;
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { mutations: { retry: false } } })}>
      <SignInPage onSigningIn={() => signingIn++} />
    </QueryClientProvider>,
  );
  return { db, user: userEvent.setup(), signingIn: () => signingIn };
}

describe('Sign in', () => {
  it('names what is missing or malformed before sending anything', async () => {
    const { user, db, signingIn } = renderSignIn();
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter an email address')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    await user.type(screen.getByLabelText('Email'), 'not-an-address');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter a valid email address')).toBeTruthy();
    expect(signingIn()).toBe(0);
    expect(db.session).toBeNull();
  });

  it('says when the email or password is wrong', async () => {
    const { user } = renderSignIn();
    await user.type(screen.getByLabelText('Email'), MOCK_USERS.admin.email);
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Email or password is incorrect.');
  });

  it('signs in with the right password', async () => {
    const { user, db, signingIn } = renderSignIn();
    await user.type(screen.getByLabelText('Email'), MOCK_USERS.admin.email.toUpperCase());
    await user.type(screen.getByLabelText('Password'), MOCK_USERS.admin.password);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(db.session).not.toBeNull());
    expect(signingIn()).toBe(1);
  });
});
