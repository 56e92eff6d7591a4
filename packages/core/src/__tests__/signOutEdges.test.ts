/**
 * Sign-out at its edges (session/signInOut.ts, session/tokenHolder.ts): with nobody signed in,
 * and the events it raises. Cases StrykerJS found untested by the session suites (a one-off run
 * over session/*.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startProvider, startSession, useFakeClock, useMemoryHarness } from './memoryHarness.js';

describe('sign-out at its edges', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('with nobody signed in raises no signedOut event and sends nothing', async () => {
    const provider = startProvider();
    const { session, recorder } = startSession(provider);
    await session.ready;
    await session.signOut();
    expect(session.getState()).toMatchObject({ status: 'signedOut' });
    expect(recorder.of('signedOut')).toEqual([]);
    expect(provider.calls).toHaveLength(0);
  });
});
