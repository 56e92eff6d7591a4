/**
 * AWS's own client, amazon-cognito-identity-js (a dev dependency nobody here wrote), signs in with
 * custom authentication (`CUSTOM_AUTH`, `CUSTOM_CHALLENGE`) against the testing kit's pool, also
 * starting with a password proof (`SRP_A`, `PASSWORD_VERIFIER`: Amplify's `CUSTOM_WITH_SRP`): the
 * kit's custom challenges speak the protocol AWS's clients speak.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { passwordThenQuestion } from '../testing/customAuthFixtures.js';
import type { FakeCustomAuthTriggers } from '../testing/index.js';
import { decodeJwt } from '../testing/jwt.js';
import { CLIENT_ID, requestsOf, server, startPool, USER, USER_POOL_ID } from './harness.js';
import { memoryStore } from './referenceStorage.js';

const TRIGGERS: FakeCustomAuthTriggers = {
  defineAuthChallenge: ({ session }) =>
    session.at(-1)?.challengeResult
      ? { issueTokens: true, failAuthentication: false }
      : session.length >= 2
        ? { issueTokens: false, failAuthentication: true }
        : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false },
  createAuthChallenge: () => ({
    publicChallengeParameters: { question: '6 × 7?' },
    privateChallengeParameters: { answer: '42' },
  }),
  verifyAuthChallengeResponse: ({ privateChallengeParameters, challengeAnswer }) => ({
    answerCorrect: challengeAnswer === privateChallengeParameters.answer,
  }),
};

type Outcome =
  | { kind: 'success'; session: CognitoUserSession; questions: string[] }
  | { kind: 'failure'; error: { code?: string; message: string }; questions: string[] };

/** Password first, then one question: AWS's example of a define trigger after SRP. */
const WITH_SRP = passwordThenQuestion().triggers;

/**
 * AWS's client answers each custom challenge with the next of `answers`; with `password` it
 * starts with SRP (its `authenticateUser` in `CUSTOM_AUTH`, Amplify's `CUSTOM_WITH_SRP`).
 */
function referenceCustomSignIn(answers: string[], password?: string): Promise<Outcome> {
  const pool = new CognitoUserPool({
    UserPoolId: USER_POOL_ID,
    ClientId: CLIENT_ID,
    Storage: memoryStore(),
  });
  const user = new CognitoUser({ Username: USER.username, Pool: pool, Storage: memoryStore() });
  user.setAuthenticationFlowType('CUSTOM_AUTH');
  const questions: string[] = [];
  return new Promise((resolve) => {
    const callbacks = {
      onSuccess: (session: CognitoUserSession) => resolve({ kind: 'success', session, questions }),
      onFailure: (error: { code?: string; message: string }) =>
        resolve({ kind: 'failure', error, questions }),
      customChallenge(parameters: { question: string }) {
        questions.push(parameters.question);
        user.sendCustomChallengeAnswer(answers.shift() ?? '', callbacks);
      },
    };
    if (password === undefined) {
      user.initiateAuth(new AuthenticationDetails({ Username: USER.username }), callbacks);
    } else {
      const details = new AuthenticationDetails({ Username: USER.username, Password: password });
      user.authenticateUser(details, callbacks);
    }
  });
}

describe('amazon-cognito-identity-js against the kit (CUSTOM_AUTH)', () => {
  // Not useMsw(): its token audit is about sessionkit's sessions, and none runs here.
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('answers the custom challenges, a wrong answer first, and gets tokens for the user', async () => {
    const pool = await startPool({ customAuth: TRIGGERS });
    const outcome = await referenceCustomSignIn(['41', '42']);
    expect(outcome).toMatchObject({ kind: 'success', questions: ['6 × 7?', '6 × 7?'] });
    if (outcome.kind !== 'success') return;
    const claims = decodeJwt(outcome.session.getIdToken().getJwtToken())?.claims;
    expect(claims).toMatchObject({ 'cognito:username': 'alice', iss: pool.issuer });
    expect(requestsOf(pool, 'InitiateAuth')[0]?.body).toMatchObject({
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: 'alice' },
    });
    expect(requestsOf(pool, 'RespondToAuthChallenge').map((request) => request.body)).toEqual([
      expect.objectContaining({
        ChallengeName: 'CUSTOM_CHALLENGE',
        ChallengeResponses: expect.objectContaining({ USERNAME: 'alice', ANSWER: '41' }),
      }),
      expect.objectContaining({
        ChallengeResponses: expect.objectContaining({ ANSWER: '42' }),
      }),
    ]);
  });

  it('fails as the define trigger decides: NotAuthorizedException', async () => {
    await startPool({ customAuth: TRIGGERS });
    const outcome = await referenceCustomSignIn(['1', '2']);
    expect(outcome).toMatchObject({
      kind: 'failure',
      error: { code: 'NotAuthorizedException' },
      questions: ['6 × 7?', '6 × 7?'],
    });
  });

  it('proves the password with SRP first (CUSTOM_WITH_SRP), then answers the custom challenge', async () => {
    const pool = await startPool({ customAuth: WITH_SRP });
    const outcome = await referenceCustomSignIn(['42'], USER.password);
    expect(outcome).toMatchObject({ kind: 'success', questions: ['6 × 7?'] });
    if (outcome.kind !== 'success') return;
    const claims = decodeJwt(outcome.session.getIdToken().getJwtToken())?.claims;
    expect(claims).toMatchObject({ 'cognito:username': 'alice', iss: pool.issuer });
    expect(requestsOf(pool, 'InitiateAuth')[0]?.body).toMatchObject({
      AuthFlow: 'CUSTOM_AUTH',
      AuthParameters: { USERNAME: 'alice', CHALLENGE_NAME: 'SRP_A', SRP_A: expect.any(String) },
    });
    expect(requestsOf(pool, 'RespondToAuthChallenge').map((request) => request.body)).toEqual([
      expect.objectContaining({ ChallengeName: 'PASSWORD_VERIFIER' }),
      expect.objectContaining({
        ChallengeName: 'CUSTOM_CHALLENGE',
        ChallengeResponses: expect.objectContaining({ ANSWER: '42' }),
      }),
    ]);
  });

  it('a wrong password is a failed PASSWORD_VERIFIER for define: no question, NotAuthorizedException', async () => {
    await startPool({ customAuth: WITH_SRP });
    const outcome = await referenceCustomSignIn(['42'], 'Wr0ng-Horse!');
    expect(outcome).toMatchObject({
      kind: 'failure',
      error: { code: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      questions: [],
    });
  });
});
