/**
 * Choice-based sign-in (signInWithChoice, Cognito's USER_AUTH) against the testing kit's pool:
 * preferred and selected ways, codes (wrong, expired, used), MFA after a password only, the
 * pool's sign-in policy, and the app client's ALLOW_USER_AUTH.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PasswordSignInResult, SignInChallengeStep } from '../flows/signInChallenges.js';

/** The challenge step whose names include `N`. */
type Named<N extends string> = SignInChallengeStep extends infer S
  ? S extends { name: infer K }
    ? N extends K
      ? S
      : never
    : never
  : never;

import {
  advance,
  rejection,
  requestsOf,
  signInWithChoice,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';

const FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'] as const;
const ALL_FACTORS = ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] as const;
const PHONE = { phone_number: '+15555550123', phone_number_verified: 'true' };

function challengeOf<Name extends string>(step: PasswordSignInResult, name: Name) {
  if (step.status !== 'challenge' || step.name !== name) {
    throw new Error(
      `expected ${name}, got ${step.status === 'challenge' ? step.name : step.status}`,
    );
  }
  return step as Named<Name>;
}

function pool(options: Parameters<typeof startPool>[0] = {}) {
  return startPool({
    explicitAuthFlows: [...FLOWS],
    userAuthFactors: [...ALL_FACTORS],
    ...options,
  });
}

describe('signInWithChoice', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('signs in with a preferred email code read from the pool, no MFA asked', async () => {
    const fake = await pool({ mfa: 'optional' });
    await fake.addUser({
      ...USER,
      attributes: { email: 'alice@example.com', email_verified: 'true' },
      mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '123456' },
    });
    const { session } = startSession();
    const step = challengeOf(
      await signInWithChoice(session, 'alice', { preferredChallenge: 'EMAIL_OTP' }),
      'EMAIL_OTP',
    );
    expect(step.codeDelivery).toEqual({ medium: 'EMAIL', destination: 'a***@e***' });
    const code = await fake.lastCode('alice', 'EMAIL');
    expect(code).toMatch(/^[0-9]{8}$/);
    expect((await fake.sentCodes('alice')).at(-1)).toMatchObject({ purpose: 'SIGN_IN' });
    const done = await step.respond({ EMAIL_OTP_CODE: code });
    expect(done).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'alice' } });
    expect(session.getState().status).toBe('signedIn');
  });

  it('answers SELECT_CHALLENGE with the ways offered, then the chosen one', async () => {
    const fake = await pool();
    await fake.addUser({
      ...USER,
      attributes: { email: 'alice@example.com', email_verified: 'true', ...PHONE },
    });
    const { session } = startSession();
    const select = challengeOf(await signInWithChoice(session, 'alice'), 'SELECT_CHALLENGE');
    expect(select.availableChallenges).toEqual([
      'PASSWORD',
      'PASSWORD_SRP',
      'EMAIL_OTP',
      'SMS_OTP',
    ]);
    const sms = challengeOf(await select.select('SMS_OTP'), 'SMS_OTP');
    expect(sms.codeDelivery).toEqual({ medium: 'SMS', destination: '+*******0123' });
    const done = await sms.respond({ SMS_OTP_CODE: await fake.lastCode('alice', 'SMS') });
    expect(done.status).toBe('signedIn');
  });

  it('refuses a way Cognito did not offer before sending it, keeping the step usable', async () => {
    const fake = await pool();
    await fake.addUser({ ...USER, attributes: { email: 'alice@example.com' } });
    const { session } = startSession();
    const select = challengeOf(await signInWithChoice(session, 'alice'), 'SELECT_CHALLENGE');
    expect(select.availableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    const sent = fake.requests.length;
    const error = await rejection(select.select('EMAIL_OTP'));
    expect(error).toMatchObject({ code: 'challenge' });
    expect(error.message).toContain('it offers PASSWORD, PASSWORD_SRP');
    expect(fake.requests).toHaveLength(sent);
    // Cognito spends a SELECT_CHALLENGE Session on any answer: this one is still unspent.
    expect((await select.select('PASSWORD_SRP', { password: USER.password })).status).toBe(
      'signedIn',
    );
  });

  it('offers only what the user has: no unverified email, no phone', async () => {
    const fake = await pool();
    await fake.addUser({ ...USER, attributes: { email: 'alice@example.com' } });
    const { session } = startSession();
    const select = challengeOf(
      await signInWithChoice(session, 'alice', { preferredChallenge: 'EMAIL_OTP' }),
      'SELECT_CHALLENGE',
    );
    expect(select.availableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    expect(await fake.sentCodes('alice')).toEqual([]);
  });

  it.each(['PASSWORD', 'PASSWORD_SRP'] as const)(
    'signs in with %s as the preferred way',
    async (way) => {
      const fake = await pool();
      const { session } = startSession();
      const done = await signInWithChoice(session, 'alice', {
        preferredChallenge: way,
        password: USER.password,
      });
      expect(done.status).toBe('signedIn');
      const operations = fake.requests.map((request) => request.operation);
      expect(operations).toEqual(
        way === 'PASSWORD' ? ['InitiateAuth'] : ['InitiateAuth', 'RespondToAuthChallenge'],
      );
    },
  );

  it.each(['PASSWORD', 'PASSWORD_SRP'] as const)('selects %s with the password', async (way) => {
    await pool();
    const { session } = startSession();
    const select = challengeOf(await signInWithChoice(session, 'alice'), 'SELECT_CHALLENGE');
    expect((await select.select(way, { password: USER.password })).status).toBe('signedIn');
  });

  it('refuses a wrong password with invalid_grant, never repeating it', async () => {
    await pool();
    const { session } = startSession();
    const error = await rejection(
      signInWithChoice(session, 'alice', {
        preferredChallenge: 'PASSWORD',
        password: 'Wr0ng-Pass!',
      }),
    );
    expect(error).toMatchObject({ code: 'invalid_grant', providerCode: 'NotAuthorizedException' });
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('Wr0ng-Pass!');
  });

  it('asks for MFA after a password, not after a code', async () => {
    const fake = await pool({ mfa: 'optional' });
    await fake.addUser({
      ...USER,
      attributes: { email: 'alice@example.com', email_verified: 'true' },
      mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '654321' },
    });
    const { session } = startSession();
    for (const way of ['PASSWORD', 'PASSWORD_SRP'] as const) {
      const mfa = challengeOf(
        await signInWithChoice(session, 'alice', {
          preferredChallenge: way,
          password: USER.password,
        }),
        'SOFTWARE_TOKEN_MFA',
      );
      expect((await mfa.respond({ SOFTWARE_TOKEN_MFA_CODE: '654321' })).status).toBe('signedIn');
    }
  });

  it('refuses a wrong code and takes the right one after it; a used code is refused', async () => {
    const fake = await pool();
    const { session } = startSession();
    const step = challengeOf(
      await signInWithChoice(session, 'alice', { preferredChallenge: 'EMAIL_OTP' }),
      'EMAIL_OTP',
    );
    const code = await fake.lastCode('alice', 'EMAIL');
    const wrong = code === '00000000' ? '11111111' : '00000000';
    const error = await rejection(step.respond({ EMAIL_OTP_CODE: wrong }));
    expect(error).toMatchObject({ code: 'challenge', providerCode: 'CodeMismatchException' });
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(wrong);
    expect((await step.respond({ EMAIL_OTP_CODE: code })).status).toBe('signedIn');
    const used = await rejection(step.respond({ EMAIL_OTP_CODE: code }));
    expect(used).toMatchObject({ code: 'challenge', providerCode: 'NotAuthorizedException' });
  });

  it('refuses a code after the challenge expired (3 minutes)', async () => {
    const fake = await pool();
    const { session } = startSession();
    const step = challengeOf(
      await signInWithChoice(session, 'alice', { preferredChallenge: 'EMAIL_OTP' }),
      'EMAIL_OTP',
    );
    const code = await fake.lastCode('alice', 'EMAIL');
    await advance(180_000, 10_000);
    const error = await rejection(step.respond({ EMAIL_OTP_CODE: code }));
    expect(error).toMatchObject({ code: 'challenge', providerCode: 'NotAuthorizedException' });
    expect(error.message).toMatch(/took too long/);
    expect(session.getState().status).toBe('signedOut');
  });

  it('the kit refuses an ANSWER the pool does not allow, as Cognito does', async () => {
    await pool({ userAuthFactors: ['PASSWORD'] });
    const { session } = startSession();
    const select = challengeOf(
      await signInWithChoice(session, 'alice', { preferredChallenge: 'EMAIL_OTP' }),
      'SELECT_CHALLENGE',
    );
    expect(select.availableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP']);
    // respond() sends the answer as given (select() would refuse it before sending).
    const error = await rejection(select.respond({ ANSWER: 'EMAIL_OTP' }));
    expect(error.providerCode).toBe('InvalidParameterException');
    expect(session.getState().status).toBe('signedOut');
  });

  it('names ALLOW_USER_AUTH when the app client does not allow choice-based sign-in', async () => {
    await pool({ explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const { session } = startSession();
    const error = await rejection(signInWithChoice(session, 'alice'));
    expect(error).toMatchObject({ code: 'provider', providerCode: 'InvalidParameterException' });
    expect(error.message).toContain('ALLOW_USER_AUTH');
  });

  it('names the unconfirmed account as signInWithPassword does', async () => {
    const fake = await pool();
    await fake.addUser({ ...USER, status: 'UNCONFIRMED' });
    const { session } = startSession();
    const error = await rejection(
      signInWithChoice(session, 'alice', {
        preferredChallenge: 'PASSWORD',
        password: USER.password,
      }),
    );
    expect(error.nextStep).toEqual({ step: 'confirmSignUp', username: 'alice' });
  });

  it('checks its arguments before any request', async () => {
    const fake = await pool();
    const { session } = startSession();
    await expect(
      signInWithChoice(session, 'alice', { preferredChallenge: 'PASSWORD' }),
    ).rejects.toThrow(TypeError);
    await expect(
      signInWithChoice(session, 'alice', { preferredChallenge: 'MAGIC_LINK' as 'PASSWORD' }),
    ).rejects.toThrow(/PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN/);
    expect(requestsOf(fake, 'InitiateAuth')).toHaveLength(0);
  });
});
