import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAuthorizedFetch,
  handleRedirectCallback,
  type Session,
  signInWithPassword,
  signInWithRedirect,
  signOutWithRedirect,
} from '../index.js';
import {
  issue,
  startProvider,
  startSession,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';

describe('free-standing flows', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  const notASession = {
    getState: () => ({ status: 'signedOut', reason: null }),
  } as never as Session;
  const message = 'Expected a session made by createSession() as the first argument.';

  it('refuse anything but a session made by createSession, with a clear TypeError', async () => {
    await expect(signInWithPassword(notASession, 'alice', 'pw')).rejects.toThrow(message);
    await expect(signInWithRedirect(notASession)).rejects.toThrow(message);
    await expect(
      handleRedirectCallback(notASession, 'https://app.example/?code=c&state=s'),
    ).rejects.toThrow(message);
    await expect(signOutWithRedirect(notASession)).rejects.toThrow(message);
    expect(() => createAuthorizedFetch(notASession)).toThrow(message);
  });

  it('password sign-in names the provider it needs instead of calling one that has none', async () => {
    const provider = startProvider();
    const { session } = startSession(provider);
    await session.setTokens(issue(provider));
    const before = session.getState();
    await expect(signInWithPassword(session, 'alice', 'pw')).rejects.toMatchObject({
      name: 'SessionError',
      code: 'provider',
      message:
        'Password sign-in needs the cognito() provider; use signInWithRedirect for this provider.',
    });
    expect(session.getState()).toBe(before);
  });

  it('redirect sign-in says so for a provider without a hosted sign-in', async () => {
    const { session } = startSession(startProvider());
    await expect(
      signInWithRedirect(session, { redirectUri: 'https://app.example/cb', navigate: () => {} }),
    ).rejects.toMatchObject({
      code: 'provider',
      message: 'This provider has no redirect sign-in.',
    });
  });
});
