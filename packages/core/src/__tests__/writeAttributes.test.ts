/**
 * An app client that may write only some attributes (the kit's `writeAttributes`, Cognito's
 * `WriteAttributes`): `SignUp`, `UpdateUserAttributes` and `DeleteUserAttributes` naming another
 * are refused with `NotAuthorizedException` "A client attempted to write unauthorized attribute"
 * before anything changes, and sessionkit reads that as the app's configuration, never as a wrong
 * password or a refused token: the session stays signed in. AWS's own client gets the same
 * refusal from the kit.
 */
import { describe, expect, it } from 'vitest';
import {
  deleteUserAttributes,
  getUserAttributes,
  issue,
  rejection,
  signUp,
  startPool,
  startSession,
  updateUserAttributes,
  useMsw,
} from './harness.js';
import { referenceSignUp } from './referenceSignUp.js';

/** What users of this app may write: not `custom:tenant`, which an administrator sets. */
const WRITABLE = { writeAttributes: ['email', 'name', 'nickname'] } as const;

const UNAUTHORIZED = {
  code: 'provider',
  providerCode: 'NotAuthorizedException',
  providerMessage: 'A client attempted to write unauthorized attribute',
  message:
    'The app client may not write one of these attributes (its attribute write permissions in the user pool). (NotAuthorizedException)',
  retryable: false,
} as const;

async function signedIn(options: Parameters<typeof startPool>[0] = {}) {
  const pool = await startPool(options);
  const { session } = startSession();
  await session.setTokens(await issue(pool));
  return { pool, session };
}

describe('writeAttributes: what the app client may write', () => {
  useMsw();

  it('refuses a sign-up that writes another attribute, makes no user, and takes one that does not', async () => {
    const pool = await startPool(WRITABLE);
    const { session } = startSession();
    const error = await rejection(
      signUp(session, {
        username: 'zoe',
        password: 'Zoe-Passw0rd!',
        attributes: { email: 'zoe@example.com', 'custom:tenant': 'globex' },
      }),
    );
    expect(error).toMatchObject(UNAUTHORIZED);
    expect(await pool.hasUser('zoe')).toBe(false);
    expect(await pool.sentCodes()).toEqual([]);
    // Before the schema: a name the list lacks is unauthorized even when no schema has it.
    await expect(
      signUp(session, { username: 'zoe', password: 'Zoe-Passw0rd!', attributes: { shoe: '42' } }),
    ).rejects.toMatchObject(UNAUTHORIZED);
    await signUp(session, {
      username: 'zoe',
      password: 'Zoe-Passw0rd!',
      attributes: { email: 'zoe@example.com', name: 'Zoe' },
    });
    expect(await pool.hasUser('zoe')).toBe(true);
  });

  it('refuses an update or a deletion naming another attribute; nothing changes and the session stays', async () => {
    const { session } = await signedIn(WRITABLE);
    for (const attempt of [
      () => updateUserAttributes(session, { nickname: 'Al', 'custom:tenant': 'globex' }),
      () => deleteUserAttributes(session, ['nickname', 'custom:tenant']),
      // A read-only mark is not in the list either.
      () => updateUserAttributes(session, { email_verified: 'true' }),
    ]) {
      expect(await rejection(attempt())).toMatchObject(UNAUTHORIZED);
    }
    expect(session.getState().status).toBe('signedIn');
    const { attributes } = await getUserAttributes(session);
    expect(attributes['custom:tenant']).toBe('acme');
    expect(attributes.nickname).toBeUndefined();
    await updateUserAttributes(session, { nickname: 'Al' }, { refresh: false });
    expect((await getUserAttributes(session)).attributes.nickname).toBe('Al');
  });

  it('lets the app client write every attribute by default', async () => {
    const { session } = await signedIn();
    await updateUserAttributes(session, { 'custom:tenant': 'globex' }, { refresh: false });
    expect((await getUserAttributes(session)).attributes['custom:tenant']).toBe('globex');
  });

  it("AWS's client gets the same refusal at sign-up", async () => {
    await startPool(WRITABLE);
    await expect(
      referenceSignUp('zoe', 'Zoe-Passw0rd!', { 'custom:tenant': 'globex' }),
    ).rejects.toMatchObject({
      code: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
    });
  });
});
