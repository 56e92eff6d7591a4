import { describe, expect, it } from 'vitest';
import { callApi, POOL_CONFIG, setupPoolServer } from './cognitoTestClient.js';
import { createFakeUserPool } from './createFakeUserPool.js';
import type { UsernameAttribute } from './usernames.js';

const { usePool } = setupPoolServer();
const PASSWORD = 'N3w-Passw0rd!';
const UUID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

const signUp = (username: string) =>
  callApi('SignUp', { ClientId: POOL_CONFIG.clientId, Username: username, Password: PASSWORD });

describe('usernameAttributes', () => {
  it('takes only email and phone_number', () => {
    expect(() =>
      createFakeUserPool({
        ...POOL_CONFIG,
        usernameAttributes: ['preferred_username' as UsernameAttribute],
      }),
    ).toThrow(/'email' and 'phone_number'/);
  });

  it.each([
    [['email'], 'carol', 'Username should be an email.'],
    [['phone_number'], 'carol@example.com', 'Username should be a phone number.'],
    [['email', 'phone_number'], 'carol', 'Username should be either an email or a phone number.'],
  ] as const)('SignUp in a %j pool refuses %j', async (attributes, username, message) => {
    usePool({ usernameAttributes: attributes });
    expect((await signUp(username)).json).toEqual({
      __type: 'InvalidParameterException',
      message,
    });
  });

  it('a phone-number pool: SignUp sets phone_number, and the number signs in', async () => {
    const pool = usePool({ usernameAttributes: ['phone_number'] });
    const created = await signUp('+15555550123');
    expect(created.status).toBe(200);
    const sub = created.json.UserSub as string;
    expect(await pool.hasUser(sub)).toBe(true);
    expect((await signUp('+15555550123')).json).toEqual({
      __type: 'UsernameExistsException',
      message: 'An account with the given phone_number already exists.',
    });
  });

  it('names a user by address in an MFA answer, a password reset and USER_PASSWORD_AUTH', async () => {
    const pool = usePool({ usernameAttributes: ['email'] });
    await pool.addUser({
      username: UUID,
      password: PASSWORD,
      attributes: { email: 'erin@example.com', email_verified: 'true' },
      mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '246801' },
    });
    const challenge = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: 'ERIN@example.com', PASSWORD },
    });
    expect(challenge.json).toMatchObject({ ChallengeName: 'SOFTWARE_TOKEN_MFA' });
    const answer = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: challenge.json.Session,
      ChallengeResponses: { USERNAME: 'erin@example.com', SOFTWARE_TOKEN_MFA_CODE: '246801' },
    });
    expect(answer.json.AuthenticationResult).toHaveProperty('AccessToken');

    await callApi('ForgotPassword', {
      ClientId: POOL_CONFIG.clientId,
      Username: 'erin@example.com',
    });
    const reset = await callApi('ConfirmForgotPassword', {
      ClientId: POOL_CONFIG.clientId,
      Username: 'erin@example.com',
      ConfirmationCode: await pool.lastCode('erin@example.com'),
      Password: 'An0ther-Passw0rd!',
    });
    expect(reset.status).toBe(200);
    expect((await pool.sentCodes(UUID)).map((sent) => sent.purpose)).toEqual(['FORGOT_PASSWORD']);
  });

  it('an address another user answers to is not a username in a pool without them', async () => {
    const pool = usePool();
    await pool.addUser({
      username: UUID,
      password: PASSWORD,
      attributes: { email: 'erin@example.com' },
    });
    const answer = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: 'erin@example.com', PASSWORD },
    });
    expect(answer.json.__type).toBe('UserNotFoundException');
    expect((await signUp('erin@example.com')).status).toBe(200);
  });
});
