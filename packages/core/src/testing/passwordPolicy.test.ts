import { describe, expect, it } from 'vitest';
import { ALICE, callApi, POOL_CONFIG, setupPoolServer, signIn } from './cognitoTestClient.js';
import { createFakeUserPool } from './createFakeUserPool.js';
import {
  DEFAULT_PASSWORD_POLICY,
  PASSWORD_REUSED,
  passwordPolicyViolation,
  resolvePasswordPolicy,
} from './passwordPolicy.js';

const { usePool } = setupPoolServer();

describe('passwordPolicyViolation', () => {
  it.each([
    ['Sh0rt!', 'Password not long enough'],
    ['lower-case-1', 'Password must have uppercase characters'],
    ['UPPER-CASE-1', 'Password must have lowercase characters'],
    ['No-Numbers!', 'Password must have numeric characters'],
    ['N0Symbols', 'Password must have symbol characters'],
    ['Passw0rdé', 'Password must have symbol characters'],
    [' Passw0rd', 'Password must have symbol characters'],
    ['Passw0rd ', 'Password must have symbol characters'],
    ['Pass w0rd', null],
    ['Passw0rd^', null],
    ['Passw0rd\\', null],
    ['Passw0rd`', null],
    ['Passw0rd-', null],
  ])("AWS's default policy: %j → %s", (password, violation) => {
    expect(passwordPolicyViolation(password, DEFAULT_PASSWORD_POLICY)).toBe(violation);
  });

  it('applies only the rules a policy keeps', () => {
    const long = resolvePasswordPolicy({ minimumLength: 12, requireSymbols: false });
    expect(passwordPolicyViolation('Passw0rd!', long)).toBe('Password not long enough');
    expect(passwordPolicyViolation('Passw0rdLong', long)).toBeNull();
    const lax = resolvePasswordPolicy({
      minimumLength: 6,
      requireUppercase: false,
      requireLowercase: false,
      requireNumbers: false,
      requireSymbols: false,
    });
    expect(passwordPolicyViolation('aaaaaa', lax)).toBeNull();
    expect(passwordPolicyViolation('aaaaa', lax)).toBe('Password not long enough');
  });

  it.each([-1, 25, 2.5])('refuses passwordHistorySize %s, as Cognito does', (size) => {
    expect(() => resolvePasswordPolicy({ passwordHistorySize: size })).toThrow(/0 to 24/);
  });

  it.each([5, 100, 7.5, Number.NaN])('refuses minimumLength %s, as Cognito does', (length) => {
    expect(() => resolvePasswordPolicy({ minimumLength: length })).toThrow(/6 to 99/);
    expect(() =>
      createFakeUserPool({ ...POOL_CONFIG, passwordPolicy: { minimumLength: length } }),
    ).toThrow(TypeError);
  });
});

describe('the pool checks its policy', () => {
  const signUp = (password: string) =>
    callApi('SignUp', {
      ClientId: POOL_CONFIG.clientId,
      Username: 'bob',
      Password: password,
      UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
    });

  it("SignUp: AWS's default, in Cognito's words", async () => {
    usePool();
    const answer = await signUp('Longer-but-no-digit');
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      __type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have numeric characters',
    });
  });

  it('SignUp: a pool with its own policy', async () => {
    usePool({ passwordPolicy: { minimumLength: 14, requireSymbols: false } });
    expect((await signUp('Passw0rd!')).json.message).toBe(
      'Password did not conform with policy: Password not long enough',
    );
    expect((await signUp('NoSymbolsAtAll1')).status).toBe(200);
  });

  it('ChangePassword and ConfirmForgotPassword', async () => {
    const pool = usePool({ passwordPolicy: { minimumLength: 16 } });
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'a@example.com', email_verified: 'true' },
    });
    const { AccessToken } = await signIn();
    const change = (proposed: string) =>
      callApi('ChangePassword', {
        AccessToken,
        PreviousPassword: ALICE.password,
        ProposedPassword: proposed,
      });
    expect((await change('Sh0rter-Than-16')).json.__type).toBe('InvalidPasswordException');
    expect((await change('L0nger-Than-Sixteen')).status).toBe(200);

    await callApi('ForgotPassword', { ClientId: POOL_CONFIG.clientId, Username: ALICE.username });
    const code = await pool.lastCode(ALICE.username);
    const confirm = (password: string) =>
      callApi('ConfirmForgotPassword', {
        ClientId: POOL_CONFIG.clientId,
        Username: ALICE.username,
        ConfirmationCode: code,
        Password: password,
      });
    expect((await confirm('Sh0rter-Than-16')).json).toEqual({
      __type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    expect((await confirm('An0ther-Long-Passw0rd')).status).toBe(200);
  });

  it.each([
    [
      {},
      'N0SymbolsHere',
      'Password does not conform to policy: Password must have symbol characters',
    ],
    [{ requireSymbols: false }, 'N0SymbolsHere', null],
  ])('NEW_PASSWORD_REQUIRED under %j: %s', async (passwordPolicy, password, refusal) => {
    const pool = usePool({ passwordPolicy });
    await pool.addUser({ ...ALICE, status: 'FORCE_CHANGE_PASSWORD' });
    const challenge = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    });
    const answer = await callApi('RespondToAuthChallenge', {
      ClientId: POOL_CONFIG.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.json.Session,
      ChallengeResponses: { USERNAME: ALICE.username, NEW_PASSWORD: password },
    });
    if (refusal === null) {
      expect(answer.json.AuthenticationResult).toHaveProperty('IdToken');
    } else {
      expect(answer.json).toEqual({ __type: 'InvalidPasswordException', message: refusal });
    }
  });
});

describe('the password history (passwordHistorySize)', () => {
  const PASSWORDS = ['Sec0nd-Passw0rd!', 'Th1rd-Passw0rd!', 'F0urth-Passw0rd!'];

  async function signedInAlice(passwordHistorySize?: number) {
    const pool = usePool(
      passwordHistorySize === undefined ? {} : { passwordPolicy: { passwordHistorySize } },
    );
    await pool.addUser({
      ...ALICE,
      attributes: { email: 'a@example.com', email_verified: 'true' },
    });
    const { AccessToken } = await signIn();
    let current: string = ALICE.password;
    /** ChangePassword from the current password; on success the proposed one becomes current. */
    const change = async (proposed: string) => {
      const answer = await callApi('ChangePassword', {
        AccessToken,
        PreviousPassword: current,
        ProposedPassword: proposed,
      });
      if (answer.status === 200) current = proposed;
      return answer;
    };
    return { pool, change };
  }

  it('refuses any of the latest N passwords, the current one among them', async () => {
    const { change } = await signedInAlice(3);
    for (const password of PASSWORDS.slice(0, 2)) expect((await change(password)).status).toBe(200);
    // History: Th1rd (current), Sec0nd, ALICE's first.
    for (const reused of [PASSWORDS[1]!, PASSWORDS[0]!, ALICE.password]) {
      expect((await change(reused)).json).toEqual({
        __type: 'PasswordHistoryPolicyViolationException',
        message: PASSWORD_REUSED,
      });
    }
    expect((await change(PASSWORDS[2]!)).status).toBe(200);
    // The first password has left the history of 3: it may come back.
    expect((await change(ALICE.password)).status).toBe(200);
  });

  it('keeps no history by default: the current password may be set again', async () => {
    const { change } = await signedInAlice();
    expect((await change(ALICE.password)).status).toBe(200);
    expect((await change(PASSWORDS[0]!)).status).toBe(200);
    expect((await change(ALICE.password)).status).toBe(200);
  });

  it('ConfirmForgotPassword checks it after the code and the policy', async () => {
    const { pool } = await signedInAlice(2);
    await callApi('ForgotPassword', { ClientId: POOL_CONFIG.clientId, Username: ALICE.username });
    const code = await pool.lastCode(ALICE.username);
    const confirm = (password: string, confirmationCode = code) =>
      callApi('ConfirmForgotPassword', {
        ClientId: POOL_CONFIG.clientId,
        Username: ALICE.username,
        ConfirmationCode: confirmationCode,
        Password: password,
      });
    expect((await confirm(ALICE.password, '000000')).json.__type).toBe('CodeMismatchException');
    expect((await confirm(ALICE.password)).json).toEqual({
      __type: 'PasswordHistoryPolicyViolationException',
      message: PASSWORD_REUSED,
    });
    // The refusal leaves the code pending and the password as it was.
    expect((await confirm(PASSWORDS[0]!)).status).toBe(200);
    const oldPassword = await callApi('InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: POOL_CONFIG.clientId,
      AuthParameters: { USERNAME: ALICE.username, PASSWORD: ALICE.password },
    });
    expect(oldPassword.json.__type).toBe('NotAuthorizedException');
  });
});
