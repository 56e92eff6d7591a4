/**
 * A pool whose app client hides whether a user exists (`PreventUserExistenceErrors` `ENABLED`,
 * what the console sets; the kit's `preventUserExistenceErrors`): sessionkit's flows, and AWS's own
 * client amazon-cognito-identity-js, meet a username nobody has as Cognito answers it: a wrong
 * password after a simulated SRP challenge, a code "sent" to a simulated address, a wrong code.
 * Nothing says the user does not exist, and nothing signs in.
 */
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  confirmResetPassword,
  confirmSignUp,
  rejection,
  requestsOf,
  resendSignUpCode,
  resetPassword,
  signInWithChoice,
  signInWithPassword,
  startPool,
  startSession,
  USER,
  USER_POOL_ID,
  useMsw,
} from './harness.js';
import { memoryStore } from './referenceStorage.js';

useMsw();

const HIDING = { preventUserExistenceErrors: true } as const;
const WRONG_PASSWORD = {
  code: 'invalid_grant',
  providerCode: 'NotAuthorizedException',
  providerMessage: 'Incorrect username or password.',
};

describe('sessionkit against a pool that hides whether a user exists', () => {
  it('signInWithPassword: a username nobody has is a wrong password, by SRP and by USER_PASSWORD_AUTH, and the session stays signed out', async () => {
    const pool = await startPool(HIDING);
    const { session } = startSession();
    const bySrp = await rejection(signInWithPassword(session, 'nobody', 'Any-Passw0rd!'));
    expect(bySrp).toMatchObject(WRONG_PASSWORD);
    // The simulated challenge was answered with a proof, as a real one is.
    expect(requestsOf(pool, 'RespondToAuthChallenge')).toHaveLength(1);
    const wrongForAlice = await rejection(signInWithPassword(session, USER.username, 'Wr0ng!'));
    expect(bySrp.message).toBe(wrongForAlice.message);
    const byPassword = await rejection(
      signInWithPassword(session, 'nobody', 'Any-Passw0rd!', { authFlow: 'USER_PASSWORD_AUTH' }),
    );
    expect(byPassword).toMatchObject(WRONG_PASSWORD);
    expect(session.getState().status).toBe('signedOut');
  });

  it('resetPassword "sends" a code to a simulated address; confirmResetPassword then refuses the code', async () => {
    const pool = await startPool(HIDING);
    const { session } = startSession();
    const { codeDelivery } = await resetPassword(session, 'nobody');
    expect(codeDelivery).toEqual({
      medium: 'EMAIL',
      destination: expect.stringMatching(/^[a-z]\*\*\*@[a-z]\*\*\*$/),
      attributeName: 'email',
    });
    expect(await pool.sentCodes()).toEqual([]);
    const refused = await rejection(
      confirmResetPassword(session, 'nobody', '123456', 'Br4nd-New-Pass!'),
    );
    expect(refused).toMatchObject({ code: 'challenge', providerCode: 'CodeMismatchException' });
  });

  it('resendSignUpCode answers a simulated delivery; confirmSignUp refuses the code as expired', async () => {
    await startPool(HIDING);
    const { session } = startSession();
    const { codeDelivery } = await resendSignUpCode(session, 'nobody');
    expect(codeDelivery).toMatchObject({ medium: 'EMAIL', attributeName: 'email' });
    const refused = await rejection(confirmSignUp(session, 'nobody', '123456'));
    expect(refused).toMatchObject({ code: 'challenge', providerCode: 'ExpiredCodeException' });
  });

  it("signInWithChoice: the pool's ways are offered; an emailed code is wrong, and so is a password", async () => {
    await startPool({
      ...HIDING,
      explicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
    });
    const { session } = startSession();
    const select = await signInWithChoice(session, 'nobody');
    expect(select).toMatchObject({
      status: 'challenge',
      name: 'SELECT_CHALLENGE',
      availableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'],
    });
    if (select.status !== 'challenge' || select.name !== 'SELECT_CHALLENGE') return;
    const email = await select.select('EMAIL_OTP');
    expect(email).toMatchObject({ status: 'challenge', name: 'EMAIL_OTP' });
    if (email.status !== 'challenge' || email.name !== 'EMAIL_OTP') return;
    const wrongCode = await rejection(email.respond({ EMAIL_OTP_CODE: '12345678' }));
    expect(wrongCode).toMatchObject({ code: 'challenge', providerCode: 'CodeMismatchException' });
    const refused = await rejection(
      signInWithChoice(session, 'nobody', { preferredChallenge: 'PASSWORD', password: 'x1!Aaaaa' }),
    );
    expect(refused).toMatchObject(WRONG_PASSWORD);
    expect(session.getState().status).toBe('signedOut');
  });

  it('a user who exists signs in as before', async () => {
    await startPool(HIDING);
    const { session } = startSession();
    expect((await signInWithPassword(session, USER.username, USER.password)).status).toBe(
      'signedIn',
    );
  });
});

describe('amazon-cognito-identity-js against a pool that hides whether a user exists', () => {
  const referencePool = () =>
    new CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: CLIENT_ID, Storage: memoryStore() });
  const userOf = (username: string) =>
    new CognitoUser({ Username: username, Pool: referencePool(), Storage: memoryStore() });

  it('its SRP sign-in of a username nobody has ends in NotAuthorizedException "Incorrect username or password."', async () => {
    const pool = await startPool(HIDING);
    const failure = await new Promise<{ code?: string; message: string }>((resolve, reject) =>
      userOf('nobody').authenticateUser(
        new AuthenticationDetails({ Username: 'nobody', Password: 'Any-Passw0rd!' }),
        { onSuccess: () => reject(new Error('signed in')), onFailure: resolve },
      ),
    );
    expect(failure).toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    // AWS's client computed its proof from the simulated challenge and sent it.
    expect(requestsOf(pool, 'RespondToAuthChallenge')[0]?.body).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { PASSWORD_CLAIM_SIGNATURE: expect.any(String) },
    });
  });

  it('its forgotPassword of a username nobody has succeeds with the simulated delivery', async () => {
    await startPool(HIDING);
    const data = await new Promise<unknown>((resolve, reject) =>
      userOf('nobody').forgotPassword({ onSuccess: resolve, onFailure: reject }),
    );
    expect(data).toEqual({
      CodeDeliveryDetails: {
        AttributeName: 'email',
        DeliveryMedium: 'EMAIL',
        Destination: expect.stringMatching(/^[a-z]\*\*\*@[a-z]\*\*\*$/),
      },
    });
  });

  it('its custom sign-in of a username nobody has: the question, then NotAuthorizedException for tokens', async () => {
    await startPool({
      ...HIDING,
      customAuth: {
        defineAuthChallenge: ({ session }) =>
          session.at(-1)?.challengeResult
            ? { issueTokens: true, failAuthentication: false }
            : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false },
        createAuthChallenge: () => ({ publicChallengeParameters: { question: '6 × 7?' } }),
        verifyAuthChallengeResponse: () => ({ answerCorrect: true }),
      },
    });
    const user = userOf('nobody');
    user.setAuthenticationFlowType('CUSTOM_AUTH');
    const asked: unknown[] = [];
    const failure = await new Promise<{ code?: string; message: string }>((resolve, reject) => {
      const callbacks = {
        onSuccess: () => reject(new Error('signed in')),
        onFailure: resolve,
        customChallenge: (parameters: unknown) => {
          asked.push(parameters);
          user.sendCustomChallengeAnswer('42', callbacks);
        },
      };
      user.initiateAuth(new AuthenticationDetails({ Username: 'nobody' }), callbacks);
    });
    expect(asked).toEqual([{ question: '6 × 7?', USERNAME: 'nobody' }]);
    expect(failure).toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });
});
