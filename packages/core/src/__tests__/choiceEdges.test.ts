/**
 * The edges of choice-based and custom sign-in (flows/choiceSignIn.ts, customSignIn.ts,
 * passkeySignIn.ts): the arguments they refuse before any request, the `select` only a
 * `SELECT_CHALLENGE` step has, a `SELECT_CHALLENGE` that lists no ways, and the device name each
 * passes on when the pool remembers devices.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { passwordThenQuestion } from '../testing/customAuthFixtures.js';
import {
  answerNext,
  issue,
  registerPasskey,
  rejection,
  requestsOf,
  signInWithChoice,
  signInWithCustomChallenge,
  signInWithPasskey,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';
import { softCredentials } from './softAuthenticator.js';

const FLOWS = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
  'ALLOW_CUSTOM_AUTH',
] as const;
const FACTORS = ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] as const;

function pool(options: Parameters<typeof startPool>[0] = {}) {
  return startPool({ explicitAuthFlows: [...FLOWS], userAuthFactors: [...FACTORS], ...options });
}

describe('choice and custom sign-in', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it.each(['PASSWORD', 'PASSWORD_SRP'] as const)(
    'a preferred %s without the password is a TypeError before any request',
    async (way) => {
      const fake = await pool();
      const { session } = startSession();
      await expect(
        signInWithChoice(session, USER.username, { preferredChallenge: way }),
      ).rejects.toThrow(
        new TypeError(`signInWithChoice(): ${way} needs the password (option password).`),
      );
      await expect(
        signInWithChoice(session, USER.username, { preferredChallenge: way, password: '' }),
      ).rejects.toThrow(TypeError);
      expect(fake.requests).toEqual([]);
    },
  );

  it('names the option and the ways when the preferred way or the selected one is none', async () => {
    const fake = await pool();
    const { session } = startSession();
    const ways = 'PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN';
    await expect(
      signInWithChoice(session, USER.username, { preferredChallenge: 'TOTP' as never }),
    ).rejects.toThrow(
      new TypeError(`signInWithChoice(): preferredChallenge must be one of ${ways}, got "TOTP".`),
    );
    expect(fake.requests).toEqual([]);
    const step = await signInWithChoice(session, USER.username);
    if (step.status !== 'challenge' || step.name !== 'SELECT_CHALLENGE') throw new Error('select');
    await expect(step.select('TOTP' as never)).rejects.toThrow(
      new TypeError(`select() must be one of ${ways}, got "TOTP".`),
    );
    await expect(step.select('PASSWORD')).rejects.toThrow(
      new TypeError('signInWithChoice(): PASSWORD needs the password (option password).'),
    );
    expect(requestsOf(fake, 'RespondToAuthChallenge')).toEqual([]);
  });

  it('a step answered twice: the second answer is refused as answered already, not as too slow', async () => {
    const fake = await pool();
    const { session } = startSession();
    const step = await signInWithChoice(session, 'alice', { preferredChallenge: 'EMAIL_OTP' });
    if (step.status !== 'challenge') throw new Error('expected EMAIL_OTP');
    const code = await fake.lastCode('alice', 'EMAIL');
    expect((await step.respond({ EMAIL_OTP_CODE: code })).status).toBe('signedIn');
    const again = await rejection(step.respond({ EMAIL_OTP_CODE: code }));
    expect(again).toMatchObject({
      code: 'challenge',
      providerCode: 'NotAuthorizedException',
      providerMessage: 'Invalid session for the user, session can only be used once.',
      message:
        'Sign-in failed (NotAuthorizedException): This step was answered already: go on with the step its answer returned.',
    });
    expect(session.getState().status).toBe('signedIn');
  });

  it('only a SELECT_CHALLENGE step has select and availableChallenges', async () => {
    const fake = await pool();
    const { session } = startSession();
    const code = await signInWithChoice(session, USER.username, {
      preferredChallenge: 'EMAIL_OTP',
    });
    expect(code).toMatchObject({ status: 'challenge', name: 'EMAIL_OTP' });
    expect(code).not.toHaveProperty('select');
    expect(code).not.toHaveProperty('availableChallenges');
    if (code.status !== 'challenge') throw new Error('expected the code');
    const [sent] = await fake.sentCodes(USER.username);
    const done = await code.respond({ EMAIL_OTP_CODE: sent?.code ?? '' });
    expect(done.status).toBe('signedIn');
    expect(done).not.toHaveProperty('select');
  });

  it('a SELECT_CHALLENGE that lists no ways: select sends the one asked for', async () => {
    await pool();
    answerNext('InitiateAuth', { ChallengeName: 'SELECT_CHALLENGE', Session: 'S'.repeat(40) });
    const selected = answerNext(
      'RespondToAuthChallenge',
      { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' },
      400,
    );
    const { session } = startSession();
    const step = await signInWithChoice(session, USER.username);
    if (step.status !== 'challenge' || step.name !== 'SELECT_CHALLENGE') throw new Error('select');
    expect(step.availableChallenges).toEqual([]);
    await expect(step.select('EMAIL_OTP')).rejects.toMatchObject({ code: 'invalid_grant' });
    expect(selected).toMatchObject([
      { ChallengeName: 'SELECT_CHALLENGE', ChallengeResponses: { ANSWER: 'EMAIL_OTP' } },
    ]);
  });

  it('keeps only the ways it knows of those Cognito lists', async () => {
    await pool();
    answerNext('InitiateAuth', {
      ChallengeName: 'SELECT_CHALLENGE',
      Session: 'S'.repeat(40),
      AvailableChallenges: ['PASSWORD_SRP', 'FACE_SCAN', 7, 'EMAIL_OTP'],
    });
    const { session } = startSession();
    const step = await signInWithChoice(session, USER.username);
    if (step.status !== 'challenge' || step.name !== 'SELECT_CHALLENGE') throw new Error('select');
    expect(step.availableChallenges).toEqual(['PASSWORD_SRP', 'EMAIL_OTP']);
  });

  it('a choice sign-in whose start answers neither a challenge nor tokens says which answer', async () => {
    await pool();
    answerNext('InitiateAuth', {});
    const { session } = startSession();
    const error = await signInWithChoice(session, USER.username).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect((error as Error).message).toContain("Cognito's InitiateAuth answer");
  });

  it.each<[string, (session: ReturnType<typeof startSession>['session']) => Promise<unknown>]>([
    [
      'signInWithChoice',
      (session) =>
        signInWithChoice(session, USER.username, {
          preferredChallenge: 'PASSWORD',
          password: USER.password,
          deviceName: 'Kitchen tablet',
        }),
    ],
    [
      'signInWithCustomChallenge',
      async (session) => {
        const step = await signInWithCustomChallenge(session, USER.username, {
          deviceName: 'Kitchen tablet',
        });
        if (step.status !== 'challenge') throw new Error('expected the question');
        return step.respond({ ANSWER: '42' });
      },
    ],
  ])('%s names the device the pool remembers, as the app asked', async (_, signIn) => {
    // Without a password the fixture's define trigger asks its question at once.
    const fake = await pool({
      deviceTracking: 'always',
      customAuth: passwordThenQuestion().triggers,
    });
    const { session } = startSession();
    await signIn(session);
    expect(session.getState().status).toBe('signedIn');
    expect(requestsOf(fake, 'ConfirmDevice').map(({ body }) => body)).toEqual([
      expect.objectContaining({ DeviceName: 'Kitchen tablet' }),
    ]);
  });

  it('signInWithPasskey names the device too', async () => {
    const fake = await pool({
      deviceTracking: 'always',
      webAuthn: { relyingPartyId: 'app.example' },
    });
    vi.stubGlobal('navigator', { credentials: softCredentials('https://app.example') });
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
    const { session } = startSession();
    await session.setTokens(await issue(fake));
    await registerPasskey(session);
    await session.signOut();
    await signInWithPasskey(session, USER.username, { deviceName: 'Kitchen tablet' });
    expect(session.getState().status).toBe('signedIn');
    expect(requestsOf(fake, 'ConfirmDevice').map(({ body }) => body)).toEqual([
      expect.objectContaining({ DeviceName: 'Kitchen tablet' }),
    ]);
  });

  it('a custom sign-in whose start answers neither a challenge nor tokens says which answer', async () => {
    await pool({ customAuth: passwordThenQuestion().triggers });
    answerNext('InitiateAuth', {});
    const { session } = startSession();
    const error = await signInWithCustomChallenge(session, USER.username).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_response' });
    expect((error as Error).message).toContain("Cognito's InitiateAuth answer");
  });
});
