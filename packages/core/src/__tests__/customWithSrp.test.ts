/**
 * signInWithPassword's `authFlow: 'CUSTOM_WITH_SRP'` (Amplify's name) against the testing kit's
 * pool: custom authentication that starts with the password's SRP proof, then the pool's custom
 * challenges; and `clientMetadata` on the requests that carry the password or its proof.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { passwordThenQuestion } from '../testing/customAuthFixtures.js';
import {
  requestsOf,
  signInWithCustomChallenge,
  signInWithPassword,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';

describe("signInWithPassword's CUSTOM_WITH_SRP", () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('proves the password in CUSTOM_AUTH, then the custom challenge is answered and the session signs in', async () => {
    const { triggers, clientMetadata: told } = passwordThenQuestion();
    const pool = await startPool({ customAuth: triggers });
    const { session, recorder } = startSession();
    const step = await signInWithPassword(session, USER.username, USER.password, {
      authFlow: 'CUSTOM_WITH_SRP',
      clientMetadata: { app: 'web' },
    });
    expect(step).toMatchObject({
      status: 'challenge',
      name: 'CUSTOM_CHALLENGE',
      parameters: { question: '6 × 7?', USERNAME: USER.username },
    });
    expect(requestsOf(pool, 'InitiateAuth')[0]?.body).toEqual({
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: expect.any(String),
      AuthParameters: {
        USERNAME: USER.username,
        SRP_A: expect.any(String),
        CHALLENGE_NAME: 'SRP_A',
      },
      ClientMetadata: { app: 'web' },
    });
    expect(requestsOf(pool, 'RespondToAuthChallenge')[0]?.body).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: expect.any(String),
      ClientMetadata: { app: 'web' },
    });
    // define heard the metadata at the start and with the proof.
    expect(told).toEqual([{ app: 'web' }, { app: 'web' }]);
    expect(session.getState().status).toBe('signedOut');
    if (step.status !== 'challenge') throw new Error('expected a challenge');
    const done = await step.respond({ ANSWER: '42' });
    expect(done).toMatchObject({ status: 'signedIn', user: { 'cognito:username': USER.username } });
    expect(session.getState()).toMatchObject({ status: 'signedIn', hasRefreshToken: true });
    expect(recorder.of('signedIn')).toHaveLength(1);
  });

  it('a wrong password: the define trigger fails it, invalid_grant, no question and no session', async () => {
    await startPool({ customAuth: passwordThenQuestion().triggers });
    const { session, recorder } = startSession();
    await expect(
      signInWithPassword(session, USER.username, 'Wr0ng-Horse!', { authFlow: 'CUSTOM_WITH_SRP' }),
    ).rejects.toMatchObject({ code: 'invalid_grant', providerCode: 'NotAuthorizedException' });
    expect(session.getState().status).toBe('signedOut');
    expect(recorder.of('signedIn')).toHaveLength(0);
  });

  it('needs ALLOW_CUSTOM_AUTH: a client without it gets a provider error naming the setting', async () => {
    await startPool({
      customAuth: passwordThenQuestion().triggers,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const { session } = startSession();
    await expect(
      signInWithPassword(session, USER.username, USER.password, { authFlow: 'CUSTOM_WITH_SRP' }),
    ).rejects.toMatchObject({
      code: 'provider',
      message: expect.stringContaining('ALLOW_CUSTOM_AUTH'),
    });
  });

  it('clientMetadata also goes with USER_SRP_AUTH and USER_PASSWORD_AUTH', async () => {
    const pool = await startPool();
    for (const authFlow of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
      const { session } = startSession();
      await signInWithPassword(session, USER.username, USER.password, {
        authFlow,
        clientMetadata: { app: 'web' },
      });
      session.dispose();
    }
    const [srp, plain] = requestsOf(pool, 'InitiateAuth').map((request) => request.body);
    expect(srp).toMatchObject({ AuthFlow: 'USER_SRP_AUTH', ClientMetadata: { app: 'web' } });
    expect(plain).toMatchObject({ AuthFlow: 'USER_PASSWORD_AUTH', ClientMetadata: { app: 'web' } });
    expect(requestsOf(pool, 'RespondToAuthChallenge')[0]?.body).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientMetadata: { app: 'web' },
    });
  });

  describe('a user who owes a step after the password', () => {
    /** bob, with TOTP MFA (a fixed code). */
    const BOB = { username: 'bob', password: 'Tr0ub4dor&3x', code: '135790' };

    it('MFA: Cognito asks for the code itself after the proof, then tokens; define is not asked again', async () => {
      const { triggers, sessions } = passwordThenQuestion();
      const pool = await startPool({ customAuth: triggers, mfa: 'optional' });
      await pool.addUser({ ...BOB, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: BOB.code } });
      const { session, recorder } = startSession();
      const step = await signInWithPassword(session, BOB.username, BOB.password, {
        authFlow: 'CUSTOM_WITH_SRP',
      });
      expect(step).toMatchObject({ status: 'challenge', name: 'SOFTWARE_TOKEN_MFA' });
      // define was asked at the start only: the proof went to the pool, not to the trigger.
      expect(sessions).toEqual([[{ challengeName: 'SRP_A', challengeResult: true }]]);
      if (step.status !== 'challenge') throw new Error('expected MFA');
      await expect(step.respond({ SOFTWARE_TOKEN_MFA_CODE: '000000' })).rejects.toMatchObject({
        code: 'challenge',
        providerCode: 'CodeMismatchException',
      });
      const done = await step.respond({ SOFTWARE_TOKEN_MFA_CODE: BOB.code });
      expect(done).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'bob' } });
      expect(sessions).toHaveLength(1);
      expect(recorder.of('signedIn')).toHaveLength(1);
    });

    it('a remembered device proves itself instead of the MFA code, as after USER_SRP_AUTH', async () => {
      const { triggers } = passwordThenQuestion();
      const pool = await startPool({
        customAuth: triggers,
        mfa: 'optional',
        deviceTracking: 'always',
      });
      await pool.addUser({ ...BOB, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: BOB.code } });
      const { session } = startSession();
      const options = { authFlow: 'CUSTOM_WITH_SRP' } as const;
      const first = await signInWithPassword(session, BOB.username, BOB.password, options);
      if (first.status !== 'challenge') throw new Error('expected MFA');
      expect(await first.respond({ SOFTWARE_TOKEN_MFA_CODE: BOB.code })).toMatchObject({
        status: 'signedIn',
        device: { confirmation: 'confirmed' },
      });
      await session.signOut();
      pool.clearRequests();
      const again = await signInWithPassword(session, BOB.username, BOB.password, options);
      expect(again).toMatchObject({ status: 'signedIn' });
      expect(
        requestsOf(pool, 'RespondToAuthChallenge').map(
          ({ body }) => (body as { ChallengeName?: string }).ChallengeName,
        ),
      ).toEqual(['PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER']);
    });

    it('a new password: NEW_PASSWORD_REQUIRED after the proof, then MFA, then tokens', async () => {
      const { triggers, sessions } = passwordThenQuestion();
      const pool = await startPool({ customAuth: triggers, mfa: 'optional' });
      await pool.addUser({
        ...BOB,
        status: 'FORCE_CHANGE_PASSWORD',
        mfa: { type: 'SOFTWARE_TOKEN_MFA', code: BOB.code },
      });
      const { session } = startSession();
      const step = await signInWithPassword(session, BOB.username, BOB.password, {
        authFlow: 'CUSTOM_WITH_SRP',
      });
      expect(step).toMatchObject({ status: 'challenge', name: 'NEW_PASSWORD_REQUIRED' });
      if (step.status !== 'challenge') throw new Error('expected a new password');
      const mfa = await step.respond({ NEW_PASSWORD: 'Br4nd-New-Pass!' });
      expect(mfa).toMatchObject({ status: 'challenge', name: 'SOFTWARE_TOKEN_MFA' });
      if (mfa.status !== 'challenge') throw new Error('expected MFA');
      expect(await mfa.respond({ SOFTWARE_TOKEN_MFA_CODE: BOB.code })).toMatchObject({
        status: 'signedIn',
      });
      expect(sessions).toHaveLength(1);
    });

    it('a wrong password still goes to define, which fails it: no MFA is asked', async () => {
      const { triggers, sessions } = passwordThenQuestion();
      const pool = await startPool({ customAuth: triggers, mfa: 'optional' });
      await pool.addUser({ ...BOB, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: BOB.code } });
      const { session } = startSession();
      await expect(
        signInWithPassword(session, BOB.username, 'Wr0ng-Horse!', { authFlow: 'CUSTOM_WITH_SRP' }),
      ).rejects.toMatchObject({ code: 'invalid_grant' });
      expect(sessions.at(-1)?.at(-1)).toEqual({
        challengeName: 'PASSWORD_VERIFIER',
        challengeResult: false,
      });
    });

    it('without a password proof there is no MFA: the custom questions alone sign in', async () => {
      const pool = await startPool({
        customAuth: passwordThenQuestion().triggers,
        mfa: 'optional',
      });
      await pool.addUser({ ...BOB, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: BOB.code } });
      const { session } = startSession();
      const step = await signInWithCustomChallenge(session, BOB.username);
      if (step.status !== 'challenge') throw new Error('expected the question');
      expect(await step.respond({ ANSWER: '42' })).toMatchObject({ status: 'signedIn' });
    });
  });
});
