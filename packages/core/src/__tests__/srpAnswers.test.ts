/**
 * What the SRP sign-in and the device proof (providers/cognito/srpSignIn.ts, deviceAuth.ts) do
 * with a challenge they cannot use: parameters missing or not hex, a B that SRP-6a says to
 * abort on, a device Cognito asks for that this browser does not have. And which failures of a
 * remembered device's proof forget the device (Cognito refusing it) and which keep it (a server
 * or network failure: the device is still good, the next sign-in proves it).
 */
import type { JsonBodyType } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SRP_N } from '../providers/cognito/srpMath.js';
import type { Session } from '../session.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import {
  answerNext,
  rememberTokens,
  requestsOf,
  signInWithPassword,
  startPool,
  startSession,
  USER,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';

/** A user with TOTP MFA (a fixed code). */
const MFA = { username: 'bob', password: 'Tr0ub4dor&3x', code: '135790' };
const HEX = 'ab'.repeat(32);
const GOOD = { SRP_B: HEX, SALT: 'cd', SECRET_BLOCK: 'c2VjcmV0', USERNAME: USER.username };

/** The next `RespondToAuthChallenge` answering challenge `name` gets `body` (and `status`). */
function answerChallenge(name: string, body: JsonBodyType, status = 200) {
  answerNext('RespondToAuthChallenge', body, status, (sent) => sent.ChallengeName === name);
}

function answered(pool: Awaited<ReturnType<typeof startPool>>): string[] {
  return requestsOf(pool, 'RespondToAuthChallenge').map(
    (request) => (request.body as { ChallengeName: string }).ChallengeName,
  );
}

describe('a PASSWORD_VERIFIER challenge that cannot be used', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it.each<[string, Record<string, string>]>([
    ['no SRP_B', { SALT: 'cd', SECRET_BLOCK: 'c2VjcmV0' }],
    ['no SALT', { SRP_B: HEX, SECRET_BLOCK: 'c2VjcmV0' }],
    ['no SECRET_BLOCK', { SRP_B: HEX, SALT: 'cd' }],
    ['an SRP_B with a non-hex start', { ...GOOD, SRP_B: `zz${HEX}` }],
    ['an SRP_B with a non-hex end', { ...GOOD, SRP_B: `${HEX}zz` }],
    ['a SALT with a non-hex start', { ...GOOD, SALT: 'zzcd' }],
    ['a SALT with a non-hex end', { ...GOOD, SALT: 'cdzz' }],
  ])('%s: invalid_response, and no proof is sent', async (_, parameters) => {
    const pool = await startPool();
    answerNext('InitiateAuth', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: parameters,
    });
    const { session } = startSession();
    await expect(signInWithPassword(session, USER.username, USER.password)).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining(
        "Cognito's PASSWORD_VERIFIER challenge lacks SRP_B, SALT or SECRET_BLOCK",
      ),
    });
    expect(requestsOf(pool, 'RespondToAuthChallenge')).toEqual([]);
    expect(session.getState().status).toBe('signedOut');
  });

  it('a B that is 0 mod N: SRP-6a aborts, said in words, no proof sent', async () => {
    const pool = await startPool();
    answerNext('InitiateAuth', {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: { ...GOOD, SRP_B: SRP_N.toString(16) },
      Session: 'S'.repeat(40),
    });
    const { session } = startSession();
    await expect(signInWithPassword(session, USER.username, USER.password)).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining(
        "Cognito's PASSWORD_VERIFIER challenge is unusable (SRP: B mod N is 0)",
      ),
    });
    expect(requestsOf(pool, 'RespondToAuthChallenge')).toEqual([]);
  });

  it('a start answered with neither a challenge nor tokens: invalid_response naming the answer', async () => {
    await startPool();
    answerNext('InitiateAuth', {});
    const { session } = startSession();
    await expect(signInWithPassword(session, USER.username, USER.password)).rejects.toMatchObject({
      code: 'invalid_response',
      message: expect.stringContaining(
        "Cognito's InitiateAuth answer lacks IdToken or AccessToken",
      ),
    });
  });

  it('a ConfirmDevice answered with an empty body: the device is confirmed, no opt-in asked', async () => {
    await startPool({ deviceTracking: 'always' });
    answerNext('ConfirmDevice', null);
    const { session } = startSession();
    await expect(signInWithPassword(session, USER.username, USER.password)).resolves.toMatchObject({
      status: 'signedIn',
      device: { confirmation: 'confirmed', rememberRequired: false },
    });
  });

  it('a start answered with tokens at once: signed in, no proof asked', async () => {
    const pool = await startPool();
    const tokens = await pool.issueTokens(USER.username);
    rememberTokens(tokens);
    answerNext('InitiateAuth', {
      AuthenticationResult: {
        IdToken: tokens.idToken,
        AccessToken: tokens.accessToken,
        RefreshToken: tokens.refreshToken,
        ExpiresIn: 3600,
        TokenType: 'Bearer',
      },
    });
    const { session } = startSession();
    const result = await signInWithPassword(session, USER.username, USER.password);
    expect(result).toMatchObject({ status: 'signedIn' });
    expect(requestsOf(pool, 'RespondToAuthChallenge')).toEqual([]);
  });
});

describe("a remembered device's proof", () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  const deviceItem = `sessionkit-device:${USER_POOL_ID}:${MFA.username}`;

  /** bob signed in once (TOTP), his device confirmed and stored, then signed out. */
  async function rememberedDevice() {
    const pool = await startPool({ deviceTracking: 'always' });
    await pool.addUser({ ...MFA, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: MFA.code } });
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    const step = await signInWithPassword(session, MFA.username, MFA.password);
    if (step.status !== 'challenge') throw new Error('expected MFA');
    await step.respond({ SOFTWARE_TOKEN_MFA_CODE: MFA.code });
    const device = (await storage.get(deviceItem)) as { devicePassword: string } | undefined;
    if (!device) throw new Error('expected a stored device');
    rememberTokens({ idToken: device.devicePassword, accessToken: device.devicePassword });
    await session.signOut();
    pool.clearRequests();
    return { pool, storage, session, device };
  }

  async function provedWithoutMfa(session: Session, storage: TokenStorage, device: unknown) {
    expect(await storage.get(deviceItem)).toEqual(device);
    await expect(signInWithPassword(session, MFA.username, MFA.password)).resolves.toMatchObject({
      status: 'signedIn',
    });
  }

  it('a server failure at the device proof rejects, and keeps the device for the next sign-in', async () => {
    const { pool, storage, session, device } = await rememberedDevice();
    answerChallenge(
      'DEVICE_PASSWORD_VERIFIER',
      { __type: 'InternalErrorException', message: 'Internal error' },
      500,
    );
    await expect(signInWithPassword(session, MFA.username, MFA.password)).rejects.toMatchObject({
      code: 'provider',
      retryable: true,
    });
    // The pool saw the proof start; the failing answer was the server's.
    expect(answered(pool)).toEqual(['PASSWORD_VERIFIER', 'DEVICE_SRP_AUTH']);
    await provedWithoutMfa(session, storage, device);
  });

  it('a server failure at the start, where the device is presented, keeps it too', async () => {
    const { pool, storage, session, device } = await rememberedDevice();
    pool.failNext('server', 1, { operations: ['InitiateAuth'] });
    await expect(signInWithPassword(session, MFA.username, MFA.password)).rejects.toMatchObject({
      code: 'provider',
    });
    await provedWithoutMfa(session, storage, device);
  });

  it.each<[string, Record<string, string>]>([
    ['no SRP_B', { SALT: 'cd', SECRET_BLOCK: 'c2VjcmV0' }],
    ['a SALT with a non-hex start', { ...GOOD, SALT: 'zzcd' }],
    ['an SRP_B with a non-hex end', { ...GOOD, SRP_B: `${HEX}zz` }],
    ['an empty SECRET_BLOCK', { ...GOOD, SECRET_BLOCK: '' }],
  ])('a DEVICE_PASSWORD_VERIFIER with %s: invalid_response, device kept', async (_, parameters) => {
    const { storage, session, device } = await rememberedDevice();
    answerChallenge('DEVICE_SRP_AUTH', {
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      ChallengeParameters: parameters,
      Session: 'S'.repeat(40),
    });
    await expect(signInWithPassword(session, MFA.username, MFA.password)).rejects.toMatchObject({
      code: 'invalid_response',
      retryable: true,
      message: expect.stringContaining(
        "Cognito's DEVICE_PASSWORD_VERIFIER challenge lacks SRP_B, SALT or SECRET_BLOCK.",
      ),
    });
    await provedWithoutMfa(session, storage, device);
  });

  it('a DEVICE_PASSWORD_VERIFIER whose B is 0 mod N: unusable, in words, device kept', async () => {
    const { storage, session, device } = await rememberedDevice();
    answerChallenge('DEVICE_SRP_AUTH', {
      ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
      ChallengeParameters: { ...GOOD, SRP_B: SRP_N.toString(16) },
      Session: 'S'.repeat(40),
    });
    await expect(signInWithPassword(session, MFA.username, MFA.password)).rejects.toMatchObject({
      code: 'invalid_response',
      retryable: true,
      message: expect.stringContaining(
        "Cognito's DEVICE_PASSWORD_VERIFIER challenge is unusable (SRP: B mod N is 0).",
      ),
    });
    await provedWithoutMfa(session, storage, device);
  });

  it('Cognito asking for a device this browser does not have: a challenge error, in words', async () => {
    const pool = await startPool();
    answerChallenge('PASSWORD_VERIFIER', {
      ChallengeName: 'DEVICE_SRP_AUTH',
      ChallengeParameters: { USERNAME: USER.username },
      Session: 'S'.repeat(40),
    });
    const { session } = startSession();
    await expect(signInWithPassword(session, USER.username, USER.password)).rejects.toMatchObject({
      code: 'challenge',
      message:
        'Cognito asked to prove a remembered device (DEVICE_SRP_AUTH), but this browser has no device stored for the user; sign in again.',
    });
    // Nothing was answered after the (overridden) password proof.
    expect(answered(pool)).toEqual([]);
    expect(requestsOf(pool, 'InitiateAuth')).toHaveLength(1);
  });
});
