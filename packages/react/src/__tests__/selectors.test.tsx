/**
 * What a component's selector may be: an inline arrow building a new object (no `isEqual`), or
 * one that reads a prop. And `useUser()`'s answer when nobody is signed in.
 */
import { act, cleanup, render, renderHook, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { useSession } from '../useSession.js';
import { useUser } from '../useUser.js';
import { ALICE, failOnConsoleError, setUpMsw, startPool, startSession } from './harness.js';
import { providing } from './providing.js';

setUpMsw();
afterEach(cleanup);
failOnConsoleError();

let statusRenders = 0;

function Status() {
  statusRenders++;
  // A new object per call: without the selection kept per state, React would see a new
  // snapshot on every read and render for ever (it throws "Maximum update depth exceeded").
  const view = useSession((state) => ({ status: state.status }));
  return <p data-testid="status">{view.status}</p>;
}

function Claim({ name }: { name: 'email' | 'cognito:username' }) {
  const value = useSession((state) => (state.status === 'signedIn' ? state.user[name] : null));
  return <p data-testid="claim">{String(value)}</p>;
}

it('useUser() is null, not undefined, while signed out and loading', async () => {
  const session = startSession();
  const { result } = renderHook(() => useUser(), { wrapper: providing(session) });
  expect(result.current).toBeNull();
  await act(() => session.ready);
  expect(session.getState().status).toBe('signedOut');
  expect(result.current).toBeNull();
});

it('an inline selector that builds a new object each call, with no isEqual, renders once per change', async () => {
  const pool = await startPool();
  const session = startSession();
  await session.ready;
  render(<Status />, { wrapper: providing(session) });
  expect(screen.getByTestId('status').textContent).toBe('signedOut');
  const before = statusRenders;
  await act(async () => {
    await session.setTokens(await pool.issueTokens(ALICE.username));
  });
  expect(screen.getByTestId('status').textContent).toBe('signedIn');
  expect(statusRenders - before).toBe(1);
});

it('a selector reading a prop follows the prop on the next render', async () => {
  const pool = await startPool();
  const session = startSession();
  await session.setTokens(await pool.issueTokens(ALICE.username));
  const { rerender } = render(<Claim name="email" />, { wrapper: providing(session) });
  expect(screen.getByTestId('claim').textContent).toBe(ALICE.email);
  rerender(<Claim name="cognito:username" />);
  expect(screen.getByTestId('claim').textContent).toBe(ALICE.username);
});
