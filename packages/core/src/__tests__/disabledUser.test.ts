/**
 * A user an administrator disabled (`AdminDisableUser`; the kit's `pool.disableUser`): every
 * sign-in and every refresh answers "User is disabled.", and the user's tokens stop working. A
 * signed-in session ends as revoked at its next refresh; a sign-in says what happened in
 * sessionkit's own words.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionError } from '../errors.js';
import {
  getUserAttributes,
  issue,
  signInWithChoice,
  signInWithPassword,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';

const DISABLED = 'User is disabled.';

describe('a disabled user', () => {
  useMsw();
  afterEach(() => vi.useRealTimers());

  it('refuses the access token at once: a call with it ends the session as revoked', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await session.setTokens(await issue(pool));
    await pool.disableUser(USER.username);
    await expect(getUserAttributes(session)).rejects.toMatchObject({
      code: 'invalid_grant',
      providerMessage: 'Access Token has been revoked',
    });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'revoked' });
  });

  it('ends a signed-in session as revoked at the next refresh', async () => {
    const pool = await startPool();
    const { session, recorder } = startSession();
    await session.setTokens(await issue(pool));
    await pool.disableUser(USER.username);
    const error = (await session.refresh().catch((caught: unknown) => caught)) as SessionError;
    expect(error).toMatchObject({
      code: 'invalid_grant',
      providerCode: 'NotAuthorizedException',
      providerMessage: DISABLED,
      signOutReason: 'revoked',
    });
    expect(error.message).toBe(
      'The user is disabled in the user pool (NotAuthorizedException: User is disabled.).',
    );
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'revoked' });
    expect(recorder.of('signedOut')).toEqual([{ reason: 'revoked' }]);
  });

  it('cannot sign in with the right password (a wrong one is only wrong) until enabled again', async () => {
    const pool = await startPool();
    await pool.disableUser(USER.username);
    const { session } = startSession();
    const error = (await signInWithPassword(session, USER.username, USER.password).catch(
      (caught: unknown) => caught,
    )) as SessionError;
    expect(error).toMatchObject({
      code: 'invalid_grant',
      providerMessage: DISABLED,
      message: 'Sign-in failed (NotAuthorizedException): The user is disabled in the user pool.',
    });
    await expect(signInWithPassword(session, USER.username, 'Wrong-Pass-1')).rejects.toMatchObject({
      providerMessage: 'Incorrect username or password.',
    });
    await pool.enableUser(USER.username);
    expect((await signInWithPassword(session, USER.username, USER.password)).status).toBe(
      'signedIn',
    );
  });

  it('is refused right after the password, before any MFA code is sent', async () => {
    const pool = await startPool();
    await pool.addUser({ username: 'mfa', password: 'Passw0rd!', mfa: { type: 'SMS_MFA' } });
    await pool.disableUser('mfa');
    await expect(
      signInWithPassword(startSession().session, 'mfa', 'Passw0rd!'),
    ).rejects.toMatchObject({ providerMessage: DISABLED });
    expect(await pool.sentCodes('mfa')).toEqual([]);
  });

  it('keeps the tokens of before revoked after being enabled again', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await session.setTokens(await issue(pool));
    await pool.disableUser(USER.username);
    await pool.enableUser(USER.username);
    await expect(session.refresh()).rejects.toMatchObject({
      providerMessage: 'Refresh Token has been revoked',
    });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'revoked' });
  });

  it('cannot sign in without a password either (an e-mailed code)', async () => {
    useFakeClock();
    const pool = await startPool({
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
      userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
    });
    const { session } = startSession();
    const step = await signInWithChoice(session, USER.username, {
      preferredChallenge: 'EMAIL_OTP',
    });
    if (step.status !== 'challenge') throw new Error('expected EMAIL_OTP');
    await pool.disableUser(USER.username);
    await expect(
      step.respond({ EMAIL_OTP_CODE: await pool.lastCode(USER.username, 'EMAIL') }),
    ).rejects.toMatchObject({ providerMessage: DISABLED });
    expect(session.getState().status).toBe('signedOut');
  });

  it('is refused for a user the pool does not have', async () => {
    const pool = await startPool();
    await expect(pool.disableUser('nobody')).rejects.toThrow(
      'disableUser: the pool has no user "nobody"',
    );
    await expect(pool.enableUser('nobody')).rejects.toThrow(
      'enableUser: the pool has no user "nobody"',
    );
  });
});
