/**
 * A signed-in user's MFA: associateTotp / verifyTotp / setMfaPreference against the testing kit's
 * pool over MSW, codes from an independent TOTP implementation (the otpauth package).
 */
import * as OTPAuth from 'otpauth';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  associateTotp,
  oidc,
  type PasswordSignInResult,
  setMfaPreference,
  signInWithPassword,
  verifyTotp,
} from '../index.js';
import { requestsOf, startPool, startSession, USER, useFakeClock, useMsw } from './harness.js';

function asChallenge(step: PasswordSignInResult) {
  if (step.status !== 'challenge') throw new Error(`expected a challenge, got ${step.status}`);
  return step;
}

/** A signed-in session of the harness's user on a pool with optional MFA. */
async function signedIn(options: Parameters<typeof startPool>[0] = {}) {
  const pool = await startPool({ mfa: 'optional', ...options });
  const { session } = startSession();
  expect((await signInWithPassword(session, USER.username, USER.password)).status).toBe('signedIn');
  const accessToken = await session.getAccessToken();
  return { pool, session, accessToken };
}

describe('associateTotp / verifyTotp / setMfaPreference (signed in)', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('sets up an authenticator; once preferred, the next sign-in asks SOFTWARE_TOKEN_MFA', async () => {
    const { pool, session, accessToken } = await signedIn();
    const { secret, uri } = await associateTotp(session, { issuer: 'Acme Orders' });
    const app = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    expect(app).toMatchObject({ issuer: 'Acme Orders', label: 'alice', digits: 6, period: 30 });
    expect(app.secret.base32).toBe(secret);

    const code = app.generate();
    await verifyTotp(session, code, { friendlyDeviceName: 'Phone' });
    expect(requestsOf(pool, 'AssociateSoftwareToken').map((r) => r.body)).toEqual([
      { AccessToken: accessToken },
    ]);
    expect(requestsOf(pool, 'VerifySoftwareToken').map((r) => r.body)).toEqual([
      { AccessToken: accessToken, UserCode: code, FriendlyDeviceName: 'Phone' },
    ]);

    // Verified but not turned on: an optional pool does not ask for it yet.
    await session.signOut();
    expect((await signInWithPassword(session, USER.username, USER.password)).status).toBe(
      'signedIn',
    );

    await setMfaPreference(session, { totp: 'preferred' });
    expect(requestsOf(pool, 'SetUserMFAPreference').map((r) => r.body)).toEqual([
      {
        AccessToken: await session.getAccessToken(),
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      },
    ]);
    await session.signOut();
    await vi.advanceTimersByTimeAsync(30_000);
    const step = asChallenge(await signInWithPassword(session, USER.username, USER.password));
    expect(step.name).toBe('SOFTWARE_TOKEN_MFA');
    const done = await step.respond({ SOFTWARE_TOKEN_MFA_CODE: app.generate() });
    expect(done).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'alice' } });
  });

  it("refuses to turn on an authenticator that was never verified, with Cognito's reason", async () => {
    const { pool, session } = await signedIn();
    await associateTotp(session);
    const attempt = setMfaPreference(session, { totp: 'enabled' });
    await expect(attempt).rejects.toMatchObject({
      name: 'SessionError',
      code: 'provider',
      providerCode: 'InvalidParameterException',
    });
    await expect(attempt).rejects.toThrow(
      /cannot turn on SOFTWARE_TOKEN_MFA for this user .*associateTotp, then verifyTotp.*Cognito said: "User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA"/,
    );
    await session.signOut();
    expect((await signInWithPassword(session, USER.username, USER.password)).status).toBe(
      'signedIn',
    );
    expect(requestsOf(pool, 'SetUserMFAPreference')).toHaveLength(1);
  });

  it('a wrong code is a challenge error and can be tried again', async () => {
    const { pool, session } = await signedIn();
    const { uri } = await associateTotp(session);
    const app = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    const stale = app.generate({ timestamp: Date.now() - 90_000 });
    await expect(verifyTotp(session, stale)).rejects.toMatchObject({
      code: 'challenge',
      providerCode: 'EnableSoftwareTokenMFAException',
    });
    // As typed, with a space in the middle.
    const typed = app.generate().replace(/^(\d{3})/, '$1 ');
    await expect(verifyTotp(session, typed)).resolves.toBeUndefined();
    expect(requestsOf(pool, 'VerifySoftwareToken').at(-1)?.body).toMatchObject({
      UserCode: typed.replace(' ', ''),
    });
    await expect(setMfaPreference(session, { totp: 'enabled' })).resolves.toBeUndefined();
  });

  it("maps 'enabled' and 'disabled', and sends only the factors given", async () => {
    const { pool, session } = await signedIn();
    await setMfaPreference(session, { email: 'enabled', sms: 'disabled' });
    expect(requestsOf(pool, 'SetUserMFAPreference').at(-1)?.body).toEqual({
      AccessToken: expect.any(String),
      SMSMfaSettings: { Enabled: false, PreferredMfa: false },
      EmailMfaSettings: { Enabled: true, PreferredMfa: false },
    });
    await session.signOut();
    const step = asChallenge(await signInWithPassword(session, USER.username, USER.password));
    expect(step).toMatchObject({
      name: 'EMAIL_OTP',
      parameters: { CODE_DELIVERY_DESTINATION: 'a***@e***' },
    });
    await step.respond({ EMAIL_OTP_CODE: await pool.lastCode(USER.username, 'EMAIL') });

    await setMfaPreference(session, { email: 'disabled' });
    await session.signOut();
    expect((await signInWithPassword(session, USER.username, USER.password)).status).toBe(
      'signedIn',
    );
    const invalid = { totp: 'on' } as unknown as Parameters<typeof setMfaPreference>[1];
    await expect(setMfaPreference(session, invalid)).rejects.toThrow(
      /totp must be 'preferred', 'enabled' or 'disabled'/,
    );
  });

  it('refuses SMS for a user without a phone number', async () => {
    const { session } = await signedIn();
    await expect(setMfaPreference(session, { sms: 'preferred' })).rejects.toThrow(
      /cannot turn on SMS_MFA for this user .*phone_number/,
    );
  });

  it('rejects with signed_out, before any request, when nobody is signed in', async () => {
    const pool = await startPool({ mfa: 'optional' });
    const { session } = startSession();
    await session.ready;
    for (const attempt of [
      associateTotp(session),
      verifyTotp(session, '123456'),
      setMfaPreference(session, { totp: 'disabled' }),
    ]) {
      await expect(attempt).rejects.toMatchObject({ name: 'SessionError', code: 'signed_out' });
    }
    expect(pool.requests).toHaveLength(0);
  });

  it('needs the cognito() provider, and a 6-digit code', async () => {
    const { session } = startSession({
      provider: oidc({
        issuer: 'https://id.example.com',
        clientId: 'app',
        redirectUri: 'https://app.example.com/callback',
      }),
    });
    await expect(associateTotp(session)).rejects.toMatchObject({ code: 'provider' });
    const { session: cognitoSession, pool } = await signedIn();
    const before = pool.requests.length;
    await expect(verifyTotp(cognitoSession, '12345')).rejects.toMatchObject({
      code: 'challenge',
      message: expect.stringMatching(/6 digits/),
    });
    expect(pool.requests).toHaveLength(before);
  });

  it('errors name no secret, code or token', async () => {
    const { session, accessToken } = await signedIn();
    const { secret, uri } = await associateTotp(session);
    const app = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    const wrong = app.generate({ timestamp: Date.now() - 120_000 });
    const errors = [
      await verifyTotp(session, wrong).catch((error: unknown) => error),
      await setMfaPreference(session, { sms: 'enabled' }).catch((error: unknown) => error),
      await verifyTotp(session, `${wrong.slice(0, 5)}x`).catch((error: unknown) => error),
    ];
    for (const error of errors) {
      expect(error).toMatchObject({ name: 'SessionError' });
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      for (const value of [secret, wrong, wrong.slice(0, 5), accessToken]) {
        expect(text).not.toContain(value);
      }
    }
  });
});
