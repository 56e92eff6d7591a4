import { describe, expect, it } from 'vitest';
import { ALICE, callApi, POOL_CONFIG, setupPoolServer, signIn } from './cognitoTestClient.js';
import { createFakeUserPool } from './createFakeUserPool.js';
import {
  DEFAULT_PASSWORD_POLICY,
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
