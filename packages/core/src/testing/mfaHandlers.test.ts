import { describe, expect, it } from 'vitest';
import {
  ALICE,
  callApi,
  createClock,
  OTHER_CLIENT,
  POOL_CONFIG,
  setupPoolServer,
  signIn,
} from './cognitoTestClient.js';
import { createFakeUserPool } from './createFakeUserPool.js';
import { totp } from './totp.js';

const { usePool, useTwoAppClients } = setupPoolServer();

function expectApiError(
  answer: { status: number; headers: Headers; json: unknown },
  type: string,
  message?: string | RegExp,
) {
  expect(answer.status).toBe(400);
  expect(answer.headers.get('x-amzn-errortype')).toBe(`${type}:`);
  expect(answer.json).toEqual({
    __type: type,
    message:
      message instanceof RegExp ? expect.stringMatching(message) : (message ?? expect.any(String)),
  });
}

/** A code of `secret` no authenticator shows at `now` (nor 30 s either side). */
async function wrongCode(secret: string, now: number): Promise<string> {
  const valid = await Promise.all([-30_000, 0, 30_000].map((shift) => totp(secret, now + shift)));
  let code = 0;
  while (valid.includes(String(code).padStart(6, '0'))) code++;
  return String(code).padStart(6, '0');
}

async function startMfaSetup(options: Parameters<typeof usePool>[0] = {}) {
  const clock = createClock();
  const pool = usePool({ now: clock.now, mfa: 'required', ...options });
  await pool.addUser(ALICE);
  const challenge = await callApi('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
  });
  return { clock, pool, challenge };
}

const respondMfaSetup = (session: unknown) =>
  callApi('RespondToAuthChallenge', {
    ClientId: POOL_CONFIG.clientId,
    ChallengeName: 'MFA_SETUP',
    Session: session,
    ChallengeResponses: { USERNAME: ALICE.username },
  });

describe('MFA_SETUP: AssociateSoftwareToken and VerifySoftwareToken with a Session', () => {
  it('hands out a secret and a new Session, checks real codes, and completes MFA_SETUP', async () => {
    const { clock, challenge } = await startMfaSetup({
      mfaFactors: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
    });
    expect(challenge.json).toEqual({
      ChallengeName: 'MFA_SETUP',
      Session: expect.any(String),
      ChallengeParameters: {
        USER_ID_FOR_SRP: 'alice',
        MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]',
      },
    });
    // The InitiateAuth Session cannot answer MFA_SETUP before a code was verified.
    expectApiError(await respondMfaSetup(challenge.json.Session), 'NotAuthorizedException');

    const associated = await callApi('AssociateSoftwareToken', { Session: challenge.json.Session });
    expect(associated.status).toBe(200);
    expect(associated.json).toEqual({
      SecretCode: expect.stringMatching(/^[A-Z2-7]{32}$/),
      Session: expect.any(String),
    });
    const { SecretCode: secret, Session: setupSession } = associated.json;
    expect(setupSession).not.toBe(challenge.json.Session);
    // Each answer replaces the Session: the old one is gone.
    expectApiError(
      await callApi('AssociateSoftwareToken', { Session: challenge.json.Session }),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );

    // Associated is not verified: the Session cannot answer MFA_SETUP yet.
    expectApiError(await respondMfaSetup(setupSession), 'NotAuthorizedException');
    const verify = (code: string) =>
      callApi('VerifySoftwareToken', {
        Session: setupSession,
        UserCode: code,
        FriendlyDeviceName: 'Phone',
      });
    expectApiError(
      await verify(await wrongCode(secret, clock.now())),
      'EnableSoftwareTokenMFAException',
      'Code mismatch and fail enable Software Token MFA',
    );
    // Another try with the same Session, with the code of the step before (a clock behind).
    const verified = await verify(await totp(secret, clock.now() - 30_000));
    expect(verified.status).toBe(200);
    expect(verified.json).toEqual({ Status: 'SUCCESS', Session: expect.any(String) });

    const done = await respondMfaSetup(verified.json.Session);
    expect(done.status).toBe(200);
    expect(done.json.AuthenticationResult).toMatchObject({
      IdToken: expect.any(String),
      RefreshToken: expect.any(String),
    });
    expectApiError(await respondMfaSetup(verified.json.Session), 'NotAuthorizedException');

    // The authenticator is now the user's: GetUser lists it, the next sign-in asks for it.
    const user = await callApi('GetUser', {
      AccessToken: done.json.AuthenticationResult.AccessToken,
    });
    expect(user.json).toMatchObject({ UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    const next = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    });
    expect(next.json.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    clock.advance(60_000);
    const answer = (code: string) =>
      callApi('RespondToAuthChallenge', {
        ClientId: POOL_CONFIG.clientId,
        ChallengeName: 'SOFTWARE_TOKEN_MFA',
        Session: next.json.Session,
        ChallengeResponses: { USERNAME: ALICE.username, SOFTWARE_TOKEN_MFA_CODE: code },
      });
    // Two steps old now: refused.
    expectApiError(
      await answer(await totp(secret, clock.now() - 60_000)),
      'CodeMismatchException',
      'Invalid code received for user',
    );
    expect((await answer(await totp(secret, clock.now()))).json.AuthenticationResult).toBeDefined();
  });

  it('refuses an access token and a Session together, or neither, and a UserCode that is not 6 digits', async () => {
    const { challenge } = await startMfaSetup();
    for (const input of [{}, { Session: challenge.json.Session, AccessToken: 'a.b.c' }]) {
      expectApiError(await callApi('AssociateSoftwareToken', input), 'InvalidParameterException');
    }
    const { Session } = (
      await callApi('AssociateSoftwareToken', { Session: challenge.json.Session })
    ).json;
    expectApiError(
      await callApi('VerifySoftwareToken', { Session, UserCode: '12345x' }),
      'InvalidParameterException',
      /userCode/,
    );
  });

  it('is refused in a pool without TOTP among its factors', async () => {
    const { challenge } = await startMfaSetup({ mfaFactors: ['EMAIL_OTP'] });
    expect(challenge.json.ChallengeParameters.MFAS_CAN_SETUP).toBe('["EMAIL_OTP"]');
    expectApiError(
      await callApi('AssociateSoftwareToken', { Session: challenge.json.Session }),
      'InvalidParameterException',
    );
  });
});

describe('MFA_SETUP sessions and inputs, word for word', () => {
  it('names the rule when both or neither credential come, and takes an empty Session as none', async () => {
    const { challenge } = await startMfaSetup({ mfa: 'optional' });
    expect(challenge.json.ChallengeName).toBeUndefined();
    for (const input of [{}, { Session: '' }, { Session: 'x', AccessToken: 'a.b.c' }]) {
      expectApiError(
        await callApi('AssociateSoftwareToken', input),
        'InvalidParameterException',
        'Either AccessToken or Session must be provided, not both.',
      );
    }
    const { AccessToken } = await signIn();
    const associated = await callApi('AssociateSoftwareToken', { AccessToken, Session: '' });
    expect(associated.json).toEqual({ SecretCode: expect.stringMatching(/^[A-Z2-7]{32}$/) });
  });

  it('refuses an MFA_SETUP Session at another app client of the pool, leaving it usable', async () => {
    const pool = useTwoAppClients({ mfa: 'required' });
    await pool.addUser(ALICE);
    const { Session } = (
      await callApi('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
      })
    ).json;
    expectApiError(
      await callApi('AssociateSoftwareToken', { Session }, { url: OTHER_CLIENT.url }),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
    expect((await callApi('AssociateSoftwareToken', { Session })).status).toBe(200);
  });

  it('refuses a UserCode of more or fewer than six digits, or with anything around them', async () => {
    const { challenge } = await startMfaSetup();
    const { Session } = (
      await callApi('AssociateSoftwareToken', { Session: challenge.json.Session })
    ).json;
    for (const UserCode of ['1234567', '12345', 'a123456', '123456 ', 123456]) {
      expectApiError(
        await callApi('VerifySoftwareToken', { Session, UserCode }),
        'InvalidParameterException',
        "1 validation error detected: Value at 'userCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [0-9]+",
      );
    }
  });

  it('gives each answer a Session of three minutes from then, no longer', async () => {
    const { clock, challenge } = await startMfaSetup();
    clock.advance(170_000);
    const associated = await callApi('AssociateSoftwareToken', { Session: challenge.json.Session });
    clock.advance(170_000);
    const code = await totp(associated.json.SecretCode, clock.now());
    const verified = await callApi('VerifySoftwareToken', {
      Session: associated.json.Session,
      UserCode: code,
    });
    expect(verified.json).toEqual({ Status: 'SUCCESS', Session: expect.any(String) });
    clock.advance(180_000);
    expectApiError(
      await respondMfaSetup(verified.json.Session),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
  });

  it('says what a pool without TOTP lacks and what a user without an authenticator lacks', async () => {
    const { challenge } = await startMfaSetup({ mfaFactors: ['EMAIL_OTP'] });
    expectApiError(
      await callApi('AssociateSoftwareToken', { Session: challenge.json.Session }),
      'InvalidParameterException',
      'Software token MFA is not enabled for this user pool',
    );
    await startMfaSetup({ mfa: 'optional' });
    const { AccessToken } = await signIn();
    expectApiError(
      await callApi('VerifySoftwareToken', { AccessToken, UserCode: '123456' }),
      'SoftwareTokenMFANotFoundException',
      'Software Token MFA has not been associated for the user.',
    );
  });
});

describe('AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference with an access token', () => {
  it('verifies a new authenticator, which SetUserMFAPreference can then turn on', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now, mfa: 'optional' });
    await pool.addUser(ALICE);
    const { AccessToken } = await signIn();
    const preferTotp = () =>
      callApi('SetUserMFAPreference', {
        AccessToken,
        SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
      });

    expectApiError(
      await callApi('VerifySoftwareToken', { AccessToken, UserCode: '123456' }),
      'SoftwareTokenMFANotFoundException',
    );
    const associated = await callApi('AssociateSoftwareToken', { AccessToken });
    expect(associated.json).toEqual({ SecretCode: expect.stringMatching(/^[A-Z2-7]{32}$/) });
    expectApiError(
      await preferTotp(),
      'InvalidParameterException',
      'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA',
    );
    const secret = associated.json.SecretCode;
    expectApiError(
      await callApi('VerifySoftwareToken', {
        AccessToken,
        UserCode: await wrongCode(secret, clock.now()),
      }),
      'EnableSoftwareTokenMFAException',
      'Code mismatch and fail enable Software Token MFA',
    );
    const verified = await callApi('VerifySoftwareToken', {
      AccessToken,
      UserCode: await totp(secret, clock.now()),
    });
    expect(verified.json).toEqual({ Status: 'SUCCESS' });
    expect((await callApi('GetUser', { AccessToken })).json.UserMFASettingList).toBeUndefined();

    expect((await preferTotp()).json).toEqual({});
    expect((await callApi('GetUser', { AccessToken })).json).toMatchObject({
      PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA',
      UserMFASettingList: ['SOFTWARE_TOKEN_MFA'],
    });
  });

  it('turns factors on and off; several on without a preference make sign-in ask to choose', async () => {
    const pool = usePool({ mfa: 'optional' });
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'alice@example.com', phone_number: '+15555550123' },
    });
    const { AccessToken } = await signIn();
    const set = (input: object) => callApi('SetUserMFAPreference', { AccessToken, ...input });
    expect(
      (await set({ SMSMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } }))
        .status,
    ).toBe(200);
    const initiate = () =>
      callApi('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
      });
    expect((await initiate()).json).toMatchObject({
      ChallengeName: 'SELECT_MFA_TYPE',
      ChallengeParameters: { MFAS_CAN_CHOOSE: '["SMS_MFA","EMAIL_OTP"]' },
    });
    await set({ EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
    expect((await initiate()).json).toMatchObject({
      ChallengeName: 'EMAIL_OTP',
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
        CODE_DELIVERY_DESTINATION: 'a***@e***',
      },
    });
    await set({ EmailMfaSettings: { Enabled: false } });
    expect((await initiate()).json.ChallengeName).toBe('SMS_MFA');
    await set({ SMSMfaSettings: { Enabled: false } });
    expect((await initiate()).json.AuthenticationResult).toBeDefined();
  });
});

describe('pool options and users', () => {
  it('refuses an unknown mfa mode or factor, and an EMAIL_OTP user without an email', async () => {
    const base = { ...POOL_CONFIG, explicitAuthFlows: [...POOL_CONFIG.explicitAuthFlows] };
    expect(() => createFakeUserPool({ ...base, mfa: 'on' as 'required' })).toThrow(RangeError);
    expect(() =>
      createFakeUserPool({ ...base, mfaFactors: ['TOTP' as 'SOFTWARE_TOKEN_MFA'] }),
    ).toThrow(/mfaFactors must list/);
    const pool = usePool();
    expect(() => pool.addUser({ ...ALICE, mfa: { type: 'EMAIL_OTP' } })).toThrow(
      /needs an email attribute/,
    );
  });
});
