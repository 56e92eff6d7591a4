/**
 * MFA_SETUP completed inside sign-in (setUpTotp), against the testing kit's pool over MSW, with
 * codes computed by an independent TOTP implementation (the otpauth package) from what the API
 * returns. The pool and the codes read the same fake clock (the pool's default clock is Date.now).
 */
import * as OTPAuth from 'otpauth';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setUpTotp, signInWithPassword } from '../index.js';
import {
  CLIENT_ID,
  requestsOf,
  startPool,
  startSession,
  USER,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';

/** A 6-digit code no authenticator of this secret shows now (nor 30 s before or after). */
function wrongCodeFor(app: OTPAuth.TOTP): string {
  const now = Date.now();
  const valid = new Set(
    [-30_000, 0, 30_000].map((shift) => app.generate({ timestamp: now + shift })),
  );
  let code = Number(app.generate());
  do code = (code + 1) % 1_000_000;
  while (valid.has(String(code).padStart(6, '0')));
  return String(code).padStart(6, '0');
}

function bodiesOf(pool: Awaited<ReturnType<typeof startPool>>, operation: string) {
  return requestsOf(pool, operation).map((request) => request.body as Record<string, unknown>);
}

describe('setUpTotp: MFA_SETUP inside sign-in', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('a new user in an MFA-required pool sets up TOTP with a code from an independent implementation, then signs in again with TOTP', async () => {
    const pool = await startPool({ mfa: 'required', mfaFactors: ['SOFTWARE_TOKEN_MFA'] });
    const { session } = startSession();

    const first = await signInWithPassword(session, USER.username, USER.password);
    expect(first).toMatchObject({
      status: 'challenge',
      name: 'MFA_SETUP',
      parameters: { MFAS_CAN_SETUP: ['SOFTWARE_TOKEN_MFA'] },
    });
    const setUp = await setUpTotp(first, { issuer: 'Acme Orders' });

    // What an authenticator app reads from the QR code.
    const app = OTPAuth.URI.parse(setUp.uri) as OTPAuth.TOTP;
    expect(app).toBeInstanceOf(OTPAuth.TOTP);
    expect(app).toMatchObject({
      issuer: 'Acme Orders',
      label: USER.username,
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
    });
    expect(app.secret.base32).toBe(setUp.secret);

    const code = app.generate();
    const done = await setUp.verify(code, { friendlyDeviceName: "Alice's phone" });
    expect(done).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'alice' } });
    expect(session.getState().status).toBe('signedIn');

    // The wire: the challenge Session, then each answer's new Session (docs/cognito-wire.md §7).
    const [associate] = bodiesOf(pool, 'AssociateSoftwareToken');
    const [verify] = bodiesOf(pool, 'VerifySoftwareToken');
    const setup = bodiesOf(pool, 'RespondToAuthChallenge').find(
      (body) => body.ChallengeName === 'MFA_SETUP',
    );
    expect(associate).toEqual({ Session: expect.any(String) });
    expect(verify).toEqual({
      Session: expect.any(String),
      UserCode: code,
      FriendlyDeviceName: "Alice's phone",
    });
    expect(setup).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'MFA_SETUP',
      Session: expect.any(String),
      ChallengeResponses: { USERNAME: 'alice' },
    });
    expect(new Set([associate?.Session, verify?.Session, setup?.Session]).size).toBe(3);

    // Signed out, a step later (a fresh code): the pool asks for TOTP and checks it for real.
    await session.signOut();
    await vi.advanceTimersByTimeAsync(30_000);
    const second = await signInWithPassword(session, USER.username, USER.password);
    expect(second).toMatchObject({ status: 'challenge', name: 'SOFTWARE_TOKEN_MFA' });
    if (second.status !== 'challenge') return;
    await expect(
      second.respond({ SOFTWARE_TOKEN_MFA_CODE: wrongCodeFor(app) }),
    ).rejects.toMatchObject({ code: 'challenge', providerCode: 'CodeMismatchException' });
    const again = await second.respond({ SOFTWARE_TOKEN_MFA_CODE: app.generate() });
    expect(again).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'alice' } });
  });

  it('a wrong code is a challenge error naming neither code nor secret, and the same set-up verifies again', async () => {
    const pool = await startPool({ mfa: 'required' });
    const { session } = startSession();
    const first = await signInWithPassword(session, USER.username, USER.password);
    const setUp = await setUpTotp(first);
    const app = OTPAuth.URI.parse(setUp.uri) as OTPAuth.TOTP;

    const wrong = wrongCodeFor(app);
    const failure = await setUp.verify(wrong).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      name: 'SessionError',
      code: 'challenge',
      providerCode: 'EnableSoftwareTokenMFAException',
    });
    const message = (failure as Error).message;
    expect(message).toMatch(/code is wrong.*verified again/);
    for (const secret of [
      wrong,
      setUp.secret,
      ...bodiesOf(pool, 'VerifySoftwareToken').map((b) => String(b.Session)),
    ]) {
      expect(message).not.toContain(secret);
    }
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });

    const done = await setUp.verify(app.generate());
    expect(done.status).toBe('signedIn');
    // Both tries used the Session AssociateSoftwareToken returned.
    const tries = bodiesOf(pool, 'VerifySoftwareToken');
    expect(tries).toHaveLength(2);
    expect(tries[1]?.Session).toBe(tries[0]?.Session);
  });

  it('after a network error past the verified code, verify again only answers MFA_SETUP', async () => {
    const pool = await startPool({ mfa: 'required' });
    const { session } = startSession();
    const setUp = await setUpTotp(await signInWithPassword(session, USER.username, USER.password));
    const app = OTPAuth.URI.parse(setUp.uri) as OTPAuth.TOTP;
    pool.failNext('network', 1, { operations: ['RespondToAuthChallenge'] });
    await expect(setUp.verify(app.generate())).rejects.toMatchObject({ code: 'network' });
    // Cognito accepted the code already: the retry does not verify it again.
    const done = await setUp.verify(app.generate());
    expect(done.status).toBe('signedIn');
    expect(requestsOf(pool, 'VerifySoftwareToken')).toHaveLength(1);
    expect(
      bodiesOf(pool, 'RespondToAuthChallenge').filter((b) => b.ChallengeName === 'MFA_SETUP'),
    ).toHaveLength(2);
  });

  it('accepts the code of the 30-second step before (a clock a little behind)', async () => {
    await startPool({ mfa: 'required' });
    const { session } = startSession();
    const setUp = await setUpTotp(await signInWithPassword(session, USER.username, USER.password));
    const app = OTPAuth.URI.parse(setUp.uri) as OTPAuth.TOTP;
    const done = await setUp.verify(app.generate({ timestamp: Date.now() - 30_000 }));
    expect(done.status).toBe('signedIn');
  });

  it('labels the account with the username and names the pool as issuer by default, URI-encoded', async () => {
    const pool = await startPool({ mfa: 'required' });
    await pool.addUser({ username: 'bob smith', password: 'Passw0rd!1' });
    const { session } = startSession();
    const signIn = () => signInWithPassword(session, 'bob smith', 'Passw0rd!1');
    const plain = await setUpTotp(await signIn());
    expect(plain.uri).toBe(
      `otpauth://totp/${USER_POOL_ID}:bob%20smith?secret=${plain.secret}&issuer=${USER_POOL_ID}&algorithm=SHA1&digits=6&period=30`,
    );
    const named = await setUpTotp(await signIn(), {
      issuer: 'Ünïcode & Co',
      label: 'bob@example.com',
    });
    const app = OTPAuth.URI.parse(named.uri) as OTPAuth.TOTP;
    expect(app).toMatchObject({ issuer: 'Ünïcode & Co', label: 'bob@example.com' });
    expect(named.uri).toContain('otpauth://totp/%C3%9Cn%C3%AFcode%20%26%20Co:bob%40example.com?');
    const step = await signIn();
    const associations = requestsOf(pool, 'AssociateSoftwareToken').length;
    await expect(setUpTotp(step, { issuer: 'a:b' })).rejects.toThrow(/must not contain a colon/);
    expect(requestsOf(pool, 'AssociateSoftwareToken')).toHaveLength(associations);
  });

  it('comes after a new password, and ends in tokens', async () => {
    const pool = await startPool({ mfa: 'required' });
    await pool.addUser({
      username: 'newhire',
      password: 'Temp-Pass-1',
      status: 'FORCE_CHANGE_PASSWORD',
    });
    const { session } = startSession();
    const first = await signInWithPassword(session, 'newhire', 'Temp-Pass-1');
    expect(first).toMatchObject({ status: 'challenge', name: 'NEW_PASSWORD_REQUIRED' });
    if (first.status !== 'challenge') return;
    const second = await first.respond({ NEW_PASSWORD: 'Brand-New-Pass-2' });
    expect(second).toMatchObject({
      status: 'challenge',
      name: 'MFA_SETUP',
      parameters: { MFAS_CAN_SETUP: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA', 'EMAIL_OTP'] },
    });
    const setUp = await setUpTotp(second);
    const done = await setUp.verify((OTPAuth.URI.parse(setUp.uri) as OTPAuth.TOTP).generate());
    expect(done).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'newhire' } });
  });

  it('explains, without a request, when the pool offers only email codes', async () => {
    const pool = await startPool({ mfa: 'required', mfaFactors: ['EMAIL_OTP'] });
    const { session } = startSession();
    const step = await signInWithPassword(session, USER.username, USER.password);
    expect(step).toMatchObject({
      name: 'MFA_SETUP',
      parameters: { MFAS_CAN_SETUP: ['EMAIL_OTP'] },
    });
    const attempt = setUpTotp(step);
    await expect(attempt).rejects.toMatchObject({ name: 'SessionError', code: 'challenge' });
    await expect(attempt).rejects.toThrow(
      /does not offer authenticator apps \(MFAS_CAN_SETUP: EMAIL_OTP\)\. To set up email codes, answer with respond\(\{ EMAIL: address \}\)/,
    );
    expect(requestsOf(pool, 'AssociateSoftwareToken')).toHaveLength(0);
  });

  it('explains each factor the pool offers instead, when authenticator apps are not among them', async () => {
    await startPool({ mfa: 'required', mfaFactors: ['SMS_MFA', 'EMAIL_OTP'] });
    const { session } = startSession();
    const step = await signInWithPassword(session, USER.username, USER.password);
    expect(step).toMatchObject({ parameters: { MFAS_CAN_SETUP: ['SMS_MFA', 'EMAIL_OTP'] } });
    await expect(setUpTotp(step)).rejects.toMatchObject({
      code: 'challenge',
      message:
        'This user pool does not offer authenticator apps (MFAS_CAN_SETUP: SMS_MFA, EMAIL_OTP). To set up email codes, answer with respond({ EMAIL: address }). SMS codes need a phone number on the user (added by an administrator or at sign-up) before signing in again.',
    });
  });

  it('sets up email codes as the error says: respond({ EMAIL }), then the code sent there', async () => {
    const pool = await startPool({ mfa: 'required', mfaFactors: ['EMAIL_OTP'] });
    const { session } = startSession();
    const setup = await signInWithPassword(session, USER.username, USER.password);
    if (setup.status !== 'challenge') throw new Error('expected MFA_SETUP');
    const email = await setup.respond({ EMAIL: 'alice@work.example' });
    expect(email).toMatchObject({
      status: 'challenge',
      name: 'EMAIL_OTP',
      parameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
        CODE_DELIVERY_DESTINATION: 'a***@w***',
      },
    });
    expect((await pool.sentCodes('alice')).map((sent) => sent.destination)).toEqual([
      'alice@work.example',
    ]);
    if (email.status !== 'challenge') return;
    const done = await email.respond({ EMAIL_OTP_CODE: await pool.lastCode('alice', 'EMAIL') });
    expect(done).toMatchObject({ status: 'signedIn', user: { email: 'alice@work.example' } });
    await session.signOut();
    const next = await signInWithPassword(session, USER.username, USER.password);
    expect(next).toMatchObject({ status: 'challenge', name: 'EMAIL_OTP' });
  });

  it('refuses a challenge other than MFA_SETUP, and what is not a challenge result', async () => {
    const pool = await startPool();
    await pool.addUser({
      username: 'sms',
      password: 'Passw0rd!1',
      mfa: { type: 'SMS_MFA', code: '123456' },
    });
    const { session } = startSession();
    const step = await signInWithPassword(session, 'sms', 'Passw0rd!1');
    await expect(setUpTotp(step)).rejects.toMatchObject({
      name: 'SessionError',
      code: 'challenge',
      message: expect.stringMatching(/this one is SMS_MFA: answer it with respond\(\)/),
    });
    await expect(setUpTotp({ ...step })).rejects.toThrow(
      new TypeError(
        'setUpTotp() expects the challenge result of signInWithPassword() (or of its respond()).',
      ),
    );
    expect(requestsOf(pool, 'AssociateSoftwareToken')).toHaveLength(0);
  });

  it('reports a sign-in that took too long as a challenge error', async () => {
    await startPool({ mfa: 'required' });
    const { session } = startSession();
    const setUp = await setUpTotp(await signInWithPassword(session, USER.username, USER.password));
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    const app = OTPAuth.URI.parse(setUp.uri) as OTPAuth.TOTP;
    await expect(setUp.verify(app.generate())).rejects.toMatchObject({
      code: 'challenge',
      providerCode: 'NotAuthorizedException',
      message: expect.stringMatching(/took too long/),
    });
  });
});
