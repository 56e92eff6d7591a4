/**
 * The kit's choice-based sign-in (userAuth.ts, userAuthFactors.ts, userAuthSteps.ts) on the wire:
 * what it offers, the input it refuses, and which answers a challenge `Session` takes, each
 * refusal word for word.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALICE,
  callApi,
  createClock,
  INVALID_SESSION,
  OTHER_CLIENT,
  POOL_CONFIG,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';
import { confirmedDevice } from './deviceTestClient.js';
import type { FakeUserInput } from './fakePoolTypes.js';
import type { FakeUserPoolOptions } from './fakeUserPoolOptions.js';

const { usePool, useTwoAppClients } = setupPoolServer();
const { clientId: ClientId } = POOL_CONFIG;
const VERIFIED = { email: 'alice@example.com', email_verified: 'true' };
const CHOICE: Partial<FakeUserPoolOptions> = {
  explicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
};

async function choicePool(user: Partial<FakeUserInput> = {}, options = CHOICE) {
  const pool = usePool(options);
  await pool.addUser({ ...ALICE, attributes: VERIFIED, ...user });
  return pool;
}

const initiate = (AuthParameters: unknown, url?: string) =>
  callApi(
    'InitiateAuth',
    { AuthFlow: 'USER_AUTH', ClientId: url ? OTHER_CLIENT.clientId : ClientId, AuthParameters },
    url ? { url } : {},
  );

/** Opens the `EMAIL_OTP` challenge for alice; its `Session`. */
async function emailChallenge(): Promise<string> {
  const answer = await initiate({ USERNAME: ALICE.username, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
  expect(answer.json.ChallengeName).toBe('EMAIL_OTP');
  return answer.json.Session;
}

const respond = (
  Session: string,
  ChallengeResponses: Record<string, unknown>,
  { ChallengeName = 'EMAIL_OTP', url }: { ChallengeName?: string; url?: string } = {},
) =>
  callApi(
    'RespondToAuthChallenge',
    {
      ChallengeName,
      ClientId: url ? OTHER_CLIENT.clientId : ClientId,
      Session,
      ChallengeResponses: { USERNAME: ALICE.username, ...ChallengeResponses },
    },
    url ? { url } : {},
  );

afterEach(() => vi.restoreAllMocks());

describe('what USER_AUTH offers', () => {
  it('offers no password way to a pool whose policy has no PASSWORD', async () => {
    await choicePool({}, { ...CHOICE, userAuthFactors: ['EMAIL_OTP'] });
    const answer = await initiate({ USERNAME: ALICE.username });
    expect(answer.json).toMatchObject({
      ChallengeName: 'SELECT_CHALLENGE',
      AvailableChallenges: ['EMAIL_OTP'],
    });
  });

  it('refuses a user it can offer nothing, as a wrong password', async () => {
    await choicePool(
      { attributes: { email: 'alice@example.com' } },
      {
        ...CHOICE,
        userAuthFactors: ['EMAIL_OTP'],
      },
    );
    expect((await initiate({ USERNAME: ALICE.username })).json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('offers a user who must choose a new password only the password ways, even with EMAIL_OTP preferred', async () => {
    await choicePool({ status: 'FORCE_CHANGE_PASSWORD' });
    const answer = await initiate({ USERNAME: ALICE.username, PREFERRED_CHALLENGE: 'EMAIL_OTP' });
    expect(answer.json).toMatchObject({
      ChallengeName: 'SELECT_CHALLENGE',
      AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP'],
    });
    // The password then asks for the new one.
    const password = await initiate({
      USERNAME: ALICE.username,
      PREFERRED_CHALLENGE: 'PASSWORD',
      PASSWORD: ALICE.password,
    });
    expect(password.json.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('refuses an unknown user, a PREFERRED_CHALLENGE it does not know, and no AuthParameters', async () => {
    await choicePool();
    expect((await initiate({ USERNAME: 'nobody' })).json).toEqual({
      __type: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    expect(
      (await initiate({ USERNAME: ALICE.username, PREFERRED_CHALLENGE: 'SMS_MFA' })).json,
    ).toEqual({ __type: 'InvalidParameterException', message: 'Invalid PREFERRED_CHALLENGE' });
    for (const parameters of [null, 'alice', [ALICE.username]]) {
      expect((await initiate(parameters)).json, JSON.stringify(parameters)).toEqual({
        __type: 'InvalidParameterException',
        message: 'Missing required parameter USERNAME',
      });
    }
  });

  it("refuses a userAuthFactors option with a factor Cognito's policy does not have", () => {
    expect(() =>
      usePool({ ...CHOICE, userAuthFactors: ['PASSWORD', 'TOTP' as 'PASSWORD'] }),
    ).toThrow(
      'userAuthFactors must list some of PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN, got ["PASSWORD","TOTP"]',
    );
  });

  it('refuses one-time codes, and passkeys that are not MFA, in a pool that requires MFA, as Cognito does', () => {
    const required = { ...CHOICE, mfa: 'required', mfaFactors: ['SOFTWARE_TOKEN_MFA'] } as const;
    for (const codes of [['EMAIL_OTP'], ['SMS_OTP'], ['EMAIL_OTP', 'SMS_OTP']] as const) {
      expect(() => usePool({ ...required, userAuthFactors: ['PASSWORD', ...codes] })).toThrow(
        new RangeError(
          `userAuthFactors cannot list ${codes.join(' or ')} with mfa 'required': Cognito offers ` +
            'no one-time-code sign-in in a user pool that requires MFA.',
        ),
      );
    }
    const passkeyFirst = { ...required, userAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } as const;
    const notMfa =
      "userAuthFactors cannot list WEB_AUTHN with mfa 'required' unless webAuthn.factorConfiguration " +
      "is 'MULTI_FACTOR_WITH_USER_VERIFICATION' (a passkey that verifies the user counts as MFA).";
    expect(() => usePool(passkeyFirst)).toThrow(new RangeError(notMfa));
    expect(() => usePool({ ...passkeyFirst, webAuthn: {} })).toThrow(new RangeError(notMfa));
    expect(() =>
      usePool({ ...passkeyFirst, webAuthn: { factorConfiguration: 'SINGLE_FACTOR' } }),
    ).toThrow(new RangeError(notMfa));
    // What Cognito allows: passwords, and passkeys that count as MFA; codes where MFA is optional.
    usePool({ ...required, userAuthFactors: ['PASSWORD'] });
    usePool({
      ...passkeyFirst,
      webAuthn: { factorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
    });
    usePool({ ...CHOICE, mfa: 'optional', userAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] });
    usePool({ ...CHOICE, mfa: 'optional', userAuthFactors: ['WEB_AUTHN'], webAuthn: {} });
  });
});

describe('a one-time code', () => {
  it('has eight digits, leading zeros kept', async () => {
    const pool = await choicePool();
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
      if (array instanceof Uint32Array && array.length === 1) array.set([700_000_042]);
      return array;
    });
    await emailChallenge();
    vi.restoreAllMocks();
    expect(await pool.lastCode(ALICE.username, 'EMAIL')).toBe('00000042');
  });

  it('must be given: none or an empty one is refused, and the challenge stays open', async () => {
    const pool = await choicePool();
    const session = await emailChallenge();
    for (const code of [undefined, '', 12345678]) {
      expect((await respond(session, { EMAIL_OTP_CODE: code })).json, String(code)).toEqual({
        __type: 'InvalidParameterException',
        message: 'Missing required parameter EMAIL_OTP_CODE',
      });
    }
    const code = await pool.lastCode(ALICE.username, 'EMAIL');
    expect((await respond(session, { EMAIL_OTP_CODE: code })).json).toHaveProperty(
      'AuthenticationResult',
    );
  });

  it('signs in only a user whose account is in order', async () => {
    for (const [status, refusal] of [
      ['UNCONFIRMED', { __type: 'UserNotConfirmedException', message: 'User is not confirmed.' }],
      [
        'RESET_REQUIRED',
        {
          __type: 'PasswordResetRequiredException',
          message: 'Password reset required for the user',
        },
      ],
    ] as const) {
      const pool = await choicePool({ status });
      const session = await emailChallenge();
      const code = await pool.lastCode(ALICE.username, 'EMAIL');
      expect((await respond(session, { EMAIL_OTP_CODE: code })).json, status).toEqual(refusal);
    }
  });
});

describe("a challenge's Session", () => {
  it('is answered only for its challenge and its user', async () => {
    const pool = await choicePool();
    const session = await emailChallenge();
    const code = await pool.lastCode(ALICE.username, 'EMAIL');
    const answer = { EMAIL_OTP_CODE: code };
    expect((await respond(session, answer, { ChallengeName: 'SMS_OTP' })).json).toEqual(
      INVALID_SESSION,
    );
    await pool.addUser({ username: 'bob', password: ALICE.password, attributes: VERIFIED });
    expect((await respond(session, { ...answer, USERNAME: 'bob' })).json).toEqual(INVALID_SESSION);
    // Neither spent it.
    expect((await respond(session, answer)).json).toHaveProperty('AuthenticationResult');
  });

  it('is answered only under the app client that opened it, before it expires', async () => {
    const clock = createClock();
    const pool = useTwoAppClients({ ...CHOICE, now: clock.now });
    await pool.addUser({ ...ALICE, attributes: VERIFIED });
    const session = await emailChallenge();
    const answer = { EMAIL_OTP_CODE: await pool.lastCode(ALICE.username, 'EMAIL') };
    expect((await respond(session, answer, { url: OTHER_CLIENT.url })).json).toEqual(
      INVALID_SESSION,
    );
    clock.advance(180_000);
    expect((await respond(session, answer)).json).toEqual(INVALID_SESSION);
  });

  it('works once: a reused one is "session can only be used once" until it would have expired, then "session is expired"', async () => {
    const clock = createClock();
    const pool = usePool({ ...CHOICE, now: clock.now });
    await pool.addUser({ ...ALICE, attributes: VERIFIED });
    const session = await emailChallenge();
    const answer = { EMAIL_OTP_CODE: await pool.lastCode(ALICE.username, 'EMAIL') };
    expect((await respond(session, answer)).json.AuthenticationResult).toBeDefined();
    const USED = {
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session can only be used once.',
    };
    expect((await respond(session, answer)).json).toEqual(USED);
    clock.advance(179_000);
    expect((await respond(session, answer)).json).toEqual(USED);
    clock.advance(1_000);
    expect((await respond(session, answer)).json).toEqual(INVALID_SESSION);
    // A Session the pool never gave is no used one.
    expect((await respond('not-a-session', answer)).json).toEqual(INVALID_SESSION);
  });

  it('is remembered as used while another is used after it', async () => {
    const pool = usePool({ ...CHOICE, now: createClock().now });
    await pool.addUser({ ...ALICE, attributes: VERIFIED });
    const sessions: string[] = [];
    for (let n = 0; n < 2; n += 1) {
      const session = await emailChallenge();
      const answer = { EMAIL_OTP_CODE: await pool.lastCode(ALICE.username, 'EMAIL') };
      expect((await respond(session, answer)).status).toBe(200);
      sessions.push(session);
    }
    expect((await respond(sessions[0]!, { EMAIL_OTP_CODE: '12345678' })).json.message).toBe(
      'Invalid session for the user, session can only be used once.',
    );
  });

  it('of SELECT_CHALLENGE takes only a way it offered', async () => {
    await choicePool();
    const select = await initiate({ USERNAME: ALICE.username });
    expect(select.json.AvailableChallenges).toEqual(['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
    const answer = await respond(
      select.json.Session,
      { ANSWER: 'SMS_OTP' },
      { ChallengeName: 'SELECT_CHALLENGE' },
    );
    expect(answer.json).toEqual({
      __type: 'InvalidParameterException',
      message: 'Invalid ANSWER: not one of AvailableChallenges',
    });
  });

  it('signs in no user deleted since it was opened', async () => {
    const pool = await choicePool();
    const session = await emailChallenge();
    const code = await pool.lastCode(ALICE.username, 'EMAIL');
    const { AccessToken } = await signIn();
    expect((await callApi('DeleteUser', { AccessToken })).status).toBe(200);
    expect((await respond(session, { EMAIL_OTP_CODE: code })).json).toEqual(INVALID_SESSION);
  });

  it('keeps the device the sign-in presented for the answer that does not repeat it', async () => {
    const pool = await choicePool({}, { ...CHOICE, deviceTracking: 'always' });
    const { device } = await confirmedDevice();
    const opened = await initiate({
      USERNAME: ALICE.username,
      PREFERRED_CHALLENGE: 'EMAIL_OTP',
      DEVICE_KEY: device.deviceKey,
    });
    const code = await pool.lastCode(ALICE.username, 'EMAIL');
    const { json } = await respond(opened.json.Session, { EMAIL_OTP_CODE: code });
    // A known device: no new one.
    expect(json.AuthenticationResult).toHaveProperty('AccessToken');
    expect(json.AuthenticationResult).not.toHaveProperty('NewDeviceMetadata');
    expect(await pool.devices(ALICE.username)).toHaveLength(1);
  });
});
