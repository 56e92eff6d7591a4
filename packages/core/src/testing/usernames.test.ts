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
    ).toThrow(/usernameAttributes takes 'email', 'phone_number'/);
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

describe('aliasAttributes', () => {
  const ALIAS_POOL = { aliasAttributes: ['email', 'preferred_username'] } as const;
  const signUpAs = (username: string, email: string) =>
    callApi('SignUp', {
      ClientId: POOL_CONFIG.clientId,
      Username: username,
      Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: email }],
    });
  const confirm = (username: string, code: string, force?: boolean) =>
    callApi('ConfirmSignUp', {
      ClientId: POOL_CONFIG.clientId,
      Username: username,
      ConfirmationCode: code,
      ...(force === undefined ? {} : { ForceAliasCreation: force }),
    });
  const passwordSignIn = (username: string) =>
    callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: username, PASSWORD },
    });

  it('refuses usernameAttributes and aliasAttributes together, and an unknown alias', () => {
    expect(() =>
      createFakeUserPool({
        ...POOL_CONFIG,
        usernameAttributes: ['email'],
        aliasAttributes: ['email'],
      }),
    ).toThrow(/not both/);
    expect(() =>
      createFakeUserPool({ ...POOL_CONFIG, aliasAttributes: ['name' as 'email'] }),
    ).toThrow(/aliasAttributes takes/);
  });

  it('refuses a username shaped like an alias address', async () => {
    usePool(ALIAS_POOL);
    expect((await signUpAs('kim@example.com', 'kim@example.com')).json).toEqual({
      __type: 'InvalidParameterException',
      message: 'Username cannot be of email format, since user pool is configured for email alias.',
    });
    expect((await signUpAs('kim', 'kim@example.com')).status).toBe(200);
  });

  it('an address signs in once verified; a preferred_username at once', async () => {
    const pool = usePool(ALIAS_POOL);
    await pool.addUser({
      username: 'frank',
      password: PASSWORD,
      attributes: { email: 'frank@example.com', preferred_username: 'franky' },
    });
    expect((await passwordSignIn('frank@example.com')).json.__type).toBe('UserNotFoundException');
    expect((await passwordSignIn('franky')).json.AuthenticationResult).toBeDefined();
    await pool.addUser({
      username: 'frank',
      password: PASSWORD,
      attributes: { email: 'frank@example.com', email_verified: 'true' },
    });
    const answer = await passwordSignIn('FRANK@example.com');
    expect(answer.json.AuthenticationResult).toBeDefined();
  });

  it('a second account confirming a verified address is refused, unless it forces the alias', async () => {
    const pool = usePool(ALIAS_POOL);
    await pool.addUser({
      username: 'grace',
      password: PASSWORD,
      attributes: { email: 'shared@example.com', email_verified: 'true' },
    });
    expect((await signUpAs('heidi', 'shared@example.com')).status).toBe(200);
    const code = await pool.lastCode('heidi');
    expect((await confirm('heidi', code)).json).toEqual({
      __type: 'AliasExistsException',
      message: 'An account with the email already exists.',
    });
    // Refused, nothing changed: heidi is still unconfirmed, grace still has the alias.
    expect((await passwordSignIn('heidi')).json.__type).toBe('UserNotConfirmedException');
    expect((await passwordSignIn('shared@example.com')).json.AuthenticationResult).toBeDefined();

    expect((await confirm('heidi', code, true)).status).toBe(200);
    const signedIn = await passwordSignIn('shared@example.com');
    const idToken = signedIn.json.AuthenticationResult.IdToken as string;
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString());
    expect(claims['cognito:username']).toBe('heidi');
  });
  it('verifying an address another account has verified is refused', async () => {
    const pool = usePool(ALIAS_POOL);
    await pool.addUser({
      username: 'grace',
      password: PASSWORD,
      attributes: { email: 'shared@example.com', email_verified: 'true' },
    });
    await pool.addUser({
      username: 'ivan',
      password: PASSWORD,
      attributes: { email: 'ivan@example.com', email_verified: 'true' },
    });
    const AccessToken = (await passwordSignIn('ivan')).json.AuthenticationResult.AccessToken;
    await callApi('UpdateUserAttributes', {
      AccessToken,
      UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }],
    });
    const verify = await callApi('VerifyUserAttribute', {
      AccessToken,
      AttributeName: 'email',
      Code: await pool.lastCode('ivan'),
    });
    expect(verify.json).toEqual({
      __type: 'AliasExistsException',
      message: 'An account with the email already exists.',
    });
  });

  it("a preferred_username names one user: another's is refused at sign-up and in a change", async () => {
    const pool = usePool(ALIAS_POOL);
    await pool.addUser({
      username: 'grace',
      password: PASSWORD,
      attributes: { preferred_username: 'gracie' },
    });
    await pool.addUser({ username: 'ivan', password: PASSWORD });
    const taken = (name: string) =>
      callApi('SignUp', {
        ClientId: POOL_CONFIG.clientId,
        Username: 'judy',
        Password: PASSWORD,
        UserAttributes: [{ Name: 'preferred_username', Value: name }],
      });
    for (const name of ['gracie', 'ivan']) {
      expect((await taken(name)).json).toEqual({
        __type: 'UsernameExistsException',
        message: 'An account with the given preferred_username already exists.',
      });
    }
    const AccessToken = (await passwordSignIn('ivan')).json.AuthenticationResult.AccessToken;
    const change = (value: string) =>
      callApi('UpdateUserAttributes', {
        AccessToken,
        UserAttributes: [{ Name: 'preferred_username', Value: value }],
      });
    expect((await change('gracie')).json).toEqual({
      __type: 'AliasExistsException',
      message: 'An account with the given preferred_username already exists.',
    });
    // Its own username, and a free name, are fine; grace keeps hers.
    expect((await change('ivan')).status).toBe(200);
    expect((await change('vanya')).status).toBe(200);
    expect((await passwordSignIn('vanya')).json.AuthenticationResult).toBeDefined();
    expect((await passwordSignIn('gracie')).json.AuthenticationResult).toBeDefined();
  });
});

describe('usernameCaseSensitive', () => {
  const passwordSignIn = (username: string) =>
    callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: username, PASSWORD },
    });

  it('false: a username matches in any case; tokens keep its own case', async () => {
    const pool = usePool({ usernameCaseSensitive: false });
    await pool.addUser({ username: 'liam', password: PASSWORD });
    const answer = await passwordSignIn('LIAM');
    const idToken = answer.json.AuthenticationResult.IdToken as string;
    const claims = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString());
    expect(claims['cognito:username']).toBe('liam');
    expect((await signUp('Liam')).json).toEqual({
      __type: 'UsernameExistsException',
      message: 'User already exists',
    });
  });

  it('by default a username matches in its own case only', async () => {
    const pool = usePool();
    await pool.addUser({ username: 'liam', password: PASSWORD });
    expect((await passwordSignIn('LIAM')).json.__type).toBe('UserNotFoundException');
    expect((await signUp('Liam')).status).toBe(200);
  });
});
