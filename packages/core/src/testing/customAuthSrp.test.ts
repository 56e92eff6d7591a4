/**
 * The fake pool's custom authentication that starts with a password proof (Amplify's
 * `CUSTOM_WITH_SRP`): `InitiateAuth` `CUSTOM_AUTH` with `CHALLENGE_NAME` `SRP_A`, the define
 * trigger asking for `PASSWORD_VERIFIER`, and that answer checked as `USER_SRP_AUTH`'s is.
 */
import { describe, expect, it } from 'vitest';
import { createSrpClientKeys } from '../providers/cognito/srp.js';
import { SRP_N } from '../providers/cognito/srpMath.js';
import {
  ALICE,
  callApi,
  INVALID_SESSION,
  POOL_CONFIG,
  passwordVerifierResponses,
  setupPoolServer,
} from './cognitoTestClient.js';
import { passwordThenQuestion } from './customAuthFixtures.js';

const { usePool } = setupPoolServer();

async function startWithSrp(parameters: Record<string, unknown> = {}) {
  const keys = createSrpClientKeys();
  const answer = await callApi('InitiateAuth', {
    AuthFlow: 'CUSTOM_AUTH',
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: {
      USERNAME: ALICE.username,
      CHALLENGE_NAME: 'SRP_A',
      SRP_A: keys.A.toString(16),
      ...parameters,
    },
  });
  return { keys, answer };
}

/** The PASSWORD_VERIFIER answer for `password`, under the challenge's Session unless `session`. */
async function prove(
  started: Awaited<ReturnType<typeof startWithSrp>>,
  password: string,
  session: unknown = started.answer.json.Session,
) {
  const parameters = started.answer.json.ChallengeParameters as Record<string, string>;
  return callApi('RespondToAuthChallenge', {
    ClientId: POOL_CONFIG.clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: session,
    ChallengeResponses: await passwordVerifierResponses(started.keys, parameters, password),
  });
}

describe('custom authentication with a password proof first (SRP_A)', () => {
  it('tells define of SRP_A, asks PASSWORD_VERIFIER with a Session, and tells define whether the proof was right', async () => {
    const { triggers, sessions } = passwordThenQuestion();
    const pool = usePool({ customAuth: triggers });
    await pool.addUser(ALICE);
    const started = await startWithSrp();
    expect(started.answer.json).toEqual({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: expect.any(String),
        SECRET_BLOCK: expect.any(String),
        SRP_B: expect.any(String),
        USERNAME: 'alice',
        USER_ID_FOR_SRP: 'alice',
      },
      Session: expect.any(String),
    });
    expect(sessions).toEqual([[{ challengeName: 'SRP_A', challengeResult: true }]]);
    const question = await prove(started, ALICE.password);
    expect(question.json).toMatchObject({
      ChallengeName: 'CUSTOM_CHALLENGE',
      ChallengeParameters: { question: '6 × 7?', USERNAME: 'alice' },
    });
    expect(sessions[1]).toEqual([
      { challengeName: 'SRP_A', challengeResult: true },
      { challengeName: 'PASSWORD_VERIFIER', challengeResult: true },
    ]);
    const done = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: question.json.Session,
      ChallengeResponses: { USERNAME: 'alice', ANSWER: '42' },
    });
    expect(done.json.AuthenticationResult?.IdToken).toEqual(expect.any(String));
  });

  it('a wrong password reaches define as a failed PASSWORD_VERIFIER, which decides', async () => {
    const { triggers, sessions } = passwordThenQuestion();
    const pool = usePool({ customAuth: triggers });
    await pool.addUser(ALICE);
    const failed = await prove(await startWithSrp(), 'Wrong-Horse-1');
    expect(sessions.at(-1)).toEqual([
      { challengeName: 'SRP_A', challengeResult: true },
      { challengeName: 'PASSWORD_VERIFIER', challengeResult: false },
    ]);
    expect(failed.json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
  });

  it('the proof works once, only under its own Session, and not as a custom answer', async () => {
    const pool = usePool({ customAuth: passwordThenQuestion().triggers });
    await pool.addUser(ALICE);
    const started = await startWithSrp();
    const other = await startWithSrp();
    // Another sign-in's Session with this proof's secret block.
    expect((await prove(started, ALICE.password, other.answer.json.Session)).json).toEqual(
      INVALID_SESSION,
    );
    const asAnswer = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: started.answer.json.Session,
      ChallengeResponses: { USERNAME: 'alice', ANSWER: '42' },
    });
    expect(asAnswer.json).toEqual(INVALID_SESSION);
    // Both Sessions were spent by the refused answers.
    expect((await prove(started, ALICE.password)).json).toEqual(INVALID_SESSION);
    expect((await prove(other, ALICE.password)).json).toEqual(INVALID_SESSION);
  });

  it('refuses CHALLENGE_NAME SRP_A without SRP_A, and PASSWORD_VERIFIER asked without SRP_A', async () => {
    const { triggers } = passwordThenQuestion();
    const pool = usePool({
      customAuth: {
        ...triggers,
        defineAuthChallenge: () => ({
          challengeName: 'PASSWORD_VERIFIER',
          issueTokens: false,
          failAuthentication: false,
        }),
      },
    });
    await pool.addUser(ALICE);
    const missing = await callApi('InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, CHALLENGE_NAME: 'SRP_A' },
    });
    expect(missing.json.__type).toBe('InvalidParameterException');
    const withoutSrp = await callApi('InitiateAuth', {
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username },
    });
    expect(withoutSrp.json).toEqual({
      __type: 'InvalidLambdaResponseException',
      message:
        'Invalid define auth challenge lambda response: PASSWORD_VERIFIER follows SRP_A only.',
    });
  });

  it('refuses an SRP_A that is not hex or is 0 mod N before define is asked', async () => {
    const { triggers, sessions } = passwordThenQuestion();
    const pool = usePool({ customAuth: triggers });
    await pool.addUser(ALICE);
    for (const [SRP_A, message] of [
      ['12g', 'SRP_A is not a valid hex string'],
      [SRP_N.toString(16), 'SRP_A mod N must not be 0'],
    ]) {
      expect((await startWithSrp({ SRP_A })).answer.json).toEqual({
        __type: 'InvalidParameterException',
        message,
      });
    }
    expect(sessions).toEqual([]);
  });

  it('a user with MFA: the proof is answered with the MFA challenge, under a Session of its own; tokens follow the code', async () => {
    const { triggers, sessions } = passwordThenQuestion();
    const pool = usePool({ customAuth: triggers, mfa: 'optional' });
    await pool.addUser({ ...ALICE, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '246810' } });
    const proven = await prove(await startWithSrp(), ALICE.password);
    expect(proven.json).toEqual({
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ChallengeParameters: { USER_ID_FOR_SRP: ALICE.username },
      Session: expect.any(String),
    });
    // Not a custom challenge's Session: an ANSWER under it is refused, and spends nothing.
    const asAnswer = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: proven.json.Session,
      ChallengeResponses: { USERNAME: ALICE.username, ANSWER: '42' },
    });
    expect(asAnswer.json).toEqual(INVALID_SESSION);
    const done = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      Session: proven.json.Session,
      ChallengeResponses: { USERNAME: ALICE.username, SOFTWARE_TOKEN_MFA_CODE: '246810' },
    });
    expect(done.json.AuthenticationResult?.IdToken).toEqual(expect.any(String));
    // define heard of SRP_A only.
    expect(sessions).toEqual([[{ challengeName: 'SRP_A', challengeResult: true }]]);
  });
});
