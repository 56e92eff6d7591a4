// @vitest-environment node
import { cognito, createSession, memoryStorage } from '@sessionkit/core';
import { createFakeUserPool } from '@sessionkit/core/testing';
import { renderToString } from 'react-dom/server';
import { afterEach, expect, it } from 'vitest';
import { ALICE, POOL } from './harness.js';

/** What a browser has and a server must never reach for. */
const BROWSER_GLOBALS = [
  'window',
  'document',
  'navigator',
  'indexedDB',
  'localStorage',
  'sessionStorage',
  'location',
  'BroadcastChannel',
] as const;

/**
 * Replaces each browser global with a getter that records the access and returns `undefined`
 * (so even a `typeof window` check is seen). Returns the log and the function that undoes it.
 */
function watchBrowserGlobals(): { touched: string[]; release: () => void } {
  const touched: string[] = [];
  const saved = BROWSER_GLOBALS.map(
    (name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const,
  );
  for (const name of BROWSER_GLOBALS) {
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
  return {
    touched,
    release() {
      for (const [name, descriptor] of saved) {
        if (descriptor) Object.defineProperty(globalThis, name, descriptor);
        else delete (globalThis as Record<string, unknown>)[name];
      }
    },
  };
}

let release = () => {};
afterEach(() => release());

it('renders every hook to the loading state in Node, touching no browser global on import or render', async () => {
  expect(typeof window).toBe('undefined');
  expect(typeof document).toBe('undefined');
  expect(typeof indexedDB).toBe('undefined');
  expect('navigator' in globalThis).toBe(false);

  // The session is even signed in: the server still renders what the first client render shows.
  const pool = createFakeUserPool(POOL);
  await pool.addUser({
    username: ALICE.username,
    password: ALICE.password,
    attributes: { email: ALICE.email, 'custom:tenant': ALICE.tenant },
  });
  const session = createSession({ provider: cognito(POOL), storage: memoryStorage() });
  await session.setTokens(await pool.issueTokens(ALICE.username));
  expect(session.getState().status).toBe('signedIn');

  const watch = watchBrowserGlobals();
  release = watch.release;
  // Imported only now (nothing above imports the package), so its import runs under the watch.
  const { SessionProvider } = await import('../index.js');
  const { EveryHook, LOADING_TEXT } = await import('./EveryHook.js');
  const html = renderToString(
    <SessionProvider session={session}>
      <EveryHook />
    </SessionProvider>,
  );
  watch.release();
  session.dispose();

  expect(watch.touched).toEqual([]);
  expect(html.replace(/<[^>]*>/g, '')).toBe(LOADING_TEXT);
  expect(html).not.toContain('welcome back');
  expect(html).not.toContain('please sign in');
});
