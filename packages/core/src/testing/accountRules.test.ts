/**
 * The kit's account rules (accountState.ts, pendingCodes.ts, passwordPolicy.ts, preSignUp.ts,
 * passwordlessSignUp.ts) as pure functions, and the input checks of its account operations
 * (accountHandlers.ts) on the wire, each refusal word for word.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  codeDestination,
  openSignUpSession,
  sendAccountCode,
  takeSignUpSession,
} from './accountState.js';
import {
  ALICE,
  callApi,
  claimsOf,
  cognitoRefusal,
  createClock,
  fakeUser,
  INVALID_SESSION,
  POOL_CONFIG,
  setupPoolServer,
} from './cognitoTestClient.js';
import type { FakeUser } from './fakePoolTypes.js';
import { requirePasswordlessSignUp } from './passwordlessSignUp.js';
import {
  DEFAULT_PASSWORD_POLICY,
  type FakePasswordPolicy,
  resolvePasswordPolicy,
  setUserPassword,
} from './passwordPolicy.js';
import { takePendingCode } from './pendingCodes.js';
import type { PoolContext } from './poolContext.js';
import type { PoolState } from './poolState.js';
import { applyPreSignUp } from './preSignUp.js';

const { usePool } = setupPoolServer();
const NOW = Date.UTC(2026, 0, 1, 12);
const { clientId: ClientId } = POOL_CONFIG;
const EMAIL = { email: 'bob@example.com' };
const PHONE = { phone_number: '+447700900123' };

const emptyState = () => ({ users: {} }) as unknown as PoolState;

afterEach(() => vi.restoreAllMocks());

describe('account codes', () => {
  it('are refused in Cognito words: none pending or expired, then wrong', () => {
    const codes = { 'SIGN_UP:bob': { code: '123456', expiresAt: NOW + 1 } };
    expect(cognitoRefusal(() => takePendingCode(codes, 'SIGN_UP:bob', '654321', NOW))).toEqual([
      'CodeMismatchException',
      'Invalid verification code provided, please try again.',
    ]);
    expect(cognitoRefusal(() => takePendingCode(codes, 'SIGN_UP:bob', '123456', NOW + 1))).toEqual([
      'ExpiredCodeException',
      'Invalid code provided, please request a code again.',
    ]);
    expect(cognitoRefusal(() => takePendingCode({}, 'SIGN_UP:bob', '123456', NOW))[0]).toBe(
      'ExpiredCodeException',
    );
  });

  it('always have six digits, leading zeros kept', () => {
    vi.spyOn(globalThis.crypto, 'getRandomValues').mockImplementation((array) => {
      (array as Uint32Array).set([3_000_042]);
      return array;
    });
    const state = emptyState();
    const user = fakeUser(null, EMAIL, 'bob');
    const delivery = codeDestination(user, 'SIGN_UP')!;
    sendAccountCode(state, user, 'SIGN_UP', delivery, NOW);
    expect(state.sentCodes?.[0]?.code).toBe('000042');
  });

  it('go to the email address, else the phone number; a reset only to a verified one', () => {
    const sms = {
      DeliveryMedium: 'SMS',
      Destination: PHONE.phone_number,
      AttributeName: 'phone_number',
    };
    const email = { DeliveryMedium: 'EMAIL', Destination: EMAIL.email, AttributeName: 'email' };
    const both = { ...EMAIL, ...PHONE };
    const cases: [Record<string, string>, object | null, object | null][] = [
      [both, email, null],
      [PHONE, sms, null],
      [{ ...both, phone_number_verified: 'true' }, email, sms],
      [{ ...both, email_verified: 'true', phone_number_verified: 'true' }, email, email],
      [{ ...both, email_verified: 'false', phone_number_verified: 'false' }, email, null],
      [{}, null, null],
    ];
    for (const [attributes, signUp, reset] of cases) {
      const user = fakeUser(null, attributes, 'bob');
      expect(codeDestination(user, 'SIGN_UP'), JSON.stringify(attributes)).toEqual(signUp);
      expect(codeDestination(user, 'FORGOT_PASSWORD'), JSON.stringify(attributes)).toEqual(reset);
    }
  });

  it('sent by SMS show the number masked as a phone number', () => {
    const state = emptyState();
    const user = fakeUser(null, PHONE, 'bob');
    const shown = sendAccountCode(state, user, 'SIGN_UP', codeDestination(user, 'SIGN_UP')!, NOW);
    expect(shown).toEqual({
      DeliveryMedium: 'SMS',
      Destination: '+*******0123',
      AttributeName: 'phone_number',
    });
    expect(state.sentCodes?.[0]).toMatchObject({ medium: 'SMS', destination: PHONE.phone_number });
  });
});

describe("ConfirmSignUp's Session", () => {
  it('signs in only its user, at its stage, before it expires, once', () => {
    const state = emptyState();
    const open = () => openSignUpSession(state, 'bob', 'confirmed', 180, NOW);
    const session = open();
    expect(takeSignUpSession(state, session, 'alice', 'confirmed', NOW)).toBe(false);
    expect(takeSignUpSession(state, session, 'bob', 'signUp', NOW)).toBe(false);
    // Neither refusal spent it.
    expect(takeSignUpSession(state, session, 'bob', 'confirmed', NOW + 179_999)).toBe(true);
    expect(takeSignUpSession(state, session, 'bob', 'confirmed', NOW)).toBe(false);
    expect(takeSignUpSession(state, open(), 'bob', 'confirmed', NOW + 180_000)).toBe(false);
    expect(takeSignUpSession(state, undefined, 'bob', 'confirmed', NOW)).toBe(false);
  });

  it("is not SignUp's: only the Session ConfirmSignUp gave signs in", async () => {
    const pool = usePool({ explicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const signUp = await callApi('SignUp', {
      ClientId,
      Username: 'bob',
      Password: ALICE.password,
      UserAttributes: [{ Name: 'email', Value: EMAIL.email }],
    });
    const signInWith = (Session: string) =>
      callApi('InitiateAuth', {
        AuthFlow: 'USER_AUTH',
        ClientId,
        Session,
        AuthParameters: { USERNAME: 'bob' },
      });
    // Confirmed without SignUp's Session (another page), which stays SignUp's.
    const confirm = await callApi('ConfirmSignUp', {
      ClientId,
      Username: 'bob',
      ConfirmationCode: await pool.lastCode('bob'),
    });
    expect((await signInWith(signUp.json.Session)).json).toEqual(INVALID_SESSION);
    expect((await signInWith(confirm.json.Session)).json).toHaveProperty('AuthenticationResult');
  });
});

describe('password history', () => {
  const policy = (passwordHistorySize: number) => resolvePasswordPolicy({ passwordHistorySize });

  it.each([
    [0, [], ['Current-1']],
    [1, ['Current-1'], ['Older-2', 'Oldest-3']],
    [2, ['Current-1', 'Older-2'], ['Oldest-3']],
    [3, ['Current-1', 'Older-2', 'Oldest-3'], []],
  ])('of %i refuses %j and takes %j', (size, refused, taken) => {
    const user = () => ({ password: 'Current-1', previousPasswords: ['Older-2', 'Oldest-3'] });
    for (const password of refused) {
      expect(cognitoRefusal(() => setUserPassword(user(), password, policy(size)))).toEqual([
        'PasswordHistoryPolicyViolationException',
        'Password has previously been used.',
      ]);
    }
    for (const password of taken) {
      const changed = user();
      setUserPassword(changed, password, policy(size));
      expect(changed.password).toBe(password);
    }
  });

  it('remembers as many earlier passwords as the history needs', () => {
    const user: { password: string; previousPasswords?: string[] } = { password: 'First-1' };
    setUserPassword(user, 'Second-2', policy(1));
    expect(user.previousPasswords).toBeUndefined();
    setUserPassword(user, 'Third-3', policy(3));
    expect(user.previousPasswords).toEqual(['Second-2']);
    setUserPassword(user, 'Fourth-4', policy(3));
    setUserPassword(user, 'Fifth-5', policy(3));
    expect(user).toEqual({ password: 'Fifth-5', previousPasswords: ['Fourth-4', 'Third-3'] });
    expect(cognitoRefusal(() => setUserPassword(user, 'Third-3', policy(3)))[0]).toBe(
      'PasswordHistoryPolicyViolationException',
    );
    setUserPassword(user, 'Second-2', policy(3));
  });
});

describe("the password policy's limits", () => {
  it.each<[keyof FakePasswordPolicy, number[], number[]]>([
    ['minimumLength', [6, 99], [5, 100, 8.5]],
    ['passwordHistorySize', [0, 24], [-1, 25, 1.5]],
    ['temporaryPasswordValidityDays', [0, 365], [-1, 366, 0.5]],
  ])('%s takes %j and refuses %j', (name, taken, refused) => {
    for (const value of taken) {
      expect(resolvePasswordPolicy({ [name]: value })[name]).toBe(value);
    }
    for (const value of refused) {
      expect(() => resolvePasswordPolicy({ [name]: value })).toThrow(
        new RegExp(`passwordPolicy\\.${name} must be a whole number from .*, got ${value}\\.`),
      );
    }
    expect(resolvePasswordPolicy()).toEqual(DEFAULT_PASSWORD_POLICY);
  });
});

describe('the pre sign-up trigger answer', () => {
  const unconfirmed = (attributes: Record<string, string>): FakeUser => ({
    ...fakeUser(null, { ...attributes }, 'bob'),
    status: 'UNCONFIRMED',
  });

  it('verifies the phone number only when asked and when there is one', () => {
    const withPhone = unconfirmed(PHONE);
    expect(applyPreSignUp(withPhone, { autoVerifyEmail: true })).toBe(false);
    expect(withPhone.attributes).toEqual(PHONE);
    applyPreSignUp(withPhone, { autoVerifyPhone: true });
    expect(withPhone.attributes).toEqual({ ...PHONE, phone_number_verified: 'true' });
    const withoutPhone = unconfirmed(EMAIL);
    applyPreSignUp(withoutPhone, { autoVerifyPhone: true });
    expect(withoutPhone.attributes).toEqual(EMAIL);
    expect(withoutPhone.status).toBe('UNCONFIRMED');
  });

  it('confirms the user as CONFIRMED, which ConfirmSignUp then refuses', async () => {
    const user = unconfirmed(EMAIL);
    expect(applyPreSignUp(user, { autoConfirmUser: true })).toBe(true);
    expect(user.status).toBe('CONFIRMED');
    usePool({ preSignUp: () => ({ autoConfirmUser: true }) });
    await callApi('SignUp', { ClientId, Username: 'bob', Password: ALICE.password });
    const confirm = await callApi('ConfirmSignUp', {
      ClientId,
      Username: 'bob',
      ConfirmationCode: '123456',
    });
    expect(confirm.json).toEqual({
      __type: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
    });
  });
});

describe('a sign-up without a password', () => {
  const contextOf = (explicitAuthFlows: string[], userAuthFactors: string[]) =>
    ({ config: { explicitAuthFlows, userAuthFactors } }) as unknown as PoolContext;
  const USER_AUTH = ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
  const MISSING = ['InvalidParameterException', 'Missing required parameter Password'];

  it('needs ALLOW_USER_AUTH and a one-time code factor of the pool', () => {
    const refuse = (flows: string[], factors: string[]) =>
      cognitoRefusal(() => requirePasswordlessSignUp(contextOf(flows, factors), EMAIL));
    expect(refuse(['ALLOW_USER_SRP_AUTH'], ['PASSWORD', 'EMAIL_OTP'])).toEqual(MISSING);
    expect(refuse(USER_AUTH, ['PASSWORD', 'WEB_AUTHN'])).toEqual(MISSING);
    expect(() =>
      requirePasswordlessSignUp(contextOf(USER_AUTH, ['PASSWORD', 'EMAIL_OTP']), EMAIL),
    ).not.toThrow();
  });

  it('needs an address for one of the factors the pool offers, naming them', () => {
    const both = contextOf(USER_AUTH, ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);
    expect(() => requirePasswordlessSignUp(both, EMAIL)).not.toThrow();
    expect(() => requirePasswordlessSignUp(both, PHONE)).not.toThrow();
    expect(cognitoRefusal(() => requirePasswordlessSignUp(both, { name: 'Bob' }))).toEqual([
      'InvalidParameterException',
      'A user without a password needs email or phone_number for passwordless sign-in.',
    ]);
    const sms = contextOf(USER_AUTH, ['PASSWORD', 'SMS_OTP']);
    expect(cognitoRefusal(() => requirePasswordlessSignUp(sms, EMAIL))[1]).toBe(
      'A user without a password needs phone_number for passwordless sign-in.',
    );
  });

  it('is what SignUp with an empty Password makes', async () => {
    const pool = usePool({
      explicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      userAuthFactors: ['PASSWORD', 'EMAIL_OTP'],
    });
    const answer = await callApi('SignUp', {
      ClientId,
      Username: 'bob',
      Password: '',
      UserAttributes: [{ Name: 'email', Value: EMAIL.email }],
    });
    expect(answer.json).toMatchObject({ UserConfirmed: false });
    expect(await pool.sentCodes('bob')).toHaveLength(1);
  });
});

describe('the account operations on the wire', () => {
  const call = async (operation: string, input: object) => (await callApi(operation, input)).json;

  it.each([
    ['SignUp', { Username: 'bob', Password: ALICE.password }],
    ['ConfirmSignUp', { Username: 'bob', ConfirmationCode: '123456' }],
    ['ResendConfirmationCode', { Username: 'bob' }],
    ['ForgotPassword', { Username: 'alice' }],
    ['ConfirmForgotPassword', { Username: 'alice', ConfirmationCode: '1', Password: 'x' }],
  ])('%s refuses another app client', async (operation, input) => {
    usePool();
    expect(await call(operation, { ClientId: 'someone-else', ...input })).toEqual({
      __type: 'ResourceNotFoundException',
      message: 'User pool client someone-else does not exist.',
    });
  });

  it('reads UserAttributes as a list of names and values, null as none', async () => {
    usePool();
    const signUp = (Username: string, UserAttributes: unknown) =>
      call('SignUp', { ClientId, Username, Password: ALICE.password, UserAttributes });
    const invalid = { __type: 'InvalidParameterException', message: 'Invalid UserAttributes' };
    for (const attributes of [
      { Name: 'email', Value: EMAIL.email },
      'email',
      [{ Name: 'email' }],
      [{ Value: EMAIL.email }],
      [{ Name: 'email', Value: 1 }],
      [null],
    ]) {
      expect(await signUp('carol', attributes), JSON.stringify(attributes)).toEqual(invalid);
    }
    expect(await signUp('bob', null)).toMatchObject({ UserConfirmed: false });
    // Nowhere to send a code: no CodeDeliveryDetails.
    expect(await signUp('dan', [])).not.toHaveProperty('CodeDeliveryDetails');
  });

  it('makes a user in no group', async () => {
    const pool = usePool({ preSignUp: () => ({ autoConfirmUser: true }) });
    await call('SignUp', { ClientId, Username: 'bob', Password: ALICE.password });
    const { idToken, accessToken } = await pool.issueTokens('bob');
    expect(claimsOf(idToken)).not.toHaveProperty('cognito:groups');
    expect(claimsOf(accessToken)).not.toHaveProperty('cognito:groups');
  });

  it('cannot resend a code to a user with no email address or phone number', async () => {
    usePool();
    await call('SignUp', { ClientId, Username: 'bob', Password: ALICE.password });
    expect(await call('ResendConfirmationCode', { ClientId, Username: 'bob' })).toEqual({
      __type: 'InvalidParameterException',
      message: 'Auto verification not turned on.',
    });
  });

  it('refuses to reset a temporary password, verified address or not', async () => {
    const clock = createClock();
    const pool = usePool({ now: clock.now });
    for (const [username, attributes] of [
      ['hire', { ...EMAIL, email_verified: 'true' }],
      ['temp', {}],
    ] as const) {
      await pool.addUser({
        username,
        password: 'Temp-Pass-1',
        status: 'FORCE_CHANGE_PASSWORD',
        attributes,
      });
      expect(await call('ForgotPassword', { ClientId, Username: username })).toEqual({
        __type: 'NotAuthorizedException',
        message: 'User password cannot be reset in the current state.',
      });
    }
    expect(await pool.sentCodes()).toEqual([]);
  });
});
