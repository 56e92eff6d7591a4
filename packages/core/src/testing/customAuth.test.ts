/**
 * The fake pool's custom authentication on the wire: `InitiateAuth` `CUSTOM_AUTH` and
 * `RespondToAuthChallenge` `CUSTOM_CHALLENGE`, driven by the pool's three triggers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALICE, callApi, POOL_CONFIG, setupPoolServer } from './cognitoTestClient.js';
import type { FakeCustomAuthTriggers } from './customAuthTypes.js';

const { usePool } = setupPoolServer();

/** One question per round; three wrong answers fail the sign-in. Every call is recorded. */
function quiz(rounds = 1) {
  const calls: Array<{ trigger: string; request: unknown }> = [];
  const triggers: FakeCustomAuthTriggers = {
    defineAuthChallenge(request) {
      calls.push({ trigger: 'define', request });
      const right = request.session.filter((result) => result.challengeResult).length;
      if (right >= rounds) return { issueTokens: true, failAuthentication: false };
      if (request.session.length >= 3) return { issueTokens: false, failAuthentication: true };
      return { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false };
    },
    createAuthChallenge(request) {
      calls.push({ trigger: 'create', request });
      const round = request.session.length + 1;
      return {
        publicChallengeParameters: { question: `${round} + ${round}?` },
        privateChallengeParameters: { answer: String(round * 2) },
        challengeMetadata: `round-${round}`,
      };
    },
    async verifyAuthChallengeResponse(request) {
      calls.push({ trigger: 'verify', request });
      return {
        answerCorrect: request.challengeAnswer === request.privateChallengeParameters.answer,
      };
    },
  };
  return { triggers, calls };
}

const initiate = (extra: Record<string, unknown> = {}) =>
  callApi('InitiateAuth', {
    AuthFlow: 'CUSTOM_AUTH',
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: { USERNAME: ALICE.username },
    ...extra,
  });

const answer = (session: unknown, value: string) =>
  callApi('RespondToAuthChallenge', {
    ChallengeName: 'CUSTOM_CHALLENGE',
    ClientId: POOL_CONFIG.clientId,
    Session: session,
    ChallengeResponses: { USERNAME: ALICE.username, ANSWER: value },
  });

describe('custom authentication (CUSTOM_AUTH)', () => {
  afterEach(() => vi.useRealTimers());

  it('asks the create trigger, checks the answer with verify, and issues tokens when define says so', async () => {
    const { triggers, calls } = quiz();
    const pool = usePool({ customAuth: triggers });
    await pool.addUser({ ...ALICE, attributes: { email: 'alice@example.com' } });
    const first = await initiate({ ClientMetadata: { purpose: 'test' } });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({
      ChallengeName: 'CUSTOM_CHALLENGE',
      ChallengeParameters: { question: '1 + 1?', USERNAME: 'alice' },
      Session: expect.any(String),
    });
    expect(calls[0]).toEqual({
      trigger: 'define',
      request: {
        userName: 'alice',
        userAttributes: expect.objectContaining({
          email: 'alice@example.com',
          sub: expect.any(String),
        }),
        clientMetadata: { purpose: 'test' },
        session: [],
      },
    });
    const done = await answer(first.json.Session, '2');
    expect(done.json.AuthenticationResult).toMatchObject({
      IdToken: expect.any(String),
      AccessToken: expect.any(String),
      RefreshToken: expect.any(String),
    });
    expect(calls.map((call) => call.trigger)).toEqual(['define', 'create', 'verify', 'define']);
    expect(calls[3]?.request).toMatchObject({
      session: [
        { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'round-1' },
      ],
    });
    // The tokens are the user's, and refresh like any others.
    const refreshed = await callApi('GetTokensFromRefreshToken', {
      ClientId: POOL_CONFIG.clientId,
      RefreshToken: done.json.AuthenticationResult.RefreshToken,
    });
    expect(refreshed.status).toBe(200);
  });

  it('a wrong answer gets a new challenge under a new Session; the old Session is spent', async () => {
    const { triggers } = quiz();
    const pool = usePool({ customAuth: triggers });
    await pool.addUser(ALICE);
    const first = await initiate();
    const wrong = await answer(first.json.Session, '3');
    expect(wrong.json).toMatchObject({ ChallengeName: 'CUSTOM_CHALLENGE' });
    expect(wrong.json.Session).not.toBe(first.json.Session);
    expect((await answer(first.json.Session, '2')).json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Invalid session for the user, session can only be used once.',
    });
    // Round 2 (one answer so far) asks 2 + 2.
    expect(wrong.json.ChallengeParameters.question).toBe('2 + 2?');
    expect((await answer(wrong.json.Session, '4')).json.AuthenticationResult).toBeDefined();
  });

  it('ends with NotAuthorizedException when define fails the authentication', async () => {
    const { triggers } = quiz();
    const pool = usePool({ customAuth: triggers });
    await pool.addUser(ALICE);
    let step = await initiate();
    for (const value of ['x', 'y']) step = await answer(step.json.Session, value);
    const failed = await answer(step.json.Session, 'z');
    expect(failed.json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('runs as many rounds as define asks for', async () => {
    const { triggers } = quiz(2);
    const pool = usePool({ customAuth: triggers });
    await pool.addUser(ALICE);
    const first = await initiate();
    const second = await answer(first.json.Session, '2');
    expect(second.json.ChallengeParameters.question).toBe('2 + 2?');
    expect((await answer(second.json.Session, '4')).json.AuthenticationResult).toBeDefined();
  });

  it('refuses an expired Session', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const pool = usePool({ customAuth: quiz().triggers });
    await pool.addUser(ALICE);
    const first = await initiate();
    vi.setSystemTime(Date.now() + 181_000);
    expect((await answer(first.json.Session, '2')).json.__type).toBe('NotAuthorizedException');
  });

  it('answers a trigger that throws as Cognito answers a failed Lambda', async () => {
    const { triggers } = quiz();
    const pool = usePool({
      customAuth: {
        ...triggers,
        createAuthChallenge: () => {
          throw new Error('mail server down');
        },
      },
    });
    await pool.addUser(ALICE);
    expect((await initiate()).json).toEqual({
      __type: 'UserLambdaValidationException',
      message: 'CreateAuthChallenge failed with error mail server down.',
    });
  });

  it('refuses as Cognito does: no triggers, a client without ALLOW_CUSTOM_AUTH, an unknown user', async () => {
    const bare = usePool();
    await bare.addUser(ALICE);
    expect((await initiate()).json).toEqual({
      __type: 'InvalidParameterException',
      message: 'Custom auth lambda trigger is not configured for the user pool.',
    });
    const strict = usePool({
      customAuth: quiz().triggers,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    await strict.addUser(ALICE);
    expect((await initiate()).json).toEqual({
      __type: 'InvalidParameterException',
      message: 'CUSTOM_AUTH is not enabled for the client.',
    });
    usePool({ customAuth: quiz().triggers });
    expect((await initiate()).json.__type).toBe('UserNotFoundException');
  });
});
