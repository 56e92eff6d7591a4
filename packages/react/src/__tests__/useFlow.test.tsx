import { isSessionError, type Session, signInWithPassword } from '@sessionkit/core';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useFlow } from '../useFlow.js';
import { useUser } from '../useUser.js';
import { ALICE, failOnConsoleError, setUpMsw, startPool, startSession } from './harness.js';
import { providing } from './providing.js';

setUpMsw();
afterEach(cleanup);
failOnConsoleError();

/** A flow the test settles by hand: `(session, label) => Promise<string>`. */
function manualFlow() {
  const calls: Array<{
    session: Session;
    label: string;
    resolve: (value: string) => void;
    reject: (error: unknown) => void;
  }> = [];
  const flow = (session: Session, label: string) =>
    new Promise<string>((resolve, reject) => calls.push({ session, label, resolve, reject }));
  return { flow, calls };
}

/** Signs Alice in with useFlow and shows the flow's state and the user. */
function SignIn() {
  const signIn = useFlow(signInWithPassword);
  const user = useUser();
  return (
    <>
      <button type="button" onClick={() => signIn.run(ALICE.username, ALICE.password)}>
        sign in
      </button>
      <output data-testid="status">{signIn.status}</output>
      <output data-testid="pending">{String(signIn.pending)}</output>
      <output data-testid="result">{signIn.result?.status ?? '-'}</output>
      <output data-testid="email">{user?.email ?? '-'}</output>
    </>
  );
}

describe('useFlow', () => {
  it('runs a core flow with the provider’s session: pending, then its typed result', async () => {
    await startPool();
    const session = startSession();
    render(<SignIn />, { wrapper: providing(session) });
    expect(screen.getByTestId('status').textContent).toBe('idle');
    act(() => screen.getByRole('button').click());
    expect(screen.getByTestId('status').textContent).toBe('pending');
    expect(screen.getByTestId('pending').textContent).toBe('true');
    // SRP takes real time (WebCrypto and big integers): more than waitFor's default second here.
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('success'), {
      timeout: 15_000,
    });
    expect(screen.getByTestId('result').textContent).toBe('signedIn');
    expect(screen.getByTestId('pending').textContent).toBe('false');
    expect(screen.getByTestId('email').textContent).toBe(ALICE.email);
  });

  it('keeps a rejection in error (a SessionError with its code) and run resolves undefined', async () => {
    await startPool();
    const session = startSession();
    const { result } = renderHook(() => useFlow(signInWithPassword), {
      wrapper: providing(session),
    });
    let returned: unknown = 'not yet';
    await act(async () => {
      returned = await result.current.run(ALICE.username, 'Wr0ng-Password!');
    });
    expect(returned).toBeUndefined();
    expect(result.current.status).toBe('error');
    expect(result.current.result).toBeUndefined();
    const error = result.current.error;
    expect(isSessionError(error) && error.code).toBe('invalid_grant');
    // A new run clears the error while it is pending, and reset() goes back to idle.
    await act(async () => {
      await result.current.run(ALICE.username, ALICE.password);
    });
    expect(result.current).toMatchObject({ status: 'success', error: undefined });
    act(() => result.current.reset());
    expect(result.current).toMatchObject({ status: 'idle', result: undefined, error: undefined });
  });

  it('only the latest run counts: an overtaken run changes nothing, even when it settles last', async () => {
    const session = startSession();
    const { flow, calls } = manualFlow();
    const { result } = renderHook(() => useFlow(flow), { wrapper: providing(session) });
    let first: Promise<string | undefined> = Promise.resolve(undefined);
    let second: Promise<string | undefined> = Promise.resolve(undefined);
    act(() => {
      first = result.current.run('first');
      second = result.current.run('second');
    });
    expect(calls.map((call) => call.label)).toEqual(['first', 'second']);
    expect(calls[0]?.session).toBe(session);
    await act(async () => {
      calls[1]?.resolve('second done');
      await second;
    });
    expect(result.current).toMatchObject({ status: 'success', result: 'second done' });
    await act(async () => {
      calls[0]?.reject(new Error('late failure'));
      await first;
    });
    expect(await first).toBeUndefined();
    expect(result.current).toMatchObject({ status: 'success', result: 'second done' });
  });

  it('an overtaken run resolves undefined even when it succeeds', async () => {
    const session = startSession();
    const { flow, calls } = manualFlow();
    const { result } = renderHook(() => useFlow(flow), { wrapper: providing(session) });
    let first: Promise<string | undefined> = Promise.resolve(undefined);
    act(() => {
      first = result.current.run('first');
      void result.current.run('second');
    });
    await act(async () => {
      calls[0]?.resolve('first done');
      await first;
    });
    expect(await first).toBeUndefined();
    expect(result.current).toMatchObject({ status: 'pending', result: undefined });
  });

  it('reset() drops the run in flight, also when a new run starts before it settles', async () => {
    const session = startSession();
    const { flow, calls } = manualFlow();
    const { result } = renderHook(() => useFlow(flow), { wrapper: providing(session) });
    let dropped: Promise<string | undefined> = Promise.resolve(undefined);
    act(() => {
      dropped = result.current.run('before reset');
    });
    act(() => result.current.reset());
    expect(result.current.status).toBe('idle');
    act(() => {
      void result.current.run('after reset');
    });
    await act(async () => {
      calls[0]?.resolve('stale');
      await dropped;
    });
    expect(await dropped).toBeUndefined();
    expect(result.current).toMatchObject({ status: 'pending', result: undefined });
    await act(async () => {
      calls[1]?.resolve('fresh');
    });
    expect(result.current).toMatchObject({ status: 'success', result: 'fresh' });
  });

  it('run is stable across renders, and a run may settle after unmount without an error', async () => {
    const session = startSession();
    const { flow, calls } = manualFlow();
    const { result, rerender, unmount } = renderHook(() => useFlow(flow), {
      wrapper: providing(session),
    });
    const run = result.current.run;
    rerender();
    expect(result.current.run).toBe(run);
    let pending: Promise<string | undefined> = Promise.resolve(undefined);
    act(() => {
      pending = result.current.run('x');
    });
    unmount();
    calls[0]?.resolve('after unmount');
    // Nothing is logged (failOnConsoleError) and the caller still gets the result.
    expect(await pending).toBe('after unmount');
  });
});
