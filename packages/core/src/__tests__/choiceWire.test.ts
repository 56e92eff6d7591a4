/**
 * The exact requests of choice-based sign-in (docs/cognito-wire.md section 9; AWS's API reference
 * of InitiateAuth and RespondToAuthChallenge): AuthParameters and ChallengeResponses as Cognito
 * names them, nothing more, and the kit's WEB_AUTHN extension point (userAuthFactors.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PasswordSignInResult, SignInChallengeStep } from '../flows/signInChallenges.js';

/** The challenge step whose names include `N`. */
type Named<N extends string> = SignInChallengeStep extends infer S
  ? S extends { name: infer K }
    ? N extends K
      ? S
      : never
    : never
  : never;

import { CognitoApiError } from '../testing/cognitoResponses.js';
import { registerUserAuthFactor } from '../testing/userAuthFactors.js';
import {
  CLIENT_ID,
  requestsOf,
  signInWithChoice,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';

const FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'] as const;

function pool(options: Parameters<typeof startPool>[0] = {}) {
  return startPool({
    explicitAuthFlows: [...FLOWS],
    userAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'],
    ...options,
  });
}

function challengeOf<Name extends string>(step: PasswordSignInResult, name: Name) {
  if (step.status !== 'challenge' || step.name !== name) throw new Error(`expected ${name}`);
  return step as Named<Name>;
}

const bodies = (fake: Awaited<ReturnType<typeof pool>>) =>
  fake.requests.map((request) => request.body as Record<string, unknown>);

describe('choice-based sign-in on the wire', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('PREFERRED_CHALLENGE EMAIL_OTP, then EMAIL_OTP_CODE under its Session', async () => {
    const fake = await pool();
    const { session } = startSession();
    const step = challengeOf(
      await signInWithChoice(session, USER.username, { preferredChallenge: 'EMAIL_OTP' }),
      'EMAIL_OTP',
    );
    const code = await fake.lastCode(USER.username, 'EMAIL');
    await step.respond({ EMAIL_OTP_CODE: code });
    const [initiate, answer] = bodies(fake);
    expect(initiate).toEqual({
      AuthFlow: 'USER_AUTH',
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: USER.username, PREFERRED_CHALLENGE: 'EMAIL_OTP' },
    });
    expect(answer).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'EMAIL_OTP',
      Session: expect.any(String),
      ChallengeResponses: { EMAIL_OTP_CODE: code, USERNAME: USER.username },
    });
  });

  it('no preference: AuthParameters {USERNAME}; SELECT_CHALLENGE answered with ANSWER and PASSWORD', async () => {
    const fake = await pool();
    const { session } = startSession();
    const select = challengeOf(
      await signInWithChoice(session, USER.username, { password: USER.password }),
      'SELECT_CHALLENGE',
    );
    expect((await select.select('PASSWORD')).status).toBe('signedIn');
    const [initiate, answer] = bodies(fake);
    expect(initiate?.AuthParameters).toEqual({ USERNAME: USER.username });
    expect(answer).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'SELECT_CHALLENGE',
      Session: expect.any(String),
      ChallengeResponses: { ANSWER: 'PASSWORD', PASSWORD: USER.password, USERNAME: USER.username },
    });
  });

  it('SELECT_CHALLENGE EMAIL_OTP carries no password', async () => {
    const fake = await pool();
    const { session } = startSession();
    const select = challengeOf(await signInWithChoice(session, USER.username), 'SELECT_CHALLENGE');
    challengeOf(await select.select('EMAIL_OTP'), 'EMAIL_OTP');
    expect(bodies(fake)[1]?.ChallengeResponses).toEqual({
      ANSWER: 'EMAIL_OTP',
      USERNAME: USER.username,
    });
  });

  it('PASSWORD: PREFERRED_CHALLENGE with PASSWORD in AuthParameters', async () => {
    const fake = await pool();
    const { session } = startSession();
    await signInWithChoice(session, USER.username, {
      preferredChallenge: 'PASSWORD',
      password: USER.password,
    });
    expect(bodies(fake)[0]?.AuthParameters).toEqual({
      USERNAME: USER.username,
      PREFERRED_CHALLENGE: 'PASSWORD',
      PASSWORD: USER.password,
    });
  });

  it('PASSWORD_SRP: SRP_A (never the password), then PASSWORD_VERIFIER with the Session', async () => {
    const fake = await pool();
    const { session } = startSession();
    await signInWithChoice(session, USER.username, {
      preferredChallenge: 'PASSWORD_SRP',
      password: USER.password,
    });
    const [initiate, verifier] = bodies(fake);
    expect(initiate?.AuthParameters).toEqual({
      USERNAME: USER.username,
      PREFERRED_CHALLENGE: 'PASSWORD_SRP',
      SRP_A: expect.stringMatching(/^[0-9a-f]+$/),
    });
    expect(verifier).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      Session: expect.any(String),
      ChallengeResponses: {
        USERNAME: USER.username,
        PASSWORD_CLAIM_SECRET_BLOCK: expect.any(String),
        PASSWORD_CLAIM_SIGNATURE: expect.any(String),
        TIMESTAMP: expect.any(String),
      },
    });
    expect(JSON.stringify(bodies(fake))).not.toContain(USER.password);
  });

  it('SELECT_CHALLENGE PASSWORD_SRP: ANSWER with SRP_A, then PASSWORD_VERIFIER', async () => {
    const fake = await pool();
    const { session } = startSession();
    const select = challengeOf(await signInWithChoice(session, USER.username), 'SELECT_CHALLENGE');
    expect((await select.select('PASSWORD_SRP', { password: USER.password })).status).toBe(
      'signedIn',
    );
    const [, answer, verifier] = bodies(fake);
    expect(answer).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'SELECT_CHALLENGE',
      Session: expect.any(String),
      ChallengeResponses: {
        ANSWER: 'PASSWORD_SRP',
        USERNAME: USER.username,
        SRP_A: expect.stringMatching(/^[0-9a-f]+$/),
      },
    });
    expect(verifier?.ChallengeName).toBe('PASSWORD_VERIFIER');
    expect(JSON.stringify(bodies(fake))).not.toContain(USER.password);
  });

  it('presents a remembered device with DEVICE_KEY, and answers under it', async () => {
    const fake = await pool({ deviceTracking: 'always' });
    const { session } = startSession();
    const first = challengeOf(
      await signInWithChoice(session, USER.username, { preferredChallenge: 'EMAIL_OTP' }),
      'EMAIL_OTP',
    );
    const signedIn = await first.respond({ EMAIL_OTP_CODE: await fake.lastCode(USER.username) });
    expect(signedIn).toMatchObject({ status: 'signedIn', device: { confirmation: 'confirmed' } });
    const [device] = await fake.devices(USER.username);
    fake.clearRequests();
    const again = challengeOf(
      await signInWithChoice(session, USER.username, { preferredChallenge: 'EMAIL_OTP' }),
      'EMAIL_OTP',
    );
    await again.respond({ EMAIL_OTP_CODE: await fake.lastCode(USER.username) });
    const [initiate, answer] = requestsOf(fake, 'InitiateAuth')
      .concat(requestsOf(fake, 'RespondToAuthChallenge'))
      .map((request) => request.body as Record<string, Record<string, unknown>>);
    expect(initiate?.AuthParameters?.DEVICE_KEY).toBe(device?.deviceKey);
    expect(answer?.ChallengeResponses?.DEVICE_KEY).toBe(device?.deviceKey);
    expect(await fake.devices(USER.username)).toHaveLength(1);
  });

  it('WEB_AUTHN: a registered factor is offered, its options parsed, CREDENTIAL answered', async () => {
    const options = { challenge: 'q1w2e3', rpId: 'app.example', allowCredentials: [] };
    registerUserAuthFactor('WEB_AUTHN', {
      isAvailable: (_state, user) => user.username === USER.username,
      open: () => ({
        parameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options) },
        data: { challenge: options.challenge },
      }),
      verify({ responses, data }) {
        const credential = JSON.parse(String(responses.CREDENTIAL)) as { challenge?: string };
        if (credential.challenge !== (data as { challenge: string }).challenge) {
          throw new CognitoApiError('NotAuthorizedException', 'Incorrect username or password.');
        }
      },
    });
    const fake = await pool();
    const { session } = startSession();
    const select = challengeOf(await signInWithChoice(session, USER.username), 'SELECT_CHALLENGE');
    expect(select.availableChallenges).toContain('WEB_AUTHN');
    const passkey = challengeOf(await select.select('WEB_AUTHN'), 'WEB_AUTHN');
    expect(passkey.credentialRequestOptions).toEqual(options);
    const stale = JSON.stringify({ challenge: 'an-old-one', id: 'credential-id' });
    await expect(passkey.respond({ CREDENTIAL: stale })).rejects.toMatchObject({
      code: 'invalid_grant',
    });
    const credential = JSON.stringify({ challenge: 'q1w2e3', id: 'credential-id' });
    expect((await passkey.respond({ CREDENTIAL: credential })).status).toBe('signedIn');
    expect(bodies(fake).at(-1)).toEqual({
      ClientId: CLIENT_ID,
      ChallengeName: 'WEB_AUTHN',
      Session: expect.any(String),
      ChallengeResponses: { CREDENTIAL: credential, USERNAME: USER.username },
    });
  });
});
