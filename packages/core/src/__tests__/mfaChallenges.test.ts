/**
 * The MFA challenges a sign-in meets, answered through the generic `respond(answers)`, end to end
 * against the testing kit's pool over MSW: SELECT_MFA_TYPE (ANSWER), SOFTWARE_TOKEN_MFA with real
 * RFC 6238 codes (computed by the otpauth package), SMS_MFA and EMAIL_OTP with the codes the pool
 * "sent" (read back from the pool).
 */
import * as OTPAuth from 'otpauth';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type PasswordSignInResult, signInWithPassword } from '../index.js';
import { requestsOf, startPool, startSession, useFakeClock, useMsw } from './harness.js';

const BOB = { username: 'bob', password: 'Passw0rd!1' };
/** A fixed secret: with the fake clock's fixed start, every code below is the same at each run. */
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const app = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(SECRET) });

function asChallenge(step: PasswordSignInResult) {
  if (step.status !== 'challenge') throw new Error(`expected a challenge, got ${step.status}`);
  return step;
}

function lastAnswer(pool: Awaited<ReturnType<typeof startPool>>) {
  return requestsOf(pool, 'RespondToAuthChallenge').at(-1)?.body;
}

describe('MFA challenges answered with respond()', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('SELECT_MFA_TYPE lists the choices; ANSWER EMAIL_OTP sends an email code, read from the pool', async () => {
    const pool = await startPool({ mfa: 'optional' });
    await pool.addUser({
      ...BOB,
      attributes: { email: 'bob@example.com' },
      mfa: [{ type: 'SOFTWARE_TOKEN_MFA', secret: SECRET }, { type: 'EMAIL_OTP' }],
    });
    const { session } = startSession();
    const select = asChallenge(await signInWithPassword(session, BOB.username, BOB.password));
    expect(select).toMatchObject({
      name: 'SELECT_MFA_TYPE',
      parameters: { MFAS_CAN_CHOOSE: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] },
    });
    expect(await pool.sentCodes('bob')).toEqual([]);

    const email = asChallenge(await select.respond({ ANSWER: 'EMAIL_OTP' }));
    expect(lastAnswer(pool)).toMatchObject({
      ChallengeName: 'SELECT_MFA_TYPE',
      ChallengeResponses: { USERNAME: 'bob', ANSWER: 'EMAIL_OTP' },
    });
    expect(email).toMatchObject({
      name: 'EMAIL_OTP',
      parameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
        CODE_DELIVERY_DESTINATION: 'b***@e***',
      },
    });
    const sent = await pool.sentCodes('bob');
    expect(sent).toEqual([
      {
        username: 'bob',
        medium: 'EMAIL',
        destination: 'bob@example.com',
        code: expect.stringMatching(/^\d{6}$/),
        time: Date.now(),
      },
    ]);
    const code = await pool.lastCode('bob', 'EMAIL');
    expect(code).toBe(sent[0]?.code);

    const wrong = code === '000000' ? '000001' : '000000';
    await expect(email.respond({ EMAIL_OTP_CODE: wrong })).rejects.toMatchObject({
      code: 'challenge',
      providerCode: 'CodeMismatchException',
    });
    const done = await email.respond({ EMAIL_OTP_CODE: code });
    expect(done).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'bob' } });
    expect(lastAnswer(pool)).toMatchObject({
      ChallengeName: 'EMAIL_OTP',
      ChallengeResponses: { USERNAME: 'bob', EMAIL_OTP_CODE: code },
    });
  });

  it('SELECT_MFA_TYPE with ANSWER SOFTWARE_TOKEN_MFA asks for the authenticator code', async () => {
    const pool = await startPool({ mfa: 'optional' });
    await pool.addUser({
      ...BOB,
      attributes: { phone_number: '+15555550123' },
      mfa: [{ type: 'SMS_MFA' }, { type: 'SOFTWARE_TOKEN_MFA', secret: SECRET }],
    });
    const { session } = startSession();
    const select = asChallenge(await signInWithPassword(session, BOB.username, BOB.password));
    expect(select.parameters.MFAS_CAN_CHOOSE).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    await expect(select.respond({ ANSWER: 'EMAIL_OTP' })).rejects.toMatchObject({
      code: 'provider',
      providerCode: 'InvalidParameterException',
    });
    const totp = asChallenge(await select.respond({ ANSWER: 'SOFTWARE_TOKEN_MFA' }));
    expect(totp.name).toBe('SOFTWARE_TOKEN_MFA');
    expect(await pool.sentCodes()).toEqual([]);
    const done = await totp.respond({ SOFTWARE_TOKEN_MFA_CODE: app.generate() });
    expect(done.status).toBe('signedIn');
  });

  it('asks for the preferred factor directly', async () => {
    const pool = await startPool({ mfa: 'optional' });
    await pool.addUser({
      ...BOB,
      attributes: { email: 'bob@example.com' },
      mfa: [{ type: 'SOFTWARE_TOKEN_MFA', secret: SECRET }, { type: 'EMAIL_OTP' }],
      preferredMfa: 'EMAIL_OTP',
    });
    const { session } = startSession();
    const step = asChallenge(await signInWithPassword(session, BOB.username, BOB.password));
    expect(step.name).toBe('EMAIL_OTP');
    const done = await step.respond({ EMAIL_OTP_CODE: await pool.lastCode('bob') });
    expect(done.status).toBe('signedIn');
  });

  it('SMS_MFA sends a code to the masked phone number; each sign-in sends a new one', async () => {
    const pool = await startPool({ mfa: 'optional' });
    await pool.addUser({
      ...BOB,
      attributes: { phone_number: '+15555550123' },
      mfa: { type: 'SMS_MFA' },
    });
    const { session } = startSession();
    const first = asChallenge(await signInWithPassword(session, BOB.username, BOB.password));
    expect(first).toMatchObject({
      name: 'SMS_MFA',
      parameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
        CODE_DELIVERY_DESTINATION: '+*******0123',
      },
    });
    const second = asChallenge(await signInWithPassword(session, BOB.username, BOB.password));
    const sent = await pool.sentCodes('bob');
    expect(sent.map(({ medium, destination }) => ({ medium, destination }))).toEqual([
      { medium: 'SMS', destination: '+15555550123' },
      { medium: 'SMS', destination: '+15555550123' },
    ]);
    // Each challenge checks its own code.
    const done = await second.respond({ SMS_MFA_CODE: await pool.lastCode('bob', 'SMS') });
    expect(done.status).toBe('signedIn');
    expect(lastAnswer(pool)).toMatchObject({
      ChallengeName: 'SMS_MFA',
      ChallengeResponses: { USERNAME: 'bob', SMS_MFA_CODE: sent[1]?.code },
    });
    await expect(pool.lastCode('bob', 'EMAIL')).rejects.toThrow(/sent no EMAIL code to "bob"/);
  });

  it('a required pool texts a user who has a phone number instead of setting up MFA', async () => {
    const pool = await startPool({
      mfa: 'required',
      mfaFactors: ['SOFTWARE_TOKEN_MFA', 'SMS_MFA'],
    });
    await pool.addUser({ ...BOB, attributes: { phone_number: '+15555550199' } });
    const { session } = startSession();
    const step = asChallenge(await signInWithPassword(session, BOB.username, BOB.password));
    expect(step.name).toBe('SMS_MFA');
    expect(await pool.sentCodes('bob')).toHaveLength(1);
  });

  it('SOFTWARE_TOKEN_MFA checks real codes: a wrong one is a challenge error, then the right one signs in', async () => {
    const pool = await startPool();
    await pool.addUser({ ...BOB, mfa: { type: 'SOFTWARE_TOKEN_MFA', secret: SECRET } });
    const { session } = startSession();
    const step = asChallenge(await signInWithPassword(session, BOB.username, BOB.password));
    expect(step.name).toBe('SOFTWARE_TOKEN_MFA');

    // Two steps old: outside the ±1 step Cognito allows.
    const stale = app.generate({ timestamp: Date.now() - 60_000 });
    await expect(step.respond({ SOFTWARE_TOKEN_MFA_CODE: stale })).rejects.toMatchObject({
      name: 'SessionError',
      code: 'challenge',
      providerCode: 'CodeMismatchException',
      message: expect.stringMatching(/The code is wrong/),
    });
    expect(session.getState()).toEqual({ status: 'signedOut', reason: null });
    const done = await step.respond({ SOFTWARE_TOKEN_MFA_CODE: app.generate() });
    expect(done.status).toBe('signedIn');
  });

  it('SOFTWARE_TOKEN_MFA accepts the code of the next 30-second step (a clock a little ahead)', async () => {
    const pool = await startPool();
    await pool.addUser({ ...BOB, mfa: { type: 'SOFTWARE_TOKEN_MFA', secret: SECRET } });
    const { session } = startSession();
    const step = asChallenge(await signInWithPassword(session, BOB.username, BOB.password));
    const ahead = app.generate({ timestamp: Date.now() + 30_000 });
    expect((await step.respond({ SOFTWARE_TOKEN_MFA_CODE: ahead })).status).toBe('signedIn');
  });
});
