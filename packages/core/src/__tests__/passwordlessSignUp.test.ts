/**
 * Sign-up without a password (Amplify's passwordless sign-up) against the testing kit's pool: the
 * request, confirmSignUp signing in with the sign-up's Session, codes after that, the pool's
 * refusals, and no password proof for the user that has none.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { passwordVerifierResponses } from '../testing/cognitoTestClient.js';
import {
  CLIENT_ID,
  confirmSignUp,
  REGION,
  requestsOf,
  signInWithChoice,
  signUp,
  startPool,
  startSession,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';

const PASSWORDLESS = {
  explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
  userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
} as const;

describe('sign-up without a password', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('sends no Password, confirms with signIn: true, and later signs in with an email code', async () => {
    const pool = await startPool(PASSWORDLESS);
    const { session } = startSession();
    const result = await signUp(session, {
      username: 'bob',
      attributes: { email: 'bob@example.com' },
    });
    expect(result).toMatchObject({ status: 'confirmSignUp', codeDelivery: { medium: 'EMAIL' } });
    expect(requestsOf(pool, 'SignUp')[0]?.body).toEqual({
      ClientId: CLIENT_ID,
      Username: 'bob',
      UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
    });
    const confirmed = await confirmSignUp(session, 'bob', await pool.lastCode('bob'), {
      signIn: true,
    });
    expect(confirmed).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'bob' } });
    expect(session.getState()).toMatchObject({
      status: 'signedIn',
      user: { 'cognito:username': 'bob' },
    });
    await session.signOut();
    // Later: codes are offered, passwords are not (there is none).
    const choice = await signInWithChoice(session, 'bob');
    expect(choice).toMatchObject({ status: 'challenge', name: 'SELECT_CHALLENGE' });
    if (choice.status !== 'challenge' || choice.name !== 'SELECT_CHALLENGE') return;
    expect(choice.availableChallenges).toEqual(['EMAIL_OTP']);
  });

  it('no password proof works for the user: SRP with an empty password is refused', async () => {
    const pool = await startPool(PASSWORDLESS);
    const { session } = startSession();
    await signUp(session, { username: 'bob', attributes: { email: 'bob@example.com' } });
    await confirmSignUp(session, 'bob', await pool.lastCode('bob'));
    // Asked as any client could, with the proof of an empty password.
    const { createSrpClientKeys } = await import('../providers/cognito/srp.js');
    const call = async (operation: string, body: object) => {
      const response = await fetch(`https://cognito-idp.${REGION}.amazonaws.com/`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        },
        body: JSON.stringify({ ClientId: CLIENT_ID, ...body }),
      });
      return (await response.json()) as {
        ChallengeParameters?: Record<string, string>;
        __type?: string;
      };
    };
    const keys = createSrpClientKeys();
    const started = await call('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      AuthParameters: { USERNAME: 'bob', SRP_A: keys.A.toString(16) },
    });
    const parameters = started.ChallengeParameters ?? {};
    const answered = await call('RespondToAuthChallenge', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        ...(await passwordVerifierResponses(keys, parameters, '', USER_POOL_ID)),
        USERNAME: 'bob',
      },
    });
    expect(answered).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('is refused where codes cannot replace the password, and an empty password is a TypeError', async () => {
    const plain = await startPool();
    const { session } = startSession();
    await expect(
      signUp(session, { username: 'bob', attributes: { email: 'bob@example.com' } }),
    ).rejects.toMatchObject({
      code: 'provider',
      providerCode: 'InvalidParameterException',
      providerMessage: 'Missing required parameter Password',
    });
    await startPool(PASSWORDLESS);
    await expect(
      signUp(session, { username: 'bob', attributes: { name: 'Bob' } }),
    ).rejects.toMatchObject({
      providerMessage: 'A user without a password needs email for passwordless sign-in.',
    });
    await expect(signUp(session, { username: 'bob', password: '' })).rejects.toThrow(
      'signUp(): password must be a non-empty string.',
    );
    expect(requestsOf(plain, 'SignUp')).toHaveLength(1);
  });
});
