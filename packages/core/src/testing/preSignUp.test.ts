import { describe, expect, it } from 'vitest';
import { callApi, claimsOf, POOL_CONFIG, setupPoolServer } from './cognitoTestClient.js';
import type { FakePreSignUpRequest } from './preSignUp.js';

const { usePool } = setupPoolServer();

const signUpBob = (extra: Record<string, unknown> = {}) =>
  callApi('SignUp', {
    ClientId: POOL_CONFIG.clientId,
    Username: 'bob',
    Password: 'N3w-Passw0rd!',
    UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
    ...extra,
  });

describe('the pre sign-up trigger (option preSignUp)', () => {
  it('is told the username, attributes, ValidationData and string ClientMetadata', async () => {
    const told: FakePreSignUpRequest[] = [];
    usePool({
      preSignUp: (request) => {
        told.push(request);
        return undefined;
      },
    });
    const answer = await signUpBob({
      ValidationData: [{ Name: 'invite', Value: 'abc' }],
      ClientMetadata: { source: 'web', count: 3 },
    });
    expect(answer.json).toMatchObject({ UserConfirmed: false, Session: expect.any(String) });
    expect(told).toEqual([
      {
        userName: 'bob',
        userAttributes: { email: 'bob@example.com' },
        validationData: { invite: 'abc' },
        clientMetadata: { source: 'web' },
      },
    ]);
  });

  it('refuses the sign-up when it throws, as Cognito answers a failed Lambda, and makes no user', async () => {
    const pool = usePool({
      preSignUp: ({ userAttributes }) => {
        if (!userAttributes.email?.endsWith('@work.example')) {
          throw new Error('Use your work address.');
        }
        return undefined;
      },
    });
    const refused = await signUpBob();
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      __type: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Use your work address..',
    });
    expect(await pool.hasUser('bob')).toBe(false);
    expect(await pool.sentCodes('bob')).toEqual([]);
    const taken = await signUpBob({
      UserAttributes: [{ Name: 'email', Value: 'bob@work.example' }],
    });
    expect(taken.json).toMatchObject({ UserConfirmed: false });
  });

  it('confirms the user at once with autoConfirmUser: no code, no Session, sign-in works', async () => {
    const pool = usePool({ preSignUp: () => ({ autoConfirmUser: true }) });
    const answer = await signUpBob();
    expect(answer.json).toEqual({ UserConfirmed: true, UserSub: expect.any(String) });
    expect(await pool.sentCodes('bob')).toEqual([]);
    const signIn = await callApi('InitiateAuth', {
      ClientId: POOL_CONFIG.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'bob', PASSWORD: 'N3w-Passw0rd!' },
    });
    const idToken = signIn.json.AuthenticationResult?.IdToken ?? '';
    // Confirmed, but the address was not verified.
    expect(claimsOf(idToken)).toMatchObject({ 'cognito:username': 'bob' });
    expect(claimsOf(idToken).email_verified).not.toBe(true);
  });

  it('marks the email address and phone number verified as asked, where the user has them', async () => {
    usePool({
      preSignUp: () => ({ autoConfirmUser: true, autoVerifyEmail: true, autoVerifyPhone: true }),
    });
    await signUpBob();
    const signIn = await callApi('InitiateAuth', {
      ClientId: POOL_CONFIG.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'bob', PASSWORD: 'N3w-Passw0rd!' },
    });
    const claims = claimsOf(signIn.json.AuthenticationResult?.IdToken ?? '');
    expect(claims).toMatchObject({ email_verified: true });
    expect(claims).not.toHaveProperty('phone_number_verified');
  });

  it('leaves an unconfirmed user waiting for the code when it only verifies the address', async () => {
    const pool = usePool({ preSignUp: () => ({ autoVerifyEmail: true }) });
    expect((await signUpBob()).json).toMatchObject({ UserConfirmed: false });
    expect(await pool.sentCodes('bob')).toHaveLength(1);
  });
});
