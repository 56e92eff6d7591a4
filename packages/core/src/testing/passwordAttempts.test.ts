/**
 * The pool's lockout after wrong passwords (passwordAttempts.ts), as Cognito's developer guide
 * describes it: 2^(n−5) s after the n-th wrong password in a row, at most about 15 minutes, on
 * every way of proving a password.
 */
import { describe, expect, it } from 'vitest';
import { createSrpClientKeys } from '../providers/cognito/srp.js';
import {
  ALICE,
  callApi,
  createClock,
  POOL_CONFIG,
  passwordVerifierResponses,
  setupPoolServer,
} from './cognitoTestClient.js';
import { nextPasswordAttempts, type PasswordAttempts } from './passwordAttempts.js';

const { usePool } = setupPoolServer();
const WRONG = 'Wr0ng-Horse-1';

/** The run after `wrong` wrong passwords one second apart from 0 (pure). */
function afterWrong(wrong: number): PasswordAttempts | undefined {
  let run: PasswordAttempts | undefined;
  for (let n = 0; n < wrong; n += 1) {
    const now = (run?.lockedUntil ?? 0) + 1000;
    run = nextPasswordAttempts(run, now, false).attempts;
  }
  return run;
}

describe('nextPasswordAttempts (pure)', () => {
  it.each([
    [1, 0],
    [4, 0],
    [5, 1_000],
    [6, 2_000],
    [7, 4_000],
    [14, 512_000],
    [15, 900_000],
  ])('after %i wrong passwords in a row locks for %i ms', (wrong, lockMs) => {
    const run = afterWrong(wrong);
    expect(run?.failures).toBe(wrong);
    expect((run?.lockedUntil ?? 0) - (run?.lastAttemptAt ?? 0)).toBe(lockMs);
  });

  it('refuses any attempt during a lockout, right or wrong, without lengthening it', () => {
    const locked = afterWrong(6) as PasswordAttempts;
    const during = locked.lockedUntil - 1;
    for (const isRight of [true, false]) {
      const next = nextPasswordAttempts(locked, during, isRight);
      expect(next.verdict).toBe('locked');
      expect(next.attempts).toEqual({ ...locked, lastAttemptAt: during });
    }
    const after = nextPasswordAttempts(locked, locked.lockedUntil, false);
    expect(after.verdict).toBe('wrong');
    expect(after.attempts?.failures).toBe(7);
  });

  it('forgets the run after a right password outside a lockout, or 15 minutes without an attempt', () => {
    const locked = afterWrong(5) as PasswordAttempts;
    expect(nextPasswordAttempts(locked, locked.lockedUntil, true)).toEqual({
      attempts: undefined,
      verdict: 'right',
    });
    const quiet = nextPasswordAttempts(afterWrong(4), 4_000 + 900_000, false);
    expect(quiet.attempts?.failures).toBe(1);
    const notQuiet = nextPasswordAttempts(afterWrong(4), 4_000 + 899_999, false);
    expect(notQuiet.attempts?.failures).toBe(5);
    // A lockout of the longest kind, waited out without an attempt, is such a quiet time.
    const longest = afterWrong(15) as PasswordAttempts;
    expect(nextPasswordAttempts(longest, longest.lockedUntil, false).attempts?.failures).toBe(1);
  });
});

describe('the pool refuses sign-in after five wrong passwords', () => {
  const initiate = (password: string) =>
    callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: password },
    });
  const refusal = async (answer: Promise<{ status: number; json: unknown }>) => {
    const { status, json } = await answer;
    return { status, ...(json as { __type?: string; message?: string }) };
  };
  const INCORRECT = {
    status: 400,
    __type: 'NotAuthorizedException',
    message: 'Incorrect username or password.',
  };
  const EXCEEDED = { ...INCORRECT, message: 'Password attempts exceeded' };

  it('USER_PASSWORD_AUTH: locked for 1 s after the fifth, 2 s after the sixth, the right password then refused too', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser({ ...ALICE });
    for (let n = 0; n < 5; n += 1) expect(await refusal(initiate(WRONG))).toEqual(INCORRECT);
    expect(await refusal(initiate(ALICE.password))).toEqual(EXCEEDED);
    clock.advance(999);
    expect(await refusal(initiate(ALICE.password))).toEqual(EXCEEDED);
    clock.advance(1);
    expect(await refusal(initiate(WRONG))).toEqual(INCORRECT);
    clock.advance(1_999);
    expect(await refusal(initiate(ALICE.password))).toEqual(EXCEEDED);
    clock.advance(1);
    const signedIn = await initiate(ALICE.password);
    expect(signedIn.json.AuthenticationResult.AccessToken).toEqual(expect.any(String));
    // The right password ended the run: four wrong ones lock nothing.
    for (let n = 0; n < 4; n += 1) expect(await refusal(initiate(WRONG))).toEqual(INCORRECT);
    expect((await initiate(ALICE.password)).status).toBe(200);
  });

  it('counts each user on their own, and an unknown user not at all', async () => {
    const pool = usePool({ now: createClock().now });
    await pool.addUser({ ...ALICE });
    await pool.addUser({ username: 'bob', password: 'B0b-Horse-1' });
    for (let n = 0; n < 5; n += 1) await initiate(WRONG);
    const bob = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: 'bob', PASSWORD: 'B0b-Horse-1' },
    });
    expect(bob.status).toBe(200);
    const nobody = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: 'nobody', PASSWORD: WRONG },
    });
    expect(nobody.json.__type).toBe('UserNotFoundException');
  });

  it('SRP: wrong proofs count, and a right proof during the lockout is refused', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    await pool.addUser({ ...ALICE });
    const prove = async (password: string) => {
      const keys = createSrpClientKeys();
      const started = await callApi('InitiateAuth', {
        AuthFlow: 'USER_SRP_AUTH',
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: { USERNAME: ALICE.username, SRP_A: keys.A.toString(16) },
      });
      return callApi('RespondToAuthChallenge', {
        ClientId: POOL_CONFIG.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: await passwordVerifierResponses(
          keys,
          started.json.ChallengeParameters,
          password,
        ),
      });
    };
    for (let n = 0; n < 5; n += 1) expect(await refusal(prove(WRONG))).toEqual(INCORRECT);
    expect(await refusal(prove(ALICE.password))).toEqual(EXCEEDED);
    // The plain password and the SRP proof share one count.
    expect(await refusal(initiate(ALICE.password))).toEqual(EXCEEDED);
    clock.advance(1_000);
    expect((await prove(ALICE.password)).json.AuthenticationResult).toBeDefined();
  });

  it("choice-based sign-in's PASSWORD shares the count", async () => {
    const clock = createClock();
    const pool = usePool({
      now: clock.now,
      explicitAuthFlows: [
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_USER_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ],
      userAuthFactors: ['PASSWORD'],
    });
    await pool.addUser({ ...ALICE });
    const choose = (password: string) =>
      callApi('InitiateAuth', {
        AuthFlow: 'USER_AUTH',
        ClientId: POOL_CONFIG.clientId,
        AuthParameters: {
          USERNAME: ALICE.username,
          PREFERRED_CHALLENGE: 'PASSWORD',
          PASSWORD: password,
        },
      });
    for (let n = 0; n < 4; n += 1) expect(await refusal(choose(WRONG))).toEqual(INCORRECT);
    expect(await refusal(initiate(WRONG))).toEqual(INCORRECT);
    expect(await refusal(choose(ALICE.password))).toEqual(EXCEEDED);
    clock.advance(1_000);
    expect((await choose(ALICE.password)).json.AuthenticationResult).toBeDefined();
  });
});
