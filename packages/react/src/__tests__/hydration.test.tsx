import type { Session } from '@sessionkit/core';
import { act } from '@testing-library/react';
import type { ReactNode } from 'react';
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, expect, it } from 'vitest';
import { SessionProvider } from '../SessionProvider.js';
import { EveryHook } from './EveryHook.js';
import { ALICE, failOnConsoleError, setUpMsw, startPool, startSession } from './harness.js';

setUpMsw();
const consoleError = failOnConsoleError();

let root: Root | null = null;
afterEach(() => {
  act(() => root?.unmount());
  root = null;
  document.body.innerHTML = '';
});

/** Server-renders `app`, then hydrates that HTML in this DOM; returns what React reported. */
async function serverRenderThenHydrate(app: ReactNode) {
  const container = document.createElement('div');
  container.innerHTML = renderToString(app);
  document.body.append(container);
  const serverNode = container.querySelector('#status') ?? container.firstChild;
  const recoverableErrors: unknown[] = [];
  await act(async () => {
    root = hydrateRoot(container, app, {
      onRecoverableError: (error) => recoverableErrors.push(error),
    });
  });
  return { container, serverNode, recoverableErrors };
}

/** Reads the state in render, bypassing the hooks: what the package exists to prevent. */
function Naive({ session }: { session: Session }) {
  return <p id="status">status:{session.getState().status}</p>;
}

async function signedInSession(): Promise<Session> {
  const pool = await startPool();
  const session = startSession();
  await session.setTokens(await pool.issueTokens(ALICE.username));
  return session;
}

it('hydrates the server output without a warning, then shows the signed-in user', async () => {
  // The browser already knows who is signed in: its first render must still match the server's.
  const session = await signedInSession();
  const app = (
    <SessionProvider session={session}>
      <EveryHook />
    </SessionProvider>
  );

  const { container, serverNode, recoverableErrors } = await serverRenderThenHydrate(app);

  expect(recoverableErrors).toEqual([]);
  // failOnConsoleError checks after the test that React logged nothing (no mismatch warning).
  expect(consoleError.spy).not.toHaveBeenCalled();
  // The server's nodes were kept (hydrated, not thrown away and rendered again)...
  expect(container.querySelector('#status')).toBe(serverNode);
  // ...and then updated to the client's state.
  expect(container.querySelector('#status')?.textContent).toBe('status:signedIn');
  expect(container.querySelector('#email')?.textContent).toBe(`email:${ALICE.email}`);
  expect(container.querySelector('#tenant')?.textContent).toBe(`tenant:${ALICE.tenant}`);
  expect(container.querySelector('#token')?.textContent).toBe('token:present');
  expect(container.textContent).toContain('welcome back');
});

it('hydrates without a warning for a visitor who turns out to be signed out', async () => {
  const session = startSession();
  const { container, serverNode, recoverableErrors } = await serverRenderThenHydrate(
    <SessionProvider session={session}>
      <EveryHook />
    </SessionProvider>,
  );
  await act(() => session.ready);
  expect(recoverableErrors).toEqual([]);
  expect(consoleError.spy).not.toHaveBeenCalled();
  expect(container.querySelector('#status')).toBe(serverNode);
  expect(container.querySelector('#status')?.textContent).toBe('status:signedOut');
  expect(container.textContent).toContain('please sign in');
});

it('(control) reports a mismatch for a component that reads getState() in render', async () => {
  // Proves the checks above can fail: the server rendered `loading`, the client reads the
  // signed-in state directly instead of through useSyncExternalStore's server snapshot.
  const session = await signedInSession();
  const container = document.createElement('div');
  container.innerHTML = renderToString(<p id="status">status:loading</p>);
  document.body.append(container);
  consoleError.spy.mockImplementation(() => {});
  const recoverableErrors: unknown[] = [];
  try {
    await act(async () => {
      root = hydrateRoot(container, <Naive session={session} />, {
        onRecoverableError: (error) => recoverableErrors.push(error),
      });
    });
    // React 19 reports the mismatch as a recoverable error; React 18 does that and warns too.
    expect(recoverableErrors.length).toBeGreaterThan(0);
    expect(String(recoverableErrors[0])).toMatch(/hydrat|server-rendered/i);
  } finally {
    consoleError.spy.mockClear();
  }
});
