import type { SessionState } from '@sessionkit/core';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../SessionProvider.js';
import { SignedIn } from '../SignedIn.js';
import { SignedOut } from '../SignedOut.js';
import { useAccessToken } from '../useAccessToken.js';
import { useSession } from '../useSession.js';
import { useSessionClient } from '../useSessionClient.js';
import { useUser } from '../useUser.js';
import {
  ALICE,
  failOnConsoleError,
  setUpMsw,
  startPool,
  startSession,
  storageWithAlice,
} from './harness.js';

setUpMsw();
afterEach(cleanup);
const consoleError = failOnConsoleError();

/** Renders what every hook says, and records each status it rendered with. */
function App({ statuses }: { statuses: Array<SessionState['status']> }) {
  const session = useSessionClient();
  const state = useSession();
  const user = useUser();
  const accessToken = useAccessToken();
  statuses.push(state.status);
  return (
    <>
      <p data-testid="status">{state.status}</p>
      <p data-testid="user">{user ? `${user.email} at ${user['custom:tenant']}` : 'nobody'}</p>
      <p data-testid="token">{accessToken === null ? 'no token' : 'has token'}</p>
      <SignedIn>
        <button type="button" onClick={() => session.signOut()}>
          Sign out
        </button>
      </SignedIn>
      <SignedOut>
        <p>Please sign in</p>
      </SignedOut>
    </>
  );
}

const text = (testId: string) => screen.getByTestId(testId).textContent;

describe('status through the hooks', () => {
  it('moves loading -> signedIn -> signedOut for a returning user, SignedIn/SignedOut following', async () => {
    const pool = await startPool();
    const session = startSession(await storageWithAlice(pool));
    const statuses: Array<SessionState['status']> = [];

    render(
      <SessionProvider session={session}>
        <App statuses={statuses} />
      </SessionProvider>,
    );
    expect(text('status')).toBe('loading');
    expect(text('user')).toBe('nobody');
    expect(text('token')).toBe('no token');
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(screen.queryByText('Please sign in')).toBeNull();

    await act(() => session.ready);
    expect(text('status')).toBe('signedIn');
    expect(text('user')).toBe(`${ALICE.email} at ${ALICE.tenant}`);
    expect(text('token')).toBe('has token');
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(screen.queryByText('Please sign in')).toBeNull();

    await act(async () => screen.getByRole('button', { name: 'Sign out' }).click());
    // The session is signed out at once; revoking the refresh token follows.
    await act(() =>
      vi.waitFor(() => expect(pool.requests.map((r) => r.operation)).toContain('RevokeToken')),
    );
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(text('status')).toBe('signedOut');
    expect(text('user')).toBe('nobody');
    expect(text('token')).toBe('no token');
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(screen.getByText('Please sign in')).toBeTruthy();

    expect(statuses).toEqual(['loading', 'signedIn', 'signedOut']);
  });

  it('moves loading -> signedOut -> signedIn for a new visitor who then signs in', async () => {
    const pool = await startPool();
    const session = startSession();
    const statuses: Array<SessionState['status']> = [];
    render(
      <SessionProvider session={session}>
        <App statuses={statuses} />
      </SessionProvider>,
    );
    expect(text('status')).toBe('loading');

    await act(() => session.ready);
    expect(text('status')).toBe('signedOut');
    expect(screen.getByText('Please sign in')).toBeTruthy();

    const tokens = await pool.issueTokens(ALICE.username);
    await act(() => session.setTokens(tokens));
    expect(text('status')).toBe('signedIn');
    expect(text('user')).toBe(`${ALICE.email} at ${ALICE.tenant}`);
    expect(screen.queryByText('Please sign in')).toBeNull();
    expect(statuses).toEqual(['loading', 'signedOut', 'signedIn']);
  });

  it("moves useSession()'s state with the refresh and signOut of useSessionClient()", async () => {
    const pool = await startPool();
    const session = startSession();
    await session.setTokens(await pool.issueTokens(ALICE.username));
    const wrapper = ({ children }: { children: ReactNode }) => (
      <SessionProvider session={session}>{children}</SessionProvider>
    );
    const { result } = renderHook(() => ({ client: useSessionClient(), state: useSession() }), {
      wrapper,
    });
    const { refresh, signOut } = result.current.client;
    const before = session.getState();

    await act(() => refresh());
    expect(pool.requests.map((request) => request.operation)).toContain(
      'GetTokensFromRefreshToken',
    );
    expect(session.getState()).not.toBe(before);
    expect(result.current.state).toBe(session.getState());

    await act(() => signOut({ revoke: false }));
    expect(result.current.state.status).toBe('signedOut');
    expect(pool.requests.map((request) => request.operation)).not.toContain('RevokeToken');
  });

  it('throws a clear error when a hook is used outside <SessionProvider>', () => {
    // React reports the render error on the console and as a window error event (which jsdom
    // prints) as well; both are expected here.
    consoleError.spy.mockImplementation(() => {});
    const quiet = (event: ErrorEvent) => event.preventDefault();
    window.addEventListener('error', quiet);
    try {
      const hooks: Array<() => unknown> = [
        () => useSessionClient(),
        () => useSession(),
        () => useUser(),
        () => useAccessToken(),
      ];
      for (const useHook of hooks) {
        expect(() => renderHook(useHook)).toThrow(
          /must be used inside <SessionProvider session=\{session\}>/,
        );
      }
      expect(() => render(<SignedIn>secret</SignedIn>)).toThrow(/inside <SessionProvider/);
      expect(() => render(<SignedOut>form</SignedOut>)).toThrow(/inside <SessionProvider/);
    } finally {
      window.removeEventListener('error', quiet);
      consoleError.spy.mockClear();
    }
  });
});
