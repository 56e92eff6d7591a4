/**
 * The app client's `PreventUserExistenceErrors` `ENABLED` (option `preventUserExistenceErrors`;
 * userExistence.ts, simulatedUserAuth.ts) on the wire: a username nobody has gets what AWS's guide
 * says, answers shaped as a real user's, and never `UserNotFoundException`.
 */
import { describe, expect, it } from 'vitest';
import { createSrpClientKeys } from '../providers/cognito/srp.js';
import {
  ALICE,
  callApi,
  POOL_CONFIG,
  passwordVerifierResponses,
  setupPoolServer,
  type WireAnswer,
} from './cognitoTestClient.js';
import { passwordThenQuestion } from './customAuthFixtures.js';
import type { FakeUserPoolOptions } from './fakeUserPoolOptions.js';
import { createEmptyPoolState } from './poolState.js';
import { spendSession, unknownSession } from './spentSessions.js';

const { usePool } = setupPoolServer();
const { clientId: ClientId } = POOL_CONFIG;
const HIDING: Partial<FakeUserPoolOptions> = {
  preventUserExistenceErrors: true,
  explicitAuthFlows: [...POOL_CONFIG.explicitAuthFlows, 'ALLOW_USER_AUTH'],
  userAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'],
};
const VERIFIED = { email: 'alice@example.com', email_verified: 'true' };
const INCORRECT = {
  status: 400,
  __type: 'NotAuthorizedException',
  message: 'Incorrect username or password.',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function hidingPool(options: Partial<FakeUserPoolOptions> = HIDING) {
  const pool = usePool(options);
  await pool.addUser({ ...ALICE, attributes: VERIFIED });
  return pool;
}

const refusal = ({ status, json }: WireAnswer) => ({
  status,
  __type: json.__type,
  message: json.message,
});

const passwordSignIn = (USERNAME: string, PASSWORD: string) =>
  callApi('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId,
    AuthParameters: { USERNAME, PASSWORD },
  });

/** `USER_SRP_AUTH` for `username` up to its `PASSWORD_VERIFIER`, and the answer proving `password`. */
async function srpSignIn(username: string, password: string) {
  const keys = createSrpClientKeys();
  const started = await callApi('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId,
    AuthParameters: { USERNAME: username, SRP_A: keys.A.toString(16) },
  });
  const parameters = started.json.ChallengeParameters ?? {};
  const answer = () =>
    passwordVerifierResponses(keys, parameters, password).then((ChallengeResponses) =>
      callApi('RespondToAuthChallenge', {
        ClientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses,
      }),
    );
  return { started, parameters, answer };
}

const account = (operation: string, Username: string, extra: Record<string, unknown> = {}) =>
  callApi(operation, { ClientId, Username, ...extra });

describe('sign-in for a username nobody has, with preventUserExistenceErrors', () => {
  it('USER_PASSWORD_AUTH: the answer of a wrong password, word for word', async () => {
    await hidingPool();
    const wrong = refusal(await passwordSignIn(ALICE.username, 'Wr0ng-Horse-1'));
    expect(wrong).toEqual(INCORRECT);
    expect(refusal(await passwordSignIn('nobody', 'Wr0ng-Horse-1'))).toEqual(wrong);
    expect(refusal(await passwordSignIn('nobody@example.com', ALICE.password))).toEqual(wrong);
  });

  it('without it (LEGACY, the default), UserNotFoundException', async () => {
    await hidingPool({ ...HIDING, preventUserExistenceErrors: false });
    expect((await passwordSignIn('nobody', 'Wr0ng-Horse-1')).json.__type).toBe(
      'UserNotFoundException',
    );
    expect((await srpSignIn('nobody', 'x')).started.json.__type).toBe('UserNotFoundException');
    for (const operation of ['ForgotPassword', 'ResendConfirmationCode']) {
      expect(refusal(await account(operation, 'nobody'))).toEqual({
        status: 400,
        __type: 'UserNotFoundException',
        message: 'Username/client id combination not found.',
      });
    }
  });

  it('LEGACY: ForgotPassword for a disabled user is refused as for nobody, and sends nothing', async () => {
    const pool = await hidingPool({ ...HIDING, preventUserExistenceErrors: false });
    await pool.disableUser(ALICE.username);
    expect(refusal(await account('ForgotPassword', ALICE.username))).toEqual(
      refusal(await account('ForgotPassword', 'nobody')),
    );
    expect(await pool.sentCodes()).toEqual([]);
    await pool.enableUser(ALICE.username);
    expect((await account('ForgotPassword', ALICE.username)).status).toBe(200);
    expect(await pool.sentCodes()).toHaveLength(1);
  });

  it('USER_SRP_AUTH: a PASSWORD_VERIFIER shaped as a real one, its salt and user id the same for the same name, then "Incorrect username or password."', async () => {
    await hidingPool();
    const alice = await srpSignIn(ALICE.username, ALICE.password);
    const first = await srpSignIn('nobody', 'Any-Password-1');
    const again = await srpSignIn('nobody', 'Any-Password-1');
    const other = await srpSignIn('somebody', 'Any-Password-1');
    expect(first.started.status).toBe(200);
    expect(first.started.json.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(Object.keys(first.parameters).sort()).toEqual(Object.keys(alice.parameters).sort());
    expect(first.parameters.USER_ID_FOR_SRP).toMatch(UUID);
    expect(first.parameters.USERNAME).toBe(first.parameters.USER_ID_FOR_SRP);
    expect(first.parameters.SALT).toMatch(/^[0-9a-f]{32}$/);
    expect(first.parameters.SALT).toHaveLength(alice.parameters.SALT.length);
    expect(again.parameters.SALT).toBe(first.parameters.SALT);
    expect(again.parameters.USER_ID_FOR_SRP).toBe(first.parameters.USER_ID_FOR_SRP);
    expect(again.parameters.SRP_B).not.toBe(first.parameters.SRP_B);
    expect(other.parameters.SALT).not.toBe(first.parameters.SALT);
    expect(other.parameters.USER_ID_FOR_SRP).not.toBe(first.parameters.USER_ID_FOR_SRP);
    expect(refusal(await first.answer())).toEqual(INCORRECT);
    // The real user's sign-in is untouched.
    expect((await alice.answer()).json.AuthenticationResult.AccessToken).toEqual(
      expect.any(String),
    );
  });

  it('CUSTOM_AUTH: the triggers are asked, told userNotFound; tokens for nobody are "Incorrect username or password."', async () => {
    const told: Array<[string, boolean | undefined, string]> = [];
    await hidingPool({
      ...HIDING,
      customAuth: {
        defineAuthChallenge: ({ userName, userNotFound, session }) => {
          told.push(['define', userNotFound, userName]);
          return session.at(-1)?.challengeResult
            ? { issueTokens: true, failAuthentication: false }
            : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false };
        },
        createAuthChallenge: ({ userNotFound, userName }) => {
          told.push(['create', userNotFound, userName]);
          return { publicChallengeParameters: { question: '6 × 7?' } };
        },
        // A trigger that does not look at userNotFound: any answer is right.
        verifyAuthChallengeResponse: ({ userNotFound, userName, userAttributes }) => {
          told.push(['verify', userNotFound, `${userName} ${JSON.stringify(userAttributes)}`]);
          return { answerCorrect: true };
        },
      },
    });
    const signIn = async (USERNAME: string) => {
      const started = await callApi('InitiateAuth', {
        AuthFlow: 'CUSTOM_AUTH',
        ClientId,
        AuthParameters: { USERNAME },
      });
      expect(started.json).toMatchObject({
        ChallengeName: 'CUSTOM_CHALLENGE',
        ChallengeParameters: { question: '6 × 7?', USERNAME },
      });
      return callApi('RespondToAuthChallenge', {
        ClientId,
        ChallengeName: 'CUSTOM_CHALLENGE',
        Session: started.json.Session,
        ChallengeResponses: { USERNAME, ANSWER: '42' },
      });
    };
    expect(refusal(await signIn('nobody'))).toEqual(INCORRECT);
    expect(told).toEqual([
      ['define', true, 'nobody'],
      ['create', true, 'nobody'],
      ['verify', true, 'nobody {}'],
      ['define', true, 'nobody'],
    ]);
    told.length = 0;
    expect((await signIn(ALICE.username)).json.AuthenticationResult.IdToken).toEqual(
      expect.any(String),
    );
    expect(told.map(([step, userNotFound]) => [step, userNotFound])).toEqual([
      ['define', false],
      ['create', false],
      ['verify', false],
      ['define', false],
    ]);
  });

  it("CUSTOM_AUTH starting with SRP_A: the define trigger's password proof is a simulated PASSWORD_VERIFIER, and its answer is wrong", async () => {
    await hidingPool({ ...HIDING, customAuth: passwordThenQuestion().triggers });
    const keys = createSrpClientKeys();
    const started = await callApi('InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId,
      AuthParameters: { USERNAME: 'nobody', CHALLENGE_NAME: 'SRP_A', SRP_A: keys.A.toString(16) },
    });
    expect(started.json.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(started.json.ChallengeParameters.USER_ID_FOR_SRP).toMatch(UUID);
    const responses = await passwordVerifierResponses(keys, started.json.ChallengeParameters, 'x');
    const answer = await callApi('RespondToAuthChallenge', {
      ClientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: started.json.Session,
      ChallengeResponses: responses,
    });
    expect(refusal(answer)).toEqual(INCORRECT);
  });

  it('CUSTOM_AUTH without it: UserNotFoundException, and the triggers are never told userNotFound', async () => {
    let asked = 0;
    await hidingPool({
      ...HIDING,
      preventUserExistenceErrors: false,
      customAuth: {
        defineAuthChallenge: (request) => {
          asked += 1;
          expect(request).not.toHaveProperty('userNotFound');
          return { issueTokens: true, failAuthentication: false };
        },
        createAuthChallenge: () => ({}),
        verifyAuthChallengeResponse: () => ({ answerCorrect: true }),
      },
    });
    const initiate = (USERNAME: string) =>
      callApi('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId, AuthParameters: { USERNAME } });
    expect((await initiate('nobody')).json.__type).toBe('UserNotFoundException');
    expect(asked).toBe(0);
    expect((await initiate(ALICE.username)).status).toBe(200);
    expect(asked).toBe(1);
  });
});

describe('choice-based sign-in (USER_AUTH) for a username nobody has', () => {
  const initiate = (AuthParameters: Record<string, string>) =>
    callApi('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId, AuthParameters });
  const respond = (
    Session: string,
    ChallengeName: string,
    ChallengeResponses: Record<string, string>,
  ) => callApi('RespondToAuthChallenge', { ClientId, Session, ChallengeName, ChallengeResponses });

  it('offers every way the pool allows but a passkey; a chosen code challenge refuses every code and stays open', async () => {
    await hidingPool();
    const select = await initiate({ USERNAME: 'nobody' });
    expect(select.json).toMatchObject({
      ChallengeName: 'SELECT_CHALLENGE',
      AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP'],
    });
    const email = await respond(select.json.Session, 'SELECT_CHALLENGE', {
      USERNAME: 'nobody',
      ANSWER: 'EMAIL_OTP',
    });
    expect(email.json).toMatchObject({
      ChallengeName: 'EMAIL_OTP',
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL',
        CODE_DELIVERY_DESTINATION: expect.stringMatching(/^[a-z]\*\*\*@[a-z]\*\*\*$/),
        USERNAME: 'nobody',
      },
    });
    for (const code of ['12345678', '87654321']) {
      const wrong = await respond(email.json.Session, 'EMAIL_OTP', {
        USERNAME: 'nobody',
        EMAIL_OTP_CODE: code,
      });
      expect(refusal(wrong)).toEqual({
        status: 400,
        __type: 'CodeMismatchException',
        message: 'Invalid code or auth state for the user.',
      });
    }
    // The SELECT_CHALLENGE Session was used by its answer, as a real one is.
    const reused = await respond(select.json.Session, 'SELECT_CHALLENGE', {
      USERNAME: 'nobody',
      ANSWER: 'PASSWORD',
      PASSWORD: 'x',
    });
    expect(reused.json.__type).toBe('NotAuthorizedException');
    expect(reused.json.message).not.toBe(INCORRECT.message);
  });

  it('an SMS code by preference: a masked number, a missing code refused as such, any code wrong; a preferred passkey is never simulated', async () => {
    await hidingPool({ ...HIDING, userAuthFactors: ['PASSWORD', 'SMS_OTP', 'WEB_AUTHN'] });
    const sms = await initiate({ USERNAME: 'nobody', PREFERRED_CHALLENGE: 'SMS_OTP' });
    expect(sms.json).toMatchObject({
      ChallengeName: 'SMS_OTP',
      ChallengeParameters: {
        CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS',
        CODE_DELIVERY_DESTINATION: expect.stringMatching(/^\+\*{7}\d{4}$/),
      },
    });
    for (const missing of [{}, { SMS_OTP_CODE: '' }]) {
      const answer = await respond(sms.json.Session, 'SMS_OTP', { USERNAME: 'nobody', ...missing });
      expect(refusal(answer)).toEqual({
        status: 400,
        __type: 'InvalidParameterException',
        message: 'Missing required parameter SMS_OTP_CODE',
      });
    }
    const wrong = await respond(sms.json.Session, 'SMS_OTP', {
      USERNAME: 'nobody',
      SMS_OTP_CODE: '12345678',
    });
    expect(wrong.json.__type).toBe('CodeMismatchException');
    const passkey = await initiate({ USERNAME: 'nobody', PREFERRED_CHALLENGE: 'WEB_AUTHN' });
    expect(passkey.json).toMatchObject({
      ChallengeName: 'SELECT_CHALLENGE',
      AvailableChallenges: ['PASSWORD', 'PASSWORD_SRP', 'SMS_OTP'],
    });
  });

  it('a preferred password is wrong, and a preferred password proof fails', async () => {
    await hidingPool();
    expect(
      refusal(
        await initiate({ USERNAME: 'nobody', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: 'x' }),
      ),
    ).toEqual(INCORRECT);
    const keys = createSrpClientKeys();
    const started = await initiate({
      USERNAME: 'nobody',
      PREFERRED_CHALLENGE: 'PASSWORD_SRP',
      SRP_A: keys.A.toString(16),
    });
    expect(started.json.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(started.json.ChallengeParameters.USER_ID_FOR_SRP).toMatch(UUID);
    const responses = await passwordVerifierResponses(keys, started.json.ChallengeParameters, 'x');
    const answer = await respond(started.json.Session, 'PASSWORD_VERIFIER', responses as never);
    expect(refusal(answer)).toEqual(INCORRECT);
  });
});

describe('account operations for a username nobody has', () => {
  const CODE_DELIVERY = {
    AttributeName: 'email',
    DeliveryMedium: 'EMAIL',
    Destination: expect.stringMatching(/^[a-z]\*\*\*@[a-z]\*\*\*$/),
  };

  it('ForgotPassword and ResendConfirmationCode answer a simulated delivery, the same for the same name; no code is sent', async () => {
    const pool = await hidingPool();
    const forgot = await account('ForgotPassword', 'nobody');
    expect(forgot.status).toBe(200);
    expect(forgot.json.CodeDeliveryDetails).toEqual(CODE_DELIVERY);
    expect((await account('ForgotPassword', 'nobody')).json).toEqual(forgot.json);
    expect((await account('ResendConfirmationCode', 'nobody')).json).toEqual(forgot.json);
    expect(
      (await account('ForgotPassword', 'nobody@example.com')).json.CodeDeliveryDetails,
    ).toEqual({ AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'n***@e***' });
    expect((await account('ForgotPassword', '+447700900123')).json.CodeDeliveryDetails).toEqual({
      AttributeName: 'phone_number',
      DeliveryMedium: 'SMS',
      Destination: '+*******0123',
    });
    expect(await pool.sentCodes()).toEqual([]);
  });

  it('ForgotPassword hides a disabled user and one with nowhere to send a code the same way', async () => {
    const pool = await hidingPool();
    await pool.addUser({
      username: 'bob',
      password: 'B0b-Horse-1',
      attributes: { email: 'b@x.io' },
    });
    await pool.disableUser(ALICE.username);
    for (const name of [ALICE.username, 'bob']) {
      const answer = await account('ForgotPassword', name);
      expect(answer.status).toBe(200);
      expect(answer.json.CodeDeliveryDetails).toEqual(CODE_DELIVERY);
    }
    expect(await pool.sentCodes()).toEqual([]);
  });

  it('ConfirmForgotPassword is CodeMismatchException and ConfirmSignUp ExpiredCodeException', async () => {
    await hidingPool();
    const reset = await account('ConfirmForgotPassword', 'nobody', {
      ConfirmationCode: '123456',
      Password: 'New-Horse-1',
    });
    expect(refusal(reset)).toEqual({
      status: 400,
      __type: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
    });
    const confirm = await account('ConfirmSignUp', 'nobody', { ConfirmationCode: '123456' });
    expect(refusal(confirm)).toEqual({
      status: 400,
      __type: 'ExpiredCodeException',
      message: 'Invalid code provided, please request a code again.',
    });
  });

  it('a real user still gets a real code', async () => {
    const pool = await hidingPool();
    const forgot = await account('ForgotPassword', ALICE.username);
    expect(forgot.json.CodeDeliveryDetails).toEqual({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: 'a***@e***',
    });
    expect(await pool.sentCodes(ALICE.username)).toHaveLength(1);
  });
});

describe('spent Sessions (spentSessions.ts, pure)', () => {
  it('are remembered until they would have expired, then forgotten at the next spend', () => {
    const state = createEmptyPoolState();
    spendSession(state, 'first', 180_000, 0);
    expect(unknownSession(state, 'first', 179_999).message).toBe(
      'Invalid session for the user, session can only be used once.',
    );
    expect(unknownSession(state, 'first', 180_000).message).toBe(
      'Invalid session for the user, session is expired.',
    );
    spendSession(state, 'second', 360_000, 180_000);
    expect(state.spentSessions).toEqual({ second: 360_000 });
    spendSession(state, 'third', 400_000, 359_999);
    expect(Object.keys(state.spentSessions ?? {})).toEqual(['second', 'third']);
  });
});
