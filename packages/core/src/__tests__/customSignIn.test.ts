/**
 * signInWithCustomChallenge against the testing kit's pool and its custom auth triggers: the
 * CUSTOM_CHALLENGE steps, the session it establishes, the refusals, and a remembered device.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FakeCustomAuthTriggers } from '../testing/index.js';
import {
  requestsOf,
  signInWithCustomChallenge,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';

/** A code "sent" by the create trigger; define issues tokens after a right answer, fails after 3 wrong. */
function emailCode() {
  const sent: string[] = [];
  const triggers: FakeCustomAuthTriggers = {
    defineAuthChallenge: ({ session }) =>
      session.at(-1)?.challengeResult
        ? { issueTokens: true, failAuthentication: false }
        : session.length >= 3
          ? { issueTokens: false, failAuthentication: true }
          : { challengeName: 'CUSTOM_CHALLENGE', issueTokens: false, failAuthentication: false },
    createAuthChallenge: ({ userAttributes, clientMetadata }) => {
      const code = String(100_000 + sent.length);
      sent.push(code);
      return {
        publicChallengeParameters: {
          destination: userAttributes.email ?? '',
          via: clientMetadata.via ?? 'email',
        },
        privateChallengeParameters: { code },
      };
    },
    verifyAuthChallengeResponse: ({ privateChallengeParameters, challengeAnswer }) => ({
      answerCorrect: challengeAnswer === privateChallengeParameters.code,
    }),
  };
  return { triggers, sent };
}

describe('signInWithCustomChallenge', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('answers CUSTOM_CHALLENGE steps until the pool issues tokens, then the session is signed in', async () => {
    const { triggers, sent } = emailCode();
    const pool = await startPool({ customAuth: triggers });
    const { session, recorder } = startSession();
    const first = await signInWithCustomChallenge(session, USER.username, {
      clientMetadata: { via: 'email' },
    });
    expect(first).toMatchObject({
      status: 'challenge',
      name: 'CUSTOM_CHALLENGE',
      parameters: { destination: 'alice@example.com', via: 'email', USERNAME: USER.username },
    });
    expect(requestsOf(pool, 'InitiateAuth')[0]?.body).toEqual({
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: expect.any(String),
      AuthParameters: { USERNAME: USER.username },
      ClientMetadata: { via: 'email' },
    });
    if (first.status !== 'challenge') throw new Error('expected a challenge');
    const again = await first.respond({ ANSWER: '000000' });
    expect(again).toMatchObject({ status: 'challenge', name: 'CUSTOM_CHALLENGE' });
    expect(session.getState().status).toBe('signedOut');
    if (again.status !== 'challenge') throw new Error('expected a challenge');
    const done = await again.respond({ ANSWER: sent.at(-1)! });
    expect(done).toMatchObject({ status: 'signedIn', user: { 'cognito:username': USER.username } });
    expect(session.getState()).toMatchObject({ status: 'signedIn', hasRefreshToken: true });
    expect(recorder.of('signedIn')).toHaveLength(1);
    expect(requestsOf(pool, 'RespondToAuthChallenge')).toHaveLength(2);
    // The tokens refresh like any others.
    await session.refresh();
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(1);
  });

  it('hands the ClientMetadata of an answer to the verify trigger', async () => {
    const { triggers, sent } = emailCode();
    const seen: Array<Record<string, string>> = [];
    const pool = await startPool({
      customAuth: {
        ...triggers,
        verifyAuthChallengeResponse: (request) => {
          seen.push(request.clientMetadata);
          return triggers.verifyAuthChallengeResponse(request);
        },
      },
    });
    const { session } = startSession();
    const first = await signInWithCustomChallenge(session, USER.username);
    if (first.status !== 'challenge') throw new Error('expected a challenge');
    const done = await first.respond(
      { ANSWER: sent.at(-1)! },
      { clientMetadata: { step: 'code' } },
    );
    expect(done.status).toBe('signedIn');
    expect(seen).toEqual([{ step: 'code' }]);
    expect(requestsOf(pool, 'RespondToAuthChallenge')[0]?.body).toMatchObject({
      ClientMetadata: { step: 'code' },
    });
  });

  it('rejects with invalid_grant when the define trigger fails the sign-in', async () => {
    await startPool({ customAuth: emailCode().triggers });
    const { session } = startSession();
    let step = await signInWithCustomChallenge(session, USER.username);
    for (const wrong of ['1', '2']) {
      if (step.status !== 'challenge') throw new Error('expected a challenge');
      step = await step.respond({ ANSWER: wrong });
    }
    if (step.status !== 'challenge') throw new Error('expected a challenge');
    await expect(step.respond({ ANSWER: '3' })).rejects.toMatchObject({
      code: 'invalid_grant',
      providerCode: 'NotAuthorizedException',
    });
    expect(session.getState().status).toBe('signedOut');
  });

  it("rejects a trigger's refusal as a challenge error, the trigger's words in providerMessage only", async () => {
    const { triggers } = emailCode();
    await startPool({
      customAuth: {
        ...triggers,
        verifyAuthChallengeResponse: () => {
          throw new Error('Answers must be digits.');
        },
      },
    });
    const { session } = startSession();
    const step = await signInWithCustomChallenge(session, USER.username);
    if (step.status !== 'challenge') throw new Error('expected a challenge');
    const refused = step.respond({ ANSWER: 'abc' });
    await expect(refused).rejects.toMatchObject({
      name: 'SessionError',
      code: 'challenge',
      providerCode: 'UserLambdaValidationException',
      providerMessage: 'VerifyAuthChallengeResponse failed with error Answers must be digits..',
      message:
        'Sign-in failed (UserLambdaValidationException): A Lambda trigger of the user pool refused this; see providerMessage.',
    });
    expect(session.getState().status).toBe('signedOut');
  });

  it('rejects with a provider error naming the cause when the pool has no triggers or the client refuses the flow', async () => {
    await startPool();
    const { session } = startSession();
    await expect(signInWithCustomChallenge(session, USER.username)).rejects.toMatchObject({
      code: 'provider',
      providerCode: 'InvalidParameterException',
      providerMessage: 'Custom auth lambda trigger is not configured for the user pool.',
    });
    await startPool({
      customAuth: emailCode().triggers,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const refused = signInWithCustomChallenge(session, USER.username);
    await expect(refused).rejects.toMatchObject({ code: 'provider' });
    await expect(refused).rejects.toThrow(/ALLOW_CUSTOM_AUTH/);
    await expect(signInWithCustomChallenge(session, '')).rejects.toThrow(TypeError);
  });

  it('names the step an unconfirmed account needs (nextStep)', async () => {
    const pool = await startPool({ customAuth: emailCode().triggers });
    await pool.addUser({ username: 'bob', password: 'N3w-Passw0rd!', status: 'UNCONFIRMED' });
    const { session } = startSession();
    await expect(signInWithCustomChallenge(session, 'bob')).rejects.toMatchObject({
      code: 'challenge',
      providerCode: 'UserNotConfirmedException',
      nextStep: { step: 'confirmSignUp', username: 'bob' },
    });
  });

  it('presents the remembered device, so the tokens stay bound to it', async () => {
    const { triggers, sent } = emailCode();
    const pool = await startPool({ customAuth: triggers, deviceTracking: 'always' });
    const { session } = startSession();
    const first = await signInWithCustomChallenge(session, USER.username);
    if (first.status !== 'challenge') throw new Error('expected a challenge');
    const signedIn = await first.respond({ ANSWER: sent.at(-1)! });
    expect(signedIn).toMatchObject({ status: 'signedIn', device: { confirmation: 'confirmed' } });
    await session.signOut();

    const next = await signInWithCustomChallenge(session, USER.username);
    const deviceKey = requestsOf(pool, 'InitiateAuth').at(-1)?.body as {
      AuthParameters: { DEVICE_KEY?: string };
    };
    expect(deviceKey.AuthParameters.DEVICE_KEY).toEqual(expect.any(String));
    if (next.status !== 'challenge') throw new Error('expected a challenge');
    await next.respond({ ANSWER: sent.at(-1)! });
    const state = session.getState();
    expect(state.status === 'signedIn' && state.accessClaims.device_key).toBe(
      deviceKey.AuthParameters.DEVICE_KEY,
    );
  });
});
