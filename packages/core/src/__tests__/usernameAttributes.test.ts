/**
 * A user pool whose users sign in with their email address (Cognito's `UsernameAttributes`, what
 * the console sets up when "email" is the sign-in identifier): the kit answers as Cognito does
 * (a generated username, `USER_ID_FOR_SRP`), AWS's own client signs up and in against it, and
 * sessionkit signs up, in and with a remembered device by the address alone.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStorage } from '../storage/memoryStorage.js';
import {
  CLIENT_ID,
  confirmSignUp,
  requestsOf,
  signInWithPassword,
  signUp,
  startPool,
  startSession,
  USER_POOL_ID,
  useFakeClock,
  useMsw,
} from './harness.js';
import { referenceSignUp as awsSignUp } from './referenceSignUp.js';
import { memoryStore } from './referenceStorage.js';

const PASSWORD = 'N3w-Passw0rd!';
const EMAIL_POOL = { usernameAttributes: ['email'] } as const;

const referencePool = () =>
  new CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: CLIENT_ID, Storage: memoryStore() });

const referenceSignUp = (username: string) => awsSignUp(username, PASSWORD);

/** A user of the email pool, by generated username, with TOTP MFA answered by `code`. */
function addTotpUser(
  pool: Awaited<ReturnType<typeof startPool>>,
  username: string,
  email: string,
  code: string,
) {
  return pool.addUser({
    username,
    password: PASSWORD,
    attributes: { email, email_verified: 'true' },
    mfa: { type: 'SOFTWARE_TOKEN_MFA', code },
  });
}

describe('a pool with usernameAttributes: email', () => {
  useMsw();
  afterEach(() => vi.useRealTimers());

  it("AWS's client signs up with the address, confirms and signs in with SRP; the user is its sub", async () => {
    const pool = await startPool(EMAIL_POOL);
    const result = await referenceSignUp('carol@example.com');
    expect(result.userSub).toMatch(/^[0-9a-f-]{36}$/);
    expect(await pool.hasUser(result.userSub)).toBe(true);
    const user = new CognitoUser({
      Username: 'carol@example.com',
      Pool: referencePool(),
      Storage: memoryStore(),
    });
    const code = await pool.lastCode('carol@example.com');
    await new Promise((resolve, reject) =>
      user.confirmRegistration(code, false, (error, value) =>
        error ? reject(error) : resolve(value),
      ),
    );
    const signedIn = await new Promise<CognitoUserSession>((resolve, reject) =>
      user.authenticateUser(
        new AuthenticationDetails({ Username: 'carol@example.com', Password: PASSWORD }),
        { onSuccess: resolve, onFailure: reject },
      ),
    );
    expect(signedIn.getIdToken().payload).toMatchObject({
      'cognito:username': result.userSub,
      sub: result.userSub,
      email: 'carol@example.com',
      email_verified: true,
    });
    const verifier = requestsOf(pool, 'InitiateAuth').at(-1);
    expect(verifier?.body).toMatchObject({ AuthParameters: { USERNAME: 'carol@example.com' } });
    // AWS's client proves the password for USER_ID_FOR_SRP and names that user in its answer.
    expect(requestsOf(pool, 'RespondToAuthChallenge').at(-1)?.body).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { USERNAME: result.userSub },
    });
  });

  it('refuses a username that is not an address, and an address taken in another case', async () => {
    await startPool(EMAIL_POOL);
    await expect(referenceSignUp('carol')).rejects.toMatchObject({
      code: 'InvalidParameterException',
      message: 'Username should be an email.',
    });
    await referenceSignUp('carol@example.com');
    await expect(referenceSignUp('Carol@Example.com')).rejects.toMatchObject({
      code: 'UsernameExistsException',
      message: 'An account with the given email already exists.',
    });
  });

  it('sessionkit: signUp, confirmSignUp with signIn, then signInWithPassword by the address', async () => {
    useFakeClock();
    const pool = await startPool({
      ...EMAIL_POOL,
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
    });
    const { session } = startSession();
    const created = await signUp(session, { username: 'dave@example.com', password: PASSWORD });
    expect(created.status).toBe('confirmSignUp');
    const code = await pool.lastCode('dave@example.com');
    const confirmed = await confirmSignUp(session, 'dave@example.com', code, { signIn: true });
    expect(confirmed).toMatchObject({
      status: 'signedIn',
      user: { 'cognito:username': created.userSub, email: 'dave@example.com' },
    });
    await session.signOut();
    const taken = await signUp(session, { username: 'DAVE@example.com', password: PASSWORD }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(taken).toMatchObject({ code: 'challenge', providerCode: 'UsernameExistsException' });
    expect((taken as Error).message).toContain('this email address or phone number');
    const again = await signInWithPassword(session, 'Dave@Example.com', PASSWORD);
    expect(again).toMatchObject({
      status: 'signedIn',
      user: { 'cognito:username': created.userSub },
    });
    expect(requestsOf(pool, 'RespondToAuthChallenge').at(-1)?.body).toMatchObject({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { USERNAME: created.userSub },
    });
  });

  it('sessionkit: a remembered device answers for MFA at the next sign-in by the address', async () => {
    useFakeClock();
    const pool = await startPool({ ...EMAIL_POOL, deviceTracking: 'always' });
    const username = '7d3b0c2e-5a41-4a8e-9d7e-1f0c2b3a4d5e';
    await addTotpUser(pool, username, 'erin@example.com', '246801');
    const storage = memoryStorage();
    const { session } = startSession({ storage });
    const first = await signInWithPassword(session, 'erin@example.com', PASSWORD);
    if (first.status !== 'challenge') throw new Error(`expected MFA, got ${first.status}`);
    expect(first.name).toBe('SOFTWARE_TOKEN_MFA');
    expect(await first.respond({ SOFTWARE_TOKEN_MFA_CODE: '246801' })).toMatchObject({
      status: 'signedIn',
      device: { confirmation: 'confirmed' },
    });
    await session.signOut();
    const second = await signInWithPassword(session, 'erin@example.com', PASSWORD);
    expect(second).toMatchObject({ status: 'signedIn', user: { 'cognito:username': username } });
    const answered = requestsOf(pool, 'RespondToAuthChallenge').map(
      (request) => (request.body as { ChallengeName: string }).ChallengeName,
    );
    expect(answered.slice(-3)).toEqual([
      'PASSWORD_VERIFIER',
      'DEVICE_SRP_AUTH',
      'DEVICE_PASSWORD_VERIFIER',
    ]);
  });
});

describe('a challenge answered by the name Cognito gave', () => {
  useMsw();
  afterEach(() => vi.useRealTimers());

  it('USER_PASSWORD_AUTH by the address: the MFA answer names the username (USER_ID_FOR_SRP)', async () => {
    useFakeClock();
    const pool = await startPool(EMAIL_POOL);
    const username = '0f4c1d2e-3b5a-4c6d-8e7f-9a0b1c2d3e4f';
    await addTotpUser(pool, username, 'fay@example.com', '135790');
    const { session } = startSession();
    const first = await signInWithPassword(session, 'fay@example.com', PASSWORD, {
      authFlow: 'USER_PASSWORD_AUTH',
    });
    if (first.status !== 'challenge') throw new Error(`expected MFA, got ${first.status}`);
    expect((await first.respond({ SOFTWARE_TOKEN_MFA_CODE: '135790' })).status).toBe('signedIn');
    const [answer] = requestsOf(pool, 'RespondToAuthChallenge');
    expect(answer?.body).toMatchObject({
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: '135790' },
    });
  });
});

describe('a pool without usernameAttributes', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('knows users only by username: an address is no user', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await expect(
      signInWithPassword(session, 'alice@example.com', 'Corr3ct-Horse!'),
    ).rejects.toMatchObject({ providerCode: 'UserNotFoundException' });
    await expect(pool.lastCode('alice@example.com')).rejects.toThrow(/no code/);
  });
});

describe('a pool with aliasAttributes: email', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('confirmSignUp refuses an address another account has, and takes it with forceAliasCreation', async () => {
    const pool = await startPool({ aliasAttributes: ['email'] });
    const { session } = startSession();
    await signUp(session, {
      username: 'judy',
      password: PASSWORD,
      attributes: { email: 'alice@example.com' },
    });
    const code = await pool.lastCode('judy');
    const refused = await confirmSignUp(session, 'judy', code).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toMatchObject({ code: 'challenge', providerCode: 'AliasExistsException' });
    expect(await confirmSignUp(session, 'judy', code, { forceAliasCreation: true })).toEqual({
      status: 'confirmed',
      signIn: 'notRequested',
    });
    expect(requestsOf(pool, 'ConfirmSignUp').map((request) => request.body)).toEqual([
      { ClientId: CLIENT_ID, Username: 'judy', ConfirmationCode: code },
      { ClientId: CLIENT_ID, Username: 'judy', ConfirmationCode: code, ForceAliasCreation: true },
    ]);
    expect(await signInWithPassword(session, 'alice@example.com', PASSWORD)).toMatchObject({
      status: 'signedIn',
      user: { 'cognito:username': 'judy' },
    });
  });
});

describe('a pool with case-insensitive usernames', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('signInWithPassword (SRP) as "ALICE" signs alice in', async () => {
    const pool = await startPool({ usernameCaseSensitive: false });
    const { session } = startSession();
    const result = await signInWithPassword(session, 'ALICE', 'Corr3ct-Horse!');
    expect(result).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'alice' } });
    expect(requestsOf(pool, 'RespondToAuthChallenge').at(-1)?.body).toMatchObject({
      ChallengeResponses: { USERNAME: 'alice' },
    });
  });
});
