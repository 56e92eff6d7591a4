import { describe, expect, it } from 'vitest';
import {
  computePasswordClaim,
  createSrpClientKeys,
  formatSrpTimestamp,
  srpPoolName,
} from '../providers/cognito/srp.js';
import { base64ToBytes, hexToBigInt, SRP_N } from '../providers/cognito/srpMath.js';
import { ALICE, callApi, createClock, POOL_CONFIG, setupPoolServer } from './cognitoTestClient.js';

const { usePool } = setupPoolServer();
const NOW = Date.UTC(2026, 0, 1, 12);

function expectApiError(answer: { status: number; json: unknown }, type: string, message?: string) {
  expect(answer.status).toBe(400);
  expect(answer.json).toEqual({ __type: type, message: message ?? expect.any(String) });
}

/** InitiateAuth USER_SRP_AUTH with a fresh A. */
async function startSrp(username: string = ALICE.username) {
  const keys = createSrpClientKeys();
  const answer = await callApi('InitiateAuth', {
    AuthFlow: 'USER_SRP_AUTH',
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: { USERNAME: username, SRP_A: keys.A.toString(16) },
  });
  return { keys, answer, parameters: answer.json?.ChallengeParameters as Record<string, string> };
}

/** The PASSWORD_VERIFIER answer a client computes for `password`. */
async function proveAndAnswer(
  started: Awaited<ReturnType<typeof startSrp>>,
  password: string,
  changes: { timestamp?: string; signedTimestamp?: string; secretBlock?: string } = {},
) {
  const { keys, parameters } = started;
  const timestamp = changes.timestamp ?? formatSrpTimestamp(NOW);
  const { signature } = await computePasswordClaim({
    ...keys,
    B: hexToBigInt(parameters.SRP_B ?? ''),
    salt: hexToBigInt(parameters.SALT ?? ''),
    password,
    poolName: srpPoolName(POOL_CONFIG.userPoolId),
    userId: parameters.USER_ID_FOR_SRP ?? '',
    secretBlock: parameters.SECRET_BLOCK ?? '',
    timestamp: changes.signedTimestamp ?? timestamp,
  });
  return callApi('RespondToAuthChallenge', {
    ClientId: POOL_CONFIG.clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    ChallengeResponses: {
      USERNAME: parameters.USERNAME,
      PASSWORD_CLAIM_SECRET_BLOCK: changes.secretBlock ?? parameters.SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: signature,
      TIMESTAMP: timestamp,
    },
  });
}

async function poolWithAlice(overrides: Parameters<typeof usePool>[0] = {}) {
  const pool = usePool({ now: () => NOW, ...overrides });
  await pool.addUser({ ...ALICE });
  return pool;
}

describe('InitiateAuth USER_SRP_AUTH', () => {
  it('answers PASSWORD_VERIFIER with SRP_B, a per-user SALT, a SECRET_BLOCK and the user id, and no Session', async () => {
    const pool = await poolWithAlice();
    await pool.addUser({ username: 'bob', password: ALICE.password });
    const first = await startSrp();
    expect(first.answer.status).toBe(200);
    expect(first.answer.json).toEqual({
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: {
        SALT: expect.stringMatching(/^[0-9a-f]{32}$/),
        SECRET_BLOCK: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
        SRP_B: expect.stringMatching(/^[0-9a-f]+$/),
        USERNAME: 'alice',
        USER_ID_FOR_SRP: 'alice',
      },
    });
    const B = hexToBigInt(first.parameters.SRP_B ?? '');
    expect(B > 0n && B < SRP_N).toBe(true);
    const second = await startSrp();
    const bob = await startSrp('bob');
    expect(second.parameters.SALT).toBe(first.parameters.SALT);
    expect(bob.parameters.SALT).not.toBe(first.parameters.SALT);
    expect(second.parameters.SECRET_BLOCK).not.toBe(first.parameters.SECRET_BLOCK);
    expect(second.parameters.SRP_B).not.toBe(first.parameters.SRP_B);
  });

  it('refuses an unknown user with UserNotFoundException and a missing SRP_A', async () => {
    await poolWithAlice();
    expectApiError(
      (await startSrp('nobody')).answer,
      'UserNotFoundException',
      'User does not exist.',
    );
    expectApiError(
      await callApi('InitiateAuth', {
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { USERNAME: 'alice' },
      }),
      'InvalidParameterException',
      'Missing required parameter SRP_A',
    );
  });

  it('refuses an SRP_A that is not hex or is 0 mod N, before looking the user up', async () => {
    await poolWithAlice();
    const initiate = (USERNAME: string, SRP_A: string) =>
      callApi('InitiateAuth', {
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { USERNAME, SRP_A },
      });
    for (const username of [ALICE.username, 'nobody']) {
      for (const srpA of ['0x12', '12g', '']) {
        expectApiError(
          await initiate(username, srpA),
          'InvalidParameterException',
          srpA ? 'SRP_A is not a valid hex string' : undefined,
        );
      }
      // An A of 0 mod N makes S = 0 whatever the password: SRP-6a has the server abort.
      for (const srpA of [
        '0',
        '000',
        SRP_N.toString(16),
        (SRP_N * 2n).toString(16).toUpperCase(),
      ]) {
        expectApiError(
          await initiate(username, srpA),
          'InvalidParameterException',
          'SRP_A mod N must not be 0',
        );
      }
    }
    // 1 and N + 1 are valid (if useless) A's: challenged.
    for (const srpA of ['1', (SRP_N + 1n).toString(16)]) {
      expect((await initiate(ALICE.username, srpA)).json.ChallengeName).toBe('PASSWORD_VERIFIER');
    }
  });
});

describe('RespondToAuthChallenge PASSWORD_VERIFIER', () => {
  it('answers a proof of the right password with tokens', async () => {
    await poolWithAlice();
    const answer = await proveAndAnswer(await startSrp(), ALICE.password);
    expect(answer.status).toBe(200);
    expect(answer.json.AuthenticationResult).toMatchObject({
      IdToken: expect.any(String),
      AccessToken: expect.any(String),
      RefreshToken: expect.any(String),
    });
  });

  it('refuses a wrong password with "Incorrect username or password.", and the challenge is then spent', async () => {
    await poolWithAlice();
    const started = await startSrp();
    expectApiError(
      await proveAndAnswer(started, 'Wr0ng-Horse-1'),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    expectApiError(
      await proveAndAnswer(started, ALICE.password),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  it('refuses the secret block of another challenge', async () => {
    await poolWithAlice();
    const started = await startSrp();
    const other = await startSrp();
    expectApiError(
      await proveAndAnswer(started, ALICE.password, {
        secretBlock: other.parameters.SECRET_BLOCK ?? '',
      }),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  it.each([
    ['a padded day', 'Thu Jan 01 12:00:00 UTC 2026'],
    ['a wrong weekday', 'Fri Jan 1 12:00:00 UTC 2026'],
  ])('refuses %s in TIMESTAMP as a wrong proof, even when signed over', async (_, timestamp) => {
    await poolWithAlice();
    expect(formatSrpTimestamp(NOW)).toBe('Thu Jan 1 12:00:00 UTC 2026');
    expectApiError(
      await proveAndAnswer(await startSrp(), ALICE.password, { timestamp }),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  it('refuses a proof signed over another TIMESTAMP than the one sent', async () => {
    await poolWithAlice();
    expectApiError(
      await proveAndAnswer(await startSrp(), ALICE.password, {
        signedTimestamp: 'Thu Jan 1 12:00:01 UTC 2026',
      }),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
  });

  it.each([
    'Thu Jan 1 12:00:00 2026',
    '2026-01-01T12:00:00Z',
    'Thursday January 1 12:00:00 UTC 2026',
  ])(
    'refuses a TIMESTAMP outside the pattern (%s) with InvalidParameterException',
    async (timestamp) => {
      await poolWithAlice();
      expectApiError(
        await proveAndAnswer(await startSrp(), ALICE.password, { timestamp }),
        'InvalidParameterException',
        'TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.',
      );
    },
  );

  it('refuses a proof after the challenge expired', async () => {
    const clock = createClock(NOW);
    const pool = usePool({ now: clock.now });
    await pool.addUser({ ...ALICE });
    const started = await startSrp();
    clock.advance(181_000);
    expectApiError(
      await proveAndAnswer(started, ALICE.password, { timestamp: formatSrpTimestamp(clock.now()) }),
      'NotAuthorizedException',
      'Invalid session for the user, session is expired.',
    );
  });

  it('reveals an unconfirmed account only to a proof of the right password', async () => {
    const pool = usePool({ now: () => NOW });
    await pool.addUser({ ...ALICE, status: 'UNCONFIRMED' });
    expectApiError(
      await proveAndAnswer(await startSrp(), 'Wr0ng-Horse-1'),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    expectApiError(
      await proveAndAnswer(await startSrp(), ALICE.password),
      'UserNotConfirmedException',
    );
  });

  it('continues into MFA as USER_PASSWORD_AUTH does', async () => {
    const pool = usePool({ now: () => NOW });
    await pool.addUser({ ...ALICE, mfa: { type: 'SMS_MFA', code: '135790' } });
    const answer = await proveAndAnswer(await startSrp(), ALICE.password);
    expect(answer.json).toMatchObject({ ChallengeName: 'SMS_MFA', Session: expect.any(String) });
    const done = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'SMS_MFA',
      Session: answer.json.Session,
      ChallengeResponses: { USERNAME: 'alice', SMS_MFA_CODE: '135790' },
    });
    expect(done.json.AuthenticationResult?.IdToken).toEqual(expect.any(String));
  });

  it('sends a SECRET_BLOCK that decodes as base64', async () => {
    await poolWithAlice();
    const { parameters } = await startSrp();
    expect(base64ToBytes(parameters.SECRET_BLOCK ?? '').length).toBeGreaterThan(32);
  });
});
