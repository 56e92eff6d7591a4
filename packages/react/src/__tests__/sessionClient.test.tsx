import { type Session, type SessionState, signInWithPassword } from '@sessionkit/core';
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../SessionProvider.js';
import { SignedIn } from '../SignedIn.js';
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
import { providing } from './providing.js';

setUpMsw();
afterEach(cleanup);
const consoleError = failOnConsoleError();

/** Records the session useSessionClient() gives it, render by render. */
function Client({ seen }: { seen: Session[] }) {
  seen.push(useSessionClient());
  return null;
}

/** Counts its renders; reads nothing but the session. */
function SignOutButton({ onRender }: { onRender: () => void }) {
  onRender();
  const session = useSessionClient();
  return (
    <button type="button" onClick={() => session.signOut({ revoke: false })}>
      Sign out
    </button>
  );
}

/**
 * Signs Alice in with a flow, given the session from the provider; shows the flow's result and
 * hands the test the flow's promise (`started`) so that it can wait for it inside act().
 */
function SignInButton({ started }: { started: (flow: Promise<void>) => void }) {
  const session = useSessionClient();
  const [result, setResult] = useState('');
  const signIn = async () => {
    const step = await signInWithPassword(session, ALICE.username, ALICE.password);
    setResult(step.status);
  };
  return (
    <button type="button" onClick={() => started(signIn())}>
      Sign in{result && `: ${result}`}
    </button>
  );
}

function Greeting() {
  const user = useUser();
  return <p>{user ? `Hello, ${user.email} at ${user['custom:tenant']}` : 'nobody'}</p>;
}

/** Listens to `refreshed` for as long as it is mounted. */
function RefreshLog({ onRefreshed }: { onRefreshed: () => void }) {
  const session = useSessionClient();
  useEffect(() => session.on('refreshed', onRefreshed), [session, onRefreshed]);
  return null;
}

describe('useSessionClient()', () => {
  it('returns the session of the nearest <SessionProvider>, the same one on every render', () => {
    const outer = startSession();
    const inner = startSession();
    const seen = { outer: [] as Session[], inner: [] as Session[] };
    const app = () => (
      <SessionProvider session={outer}>
        <Client seen={seen.outer} />
        <SessionProvider session={inner}>
          <Client seen={seen.inner} />
        </SessionProvider>
      </SessionProvider>
    );
    const view = render(app());
    view.rerender(app());

    expect(seen.outer).toHaveLength(2);
    for (const session of seen.outer) expect(session).toBe(outer);
    expect(seen.inner).toHaveLength(2);
    for (const session of seen.inner) expect(session).toBe(inner);
  });

  it('never re-renders a component by itself, whatever the state does', async () => {
    const pool = await startPool();
    const session = startSession();
    let renders = 0;
    render(
      <SessionProvider session={session}>
        <SignOutButton onRender={() => renders++} />
      </SessionProvider>,
    );
    await act(() => session.ready);
    await act(async () => void (await session.setTokens(await pool.issueTokens(ALICE.username))));
    await act(async () => void (await session.refresh()));
    await act(async () => screen.getByRole('button', { name: 'Sign out' }).click());

    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(renders).toBe(1);
  });

  it('throws an error that names <SessionProvider> outside one', () => {
    // React reports the render error on the console and as a window error event (which jsdom
    // prints) as well; both are expected here.
    consoleError.spy.mockImplementation(() => {});
    const quiet = (event: ErrorEvent) => event.preventDefault();
    window.addEventListener('error', quiet);
    try {
      expect(() => renderHook(() => useSessionClient())).toThrow(
        '@sessionkit/react: useSessionClient, useSession, useUser, useAccessToken, <SignedIn> ' +
          'and <SignedOut> must be used inside <SessionProvider session={session}>. ' +
          'Wrap your app in it.',
      );
    } finally {
      window.removeEventListener('error', quiet);
      consoleError.spy.mockClear();
    }
  });

  it('hands the flows their session: signInWithPassword(session, username, password)', async () => {
    const pool = await startPool();
    const session = startSession();
    let flow: Promise<void> | undefined;
    render(
      <SessionProvider session={session}>
        <SignInButton started={(started) => (flow = started)} />
        <SignedIn>
          <Greeting />
        </SignedIn>
      </SessionProvider>,
    );
    await act(() => session.ready);
    expect(screen.queryByText(/^Hello/)).toBeNull();

    await act(async () => screen.getByRole('button', { name: 'Sign in' }).click());
    expect(flow).toBeInstanceOf(Promise);
    await act(async () => await flow);
    expect(screen.getByRole('button', { name: 'Sign in: signedIn' })).toBeTruthy();

    expect(pool.requests.map((request) => request.operation)).toContain('InitiateAuth');
    expect(session.getState().status).toBe('signedIn');
    expect(screen.getByText(`Hello, ${ALICE.email} at ${ALICE.tenant}`)).toBeTruthy();
  });

  it("stops an event handler through on()'s unsubscribe, returned as the effect's clean-up", async () => {
    const pool = await startPool();
    const session = startSession();
    await session.setTokens(await pool.issueTokens(ALICE.username));
    const refreshed = vi.fn();
    const view = render(
      <SessionProvider session={session}>
        <RefreshLog onRefreshed={refreshed} />
      </SessionProvider>,
    );

    await act(async () => void (await session.refresh()));
    expect(refreshed).toHaveBeenCalledTimes(1);

    view.unmount();
    await session.refresh();
    expect(refreshed).toHaveBeenCalledTimes(1);
    expect(
      pool.requests.filter((request) => request.operation === 'GetTokensFromRefreshToken'),
    ).toHaveLength(2);
  });
});

describe('useSession() returns the state only', () => {
  it('is session.getState() itself while loading, signed in and signed out, no actions added', async () => {
    const pool = await startPool();
    const session = startSession(await storageWithAlice(pool));
    const { result } = renderHook(() => useSession(), { wrapper: providing(session) });
    const states: SessionState[] = [];
    const record = () => {
      expect(result.current).toBe(session.getState());
      states.push(result.current);
    };

    record();
    await act(() => session.ready);
    record();
    await act(() => session.signOut({ revoke: false }));
    record();

    expect(states.map((state) => state.status)).toEqual(['loading', 'signedIn', 'signedOut']);
    expect(states[0]).toEqual({ status: 'loading' });
    expect(states[2]).toEqual({ status: 'signedOut', reason: 'user' });
    for (const state of states) {
      expect(state).not.toHaveProperty('signOut');
      expect(state).not.toHaveProperty('refresh');
    }
    const signedIn = states[1] as Extract<SessionState, { status: 'signedIn' }>;
    expect(Object.keys(signedIn).sort()).toEqual(
      [
        'accessClaims',
        'clockSkewMs',
        'error',
        'expired',
        'expiresAt',
        'hasRefreshToken',
        'refreshAt',
        'refreshing',
        'status',
        'tokens',
        'user',
      ].sort(),
    );
    expect(signedIn.user.email).toBe(ALICE.email);
    // The refresh token stays inside the session: the hook hands out none.
    expect(Object.keys(signedIn.tokens).sort()).toEqual(['accessToken', 'idToken']);
    expect(signedIn.hasRefreshToken).toBe(true);
  });
});
