/**
 * Every way a password sign-in can be refused, scanned for the provider's words in `message`:
 * apps show a sign-in error's message to their users, so it is sessionkit's own text, and
 * Cognito's own wording stays in `providerMessage` (issue 15: content in messages).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isSessionError, type SessionError } from '../errors.js';
import {
  advance,
  signInWithPassword,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';

type Pool = Awaited<ReturnType<typeof startPool>>;

/** The failing sign-in of each case, against a pool prepared for it. */
const CASES: Array<[string, (pool: Pool) => Promise<unknown>]> = [
  [
    'a wrong password',
    async () => signInWithPassword(startSession().session, USER.username, 'wrong-pass-1'),
  ],
  [
    'an unknown user',
    async () => signInWithPassword(startSession().session, 'nobody', 'Whatever-1'),
  ],
  [
    'an unconfirmed user',
    async (pool) => {
      await pool.addUser({ username: 'unconfirmed', password: 'Passw0rd!', status: 'UNCONFIRMED' });
      return signInWithPassword(startSession().session, 'unconfirmed', 'Passw0rd!');
    },
  ],
  [
    'a user who must reset the password',
    async (pool) => {
      await pool.addUser({ username: 'reset', password: 'Passw0rd!', status: 'RESET_REQUIRED' });
      return signInWithPassword(startSession().session, 'reset', 'Passw0rd!');
    },
  ],
  [
    'a wrong MFA code',
    async (pool) => {
      await pool.addUser({
        username: 'mfa',
        password: 'Passw0rd!',
        mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '123456' },
      });
      const step = await signInWithPassword(startSession().session, 'mfa', 'Passw0rd!');
      if (step.status !== 'challenge') throw new Error('expected an MFA challenge');
      return step.respond({ SOFTWARE_TOKEN_MFA_CODE: '000000' });
    },
  ],
  [
    'a flow the app client does not allow',
    async (pool) => {
      await pool.reset();
      const strict = await startPool({ explicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] });
      void strict;
      return signInWithPassword(startSession().session, USER.username, USER.password, {
        authFlow: 'USER_PASSWORD_AUTH',
      });
    },
  ],
  [
    'throttling',
    async (pool) => {
      pool.failNext('throttle', 1, { operations: ['InitiateAuth'] });
      return signInWithPassword(startSession().session, USER.username, USER.password);
    },
  ],
  [
    'a server error',
    async (pool) => {
      pool.failNext('server', 1, { operations: ['InitiateAuth'] });
      return signInWithPassword(startSession().session, USER.username, USER.password);
    },
  ],
];

describe('sign-in rejections', () => {
  useMsw();

  it.each(CASES)(
    '%s: the message is sessionkit’s, Cognito’s words only in providerMessage',
    async (_, attempt) => {
      const pool = await startPool();
      const error = (await attempt(pool).then(
        () => {
          throw new Error('the sign-in should have been refused');
        },
        (caught: unknown) => caught,
      )) as SessionError;
      expect(isSessionError(error)).toBe(true);
      if (error.providerMessage) {
        expect(error.message).not.toContain(error.providerMessage);
      }
      // Cognito's wordings the kit sends for these cases.
      expect(error.message).not.toMatch(
        /Incorrect username or password|Password attempts exceeded|User does not exist|User is not confirmed|Password reset required for the user|Invalid code received|flow not enabled for this client|Rate exceeded|Internal server error/,
      );
    },
  );

  it('keeps the provider’s words available: providerMessage of a wrong password', async () => {
    await startPool();
    const error = (await signInWithPassword(
      startSession().session,
      USER.username,
      'wrong-pass-1',
    ).catch((caught: unknown) => caught)) as SessionError;
    expect(error).toMatchObject({
      code: 'invalid_grant',
      providerCode: 'NotAuthorizedException',
      providerMessage: 'Incorrect username or password.',
      message: 'Sign-in failed (NotAuthorizedException): The username or password is wrong.',
    });
  });

  it('a sign-in that succeeds gives the token audit tokens to look for in every rejection above', async () => {
    await startPool();
    const result = await signInWithPassword(startSession().session, USER.username, USER.password);
    expect(result.status).toBe('signedIn');
  });
});

describe('the lockout after five wrong passwords (the kit locks as Cognito does)', () => {
  useMsw();
  afterEach(() => vi.useRealTimers());

  it('refuses even the right password with its own message, then signs in once the lockout is over', async () => {
    useFakeClock();
    await startPool();
    const { session } = startSession();
    for (let n = 0; n < 5; n += 1) {
      await expect(
        signInWithPassword(session, USER.username, 'wrong-pass-1'),
      ).rejects.toMatchObject({
        providerMessage: 'Incorrect username or password.',
      });
    }
    const error = (await signInWithPassword(session, USER.username, USER.password).catch(
      (caught: unknown) => caught,
    )) as SessionError;
    expect(error).toMatchObject({
      code: 'invalid_grant',
      providerCode: 'NotAuthorizedException',
      providerMessage: 'Password attempts exceeded',
      message:
        'Sign-in failed (NotAuthorizedException): Too many failed attempts: Cognito has locked this user out for a while; try again later.',
    });
    expect(session.getState().status).toBe('signedOut');
    await advance(1_000);
    const result = await signInWithPassword(session, USER.username, USER.password);
    expect(result.status).toBe('signedIn');
  });
});
