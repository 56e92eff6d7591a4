/**
 * The kit's custom authentication (customAuth.ts, customAuthSessions.ts, customAuthSrp.ts) on the
 * wire: who may start it, what the triggers are told, the define trigger's answers it refuses,
 * and which answers a step's `Session` takes, each refusal word for word.
 */
import { describe, expect, it } from 'vitest';
import { createSrpClientKeys } from '../providers/cognito/srp.js';
import {
  ALICE,
  callApi,
  createClock,
  INVALID_SESSION,
  OTHER_CLIENT,
  POOL_CONFIG,
  passwordVerifierResponses,
  setupPoolServer,
} from './cognitoTestClient.js';
import { passwordThenQuestion } from './customAuthFixtures.js';
import type { FakeCustomAuthTriggers } from './customAuthTypes.js';
import { confirmedDevice } from './deviceTestClient.js';

const { usePool, useTwoAppClients } = setupPoolServer();

const initiate = (AuthParameters: Record<string, unknown> = {}) =>
  callApi('InitiateAuth', {
    AuthFlow: 'CUSTOM_AUTH',
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: { USERNAME: ALICE.username, ...AuthParameters },
  });

const answer = (
  Session: unknown,
  ANSWER: string,
  { username = ALICE.username, url = '' }: { username?: string; url?: string } = {},
) =>
  callApi(
    'RespondToAuthChallenge',
    {
      ChallengeName: 'CUSTOM_CHALLENGE',
      ClientId: url ? OTHER_CLIENT.clientId : POOL_CONFIG.clientId,
      Session,
      ChallengeResponses: { USERNAME: username, ANSWER },
    },
    url ? { url } : {},
  );

/** The question of passwordThenQuestion() with the define trigger replaced. */
function questionWith(defineAuthChallenge: FakeCustomAuthTriggers['defineAuthChallenge']) {
  const fixture = passwordThenQuestion();
  return { ...fixture, triggers: { ...fixture.triggers, defineAuthChallenge } };
}

describe('starting a custom sign-in', () => {
  it('signs in at InitiateAuth when the define trigger issues tokens at once', async () => {
    const pool = usePool({
      customAuth: questionWith(() => ({ issueTokens: true, failAuthentication: false })).triggers,
    });
    await pool.addUser(ALICE);
    const started = await initiate();
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({
      ChallengeParameters: {},
      AuthenticationResult: {
        IdToken: expect.any(String),
        AccessToken: expect.any(String),
        RefreshToken: expect.any(String),
      },
    });
    expect(started.json).not.toHaveProperty('Session');
  });

  it('refuses an unknown user and one who has not confirmed the account', async () => {
    const pool = usePool({ customAuth: passwordThenQuestion().triggers });
    expect((await initiate()).json).toEqual({
      __type: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    await pool.addUser({ ...ALICE, status: 'UNCONFIRMED' });
    expect((await initiate()).json).toEqual({
      __type: 'UserNotConfirmedException',
      message: 'User is not confirmed.',
    });
  });

  it('takes SRP_A without CHALLENGE_NAME as the password proof first', async () => {
    const { triggers, sessions } = passwordThenQuestion();
    const pool = usePool({ customAuth: triggers });
    await pool.addUser(ALICE);
    const started = await initiate({ SRP_A: createSrpClientKeys().A.toString(16) });
    expect(started.json.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(sessions[0]).toEqual([{ challengeName: 'SRP_A', challengeResult: true }]);
  });
});

describe("the triggers' part", () => {
  it('tells create which challenge, and define no metadata create did not give', async () => {
    const created: unknown[] = [];
    const fixture = passwordThenQuestion();
    const pool = usePool({
      customAuth: {
        ...fixture.triggers,
        createAuthChallenge(request) {
          created.push(request.challengeName);
          return fixture.triggers.createAuthChallenge(request);
        },
      },
    });
    await pool.addUser(ALICE);
    const started = await initiate();
    await answer(started.json.Session, '41');
    expect(created).toEqual(['CUSTOM_CHALLENGE']);
    const [result] = fixture.sessions[1]!;
    expect(Object.keys(result!)).toEqual(['challengeName', 'challengeResult']);
  });

  it('answers a define trigger that throws as Cognito answers its failed Lambda', async () => {
    const pool = usePool({
      customAuth: questionWith(() => {
        throw new Error('table not found');
      }).triggers,
    });
    await pool.addUser(ALICE);
    expect((await initiate()).json).toEqual({
      __type: 'UserLambdaValidationException',
      message: 'DefineAuthChallenge failed with error table not found.',
    });
  });

  it('refuses a define answer with no challenge, no tokens and no failure, or another challenge', async () => {
    // A trigger written in JavaScript may answer any name.
    for (const challengeName of [undefined, 'SMS_MFA' as 'CUSTOM_CHALLENGE']) {
      const pool = usePool({
        customAuth: questionWith(() => ({
          ...(challengeName ? { challengeName } : {}),
          issueTokens: false,
          failAuthentication: false,
        })).triggers,
      });
      await pool.addUser(ALICE);
      expect((await initiate()).json, String(challengeName)).toEqual({
        __type: 'InvalidLambdaResponseException',
        message:
          'Invalid define auth challenge lambda response: no challenge, no tokens and no failure.',
      });
    }
  });

  it('refuses PASSWORD_VERIFIER asked after a custom challenge, SRP_A or not', async () => {
    const pool = usePool({
      customAuth: questionWith(({ session }) => ({
        challengeName: session.length === 0 ? 'CUSTOM_CHALLENGE' : 'PASSWORD_VERIFIER',
        issueTokens: false,
        failAuthentication: false,
      })).triggers,
    });
    await pool.addUser(ALICE);
    const started = await initiate();
    expect((await answer(started.json.Session, '42')).json).toEqual({
      __type: 'InvalidLambdaResponseException',
      message:
        'Invalid define auth challenge lambda response: PASSWORD_VERIFIER follows SRP_A only.',
    });
  });
});

describe("a step's Session", () => {
  it('is answered only for its user, under its app client, before it expires', async () => {
    const clock = createClock();
    const pool = useTwoAppClients({ customAuth: passwordThenQuestion().triggers, now: clock.now });
    await pool.addUser(ALICE);
    await pool.addUser({ username: 'bob', password: ALICE.password });
    const session = async () => (await initiate()).json.Session as string;
    expect((await answer(await session(), '42', { username: 'bob' })).json).toEqual(
      INVALID_SESSION,
    );
    expect((await answer(await session(), '42', { url: OTHER_CLIENT.url })).json).toEqual(
      INVALID_SESSION,
    );
    const late = await session();
    clock.advance(180_000);
    expect((await answer(late, '42')).json).toEqual(INVALID_SESSION);
    const inTime = await session();
    clock.advance(179_999);
    expect((await answer(inTime, '42')).json).toHaveProperty('AuthenticationResult');
  });
});

describe('a device in a custom sign-in with the password first', () => {
  /** SRP_A, the password proof, then the question answered: the AuthenticationResult. */
  async function signInPresenting(at: { start?: string; proof?: string }) {
    const keys = createSrpClientKeys();
    const started = await initiate({
      CHALLENGE_NAME: 'SRP_A',
      SRP_A: keys.A.toString(16),
      ...(at.start ? { DEVICE_KEY: at.start } : {}),
    });
    const responses = await passwordVerifierResponses(
      keys,
      started.json.ChallengeParameters,
      ALICE.password,
    );
    const proof = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: started.json.Session,
      ChallengeResponses: { ...responses, ...(at.proof ? { DEVICE_KEY: at.proof } : {}) },
    });
    return (await answer(proof.json.Session, '42')).json.AuthenticationResult;
  }

  it('is the one presented at the start or with the proof: no new device either way', async () => {
    const pool = usePool({ customAuth: passwordThenQuestion().triggers, deviceTracking: 'always' });
    await pool.addUser(ALICE);
    const { device } = await confirmedDevice();
    for (const at of [{ start: device.deviceKey }, { proof: device.deviceKey }]) {
      const result = await signInPresenting(at);
      expect(result, JSON.stringify(at)).toHaveProperty('AccessToken');
      expect(result, JSON.stringify(at)).not.toHaveProperty('NewDeviceMetadata');
    }
    expect(await signInPresenting({})).toHaveProperty('NewDeviceMetadata');
    expect(await pool.devices(ALICE.username)).toHaveLength(2);
  });
});
