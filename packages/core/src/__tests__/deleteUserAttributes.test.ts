/**
 * deleteUserAttributes against the testing kit's pool: the attributes leave Cognito and, after the
 * refresh it makes, the session's claims; the refusals keep everything.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  deleteUserAttributes,
  getUserAttributes,
  issue,
  requestsOf,
  startPool,
  startSession,
  updateUserAttributes,
  useFakeClock,
  useMsw,
} from './harness.js';

async function signedIn() {
  const pool = await startPool();
  const { session } = startSession();
  await session.setTokens(await issue(pool));
  await updateUserAttributes(session, { nickname: 'Al', 'custom:tenant': 'acme' });
  return { pool, session };
}

const claims = (session: Awaited<ReturnType<typeof signedIn>>['session']) => {
  const state = session.getState();
  if (state.status !== 'signedIn') throw new Error(`expected signedIn, got ${state.status}`);
  return state.user as Record<string, unknown>;
};

describe('deleteUserAttributes', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('removes the attributes at Cognito, then refreshes so the claims lose them', async () => {
    const { pool, session } = await signedIn();
    expect(claims(session)).toMatchObject({ nickname: 'Al', email: 'alice@example.com' });
    const result = await deleteUserAttributes(session, ['nickname', 'email', 'custom:tenant']);
    expect(result).toEqual({ claimsRefreshed: true });
    expect(requestsOf(pool, 'DeleteUserAttributes').map((request) => request.body)).toEqual([
      {
        AccessToken: expect.any(String),
        UserAttributeNames: ['nickname', 'email', 'custom:tenant'],
      },
    ]);
    const user = claims(session);
    for (const name of ['nickname', 'email', 'email_verified', 'custom:tenant']) {
      expect(user).not.toHaveProperty(name);
    }
    const { attributes } = await getUserAttributes(session);
    expect(attributes).not.toHaveProperty('email');
  });

  it('with refresh: false the claims keep them until the next refresh', async () => {
    const { session } = await signedIn();
    expect(await deleteUserAttributes(session, ['nickname'], { refresh: false })).toEqual({
      claimsRefreshed: false,
    });
    expect(claims(session).nickname).toBe('Al');
    await session.refresh();
    expect(claims(session)).not.toHaveProperty('nickname');
  });

  it("rejects with Cognito's words what the pool refuses, and a bad list before any request", async () => {
    const { pool, session } = await signedIn();
    await expect(deleteUserAttributes(session, ['sub'])).rejects.toMatchObject({
      code: 'provider',
      providerCode: 'InvalidParameterException',
      providerMessage: 'user.sub: Attribute cannot be deleted.\n',
    });
    for (const names of [[], [''], Array.from({ length: 33 }, (_, index) => `custom:a${index}`)]) {
      await expect(deleteUserAttributes(session, names)).rejects.toThrow(
        'deleteUserAttributes(): names must list 1 to 32 attribute names.',
      );
    }
    expect(requestsOf(pool, 'DeleteUserAttributes')).toHaveLength(1);
    expect(claims(session).nickname).toBe('Al');
  });

  it('rejects with signed_out when nobody is signed in', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await session.ready;
    await expect(deleteUserAttributes(session, ['nickname'])).rejects.toMatchObject({
      code: 'signed_out',
    });
    expect(requestsOf(pool, 'DeleteUserAttributes')).toHaveLength(0);
  });
});
