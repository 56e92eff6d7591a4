import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  associateTotp,
  changePassword,
  cognito,
  confirmResetPassword,
  confirmSignUp,
  createAuthorizedFetch,
  createSession,
  deletePasskey,
  deleteUser,
  deleteUserAttributes,
  getUserAttributes,
  globalSignOut,
  handleRedirectCallback,
  listPasskeys,
  memoryStorage,
  registerPasskey,
  resendSignUpCode,
  resetPassword,
  type Session,
  sendUserAttributeVerificationCode,
  setMfaPreference,
  signInWithChoice,
  signInWithCustomChallenge,
  signInWithPassword,
  signInWithRedirect,
  signOutWithRedirect,
  signUp,
  updateUserAttributes,
  verifyTotp,
  verifyUserAttribute,
} from '../index.js';
import {
  issue,
  startProvider,
  startSession,
  useFakeClock,
  useMemoryHarness,
} from './memoryHarness.js';

describe('free-standing flows', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  const notASession = {
    getState: () => ({ status: 'signedOut', reason: null }),
  } as never as Session;
  const message = 'Expected a session made by createSession() as the first argument.';

  it('refuse anything but a session made by createSession, with a clear TypeError', async () => {
    await expect(signInWithPassword(notASession, 'alice', 'pw')).rejects.toThrow(message);
    await expect(signInWithRedirect(notASession)).rejects.toThrow(message);
    await expect(
      handleRedirectCallback(notASession, 'https://app.example/?code=c&state=s'),
    ).rejects.toThrow(message);
    await expect(signOutWithRedirect(notASession)).rejects.toThrow(message);
    expect(() => createAuthorizedFetch(notASession)).toThrow(message);
  });

  it('password sign-in names the provider it needs instead of calling one that has none', async () => {
    const provider = startProvider();
    const { session } = startSession(provider);
    await session.setTokens(issue(provider));
    const before = session.getState();
    await expect(signInWithPassword(session, 'alice', 'pw')).rejects.toMatchObject({
      name: 'SessionError',
      code: 'provider',
      message:
        'Password sign-in needs the cognito() provider; use signInWithRedirect for this provider.',
    });
    expect(session.getState()).toBe(before);
  });

  it.each<[string, (session: Session) => Promise<unknown>]>([
    ['choice', (session) => signInWithChoice(session, 'alice')],
    ['custom', (session) => signInWithCustomChallenge(session, 'alice')],
  ])('%s sign-in names the provider it needs too', async (_, call) => {
    const { session } = startSession(startProvider());
    await expect(call(session)).rejects.toMatchObject({
      code: 'provider',
      message:
        'Password sign-in needs the cognito() provider; use signInWithRedirect for this provider.',
    });
  });

  it('redirect sign-in says so for a provider without a hosted sign-in', async () => {
    const { session } = startSession(startProvider());
    await expect(
      signInWithRedirect(session, { redirectUri: 'https://app.example/cb', navigate: () => {} }),
    ).rejects.toMatchObject({
      code: 'provider',
      message: 'This provider has no redirect sign-in.',
    });
  });
});

describe('account, MFA and profile flows', () => {
  useMemoryHarness();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  /** Each flow, called with arguments it would otherwise take. */
  const flows: [string, (session: Session) => Promise<unknown>][] = [
    ['signUp()', (session) => signUp(session, { username: 'bob', password: 'Passw0rd!1' })],
    ['confirmSignUp()', (session) => confirmSignUp(session, 'bob', '123456')],
    ['resendSignUpCode()', (session) => resendSignUpCode(session, 'bob')],
    ['resetPassword()', (session) => resetPassword(session, 'bob')],
    ['confirmResetPassword()', (session) => confirmResetPassword(session, 'bob', '1', 'pw')],
    ['changePassword()', (session) => changePassword(session, 'old', 'new')],
    ['associateTotp()', (session) => associateTotp(session)],
    ['verifyTotp()', (session) => verifyTotp(session, '123456')],
    ['setMfaPreference()', (session) => setMfaPreference(session, { totp: 'enabled' })],
    ['getUserAttributes()', (session) => getUserAttributes(session)],
    ['updateUserAttributes()', (session) => updateUserAttributes(session, { name: 'Bob' })],
    ['deleteUserAttributes()', (session) => deleteUserAttributes(session, ['name'])],
    [
      'sendUserAttributeVerificationCode()',
      (session) => sendUserAttributeVerificationCode(session, 'email'),
    ],
    ['verifyUserAttribute()', (session) => verifyUserAttribute(session, 'email', '123456')],
    ['globalSignOut()', (session) => globalSignOut(session)],
    ['deleteUser()', (session) => deleteUser(session)],
    ['registerPasskey()', (session) => registerPasskey(session)],
    ['listPasskeys()', (session) => listPasskeys(session)],
    ['deletePasskey()', (session) => deletePasskey(session, 'credential-1')],
  ];

  it.each(flows)('%s names itself and the cognito() provider it needs', async (name, call) => {
    const { session } = startSession(startProvider());
    await expect(call(session)).rejects.toMatchObject({
      name: 'SessionError',
      code: 'provider',
      message: `${name} needs the cognito() provider.`,
    });
  });

  /** A Cognito session that never reaches the network: every call below is refused first. */
  function cognitoSession(): Session {
    const pool = { region: 'eu-west-1', userPoolId: 'eu-west-1_Example1', clientId: 'client' };
    const fetch = vi.fn(() => Promise.reject(new Error('no request was expected')));
    return createSession({ provider: cognito(pool), storage: memoryStorage(), fetch });
  }

  it.each<[string, (session: Session) => Promise<unknown>]>([
    ['signUp(): username', (session) => signUp(session, { username: '' })],
    ['signUp(): username', (session) => signUp(session, undefined as never)],
    ['signUp(): password', (session) => signUp(session, { username: 'bob', password: '' })],
    ['confirmSignUp(): username', (session) => confirmSignUp(session, '', '1')],
    ['confirmSignUp(): code', (session) => confirmSignUp(session, 'bob', '')],
    ['resendSignUpCode(): username', (session) => resendSignUpCode(session, '')],
    ['resetPassword(): username', (session) => resetPassword(session, 42 as never)],
    ['confirmResetPassword(): username', (session) => confirmResetPassword(session, '', '1', 'p')],
    ['confirmResetPassword(): code', (session) => confirmResetPassword(session, 'bob', '', 'p')],
    [
      'confirmResetPassword(): newPassword',
      (session) => confirmResetPassword(session, 'bob', '1', ''),
    ],
    ['changePassword(): oldPassword', (session) => changePassword(session, '', 'new')],
    ['changePassword(): newPassword', (session) => changePassword(session, 'old', '')],
    ['deletePasskey(): credentialId', (session) => deletePasskey(session, '')],
    ['signInWithCustomChallenge(): username', (session) => signInWithCustomChallenge(session, '')],
    [
      'signInWithCustomChallenge(): username',
      (session) => signInWithCustomChallenge(session, 42 as never),
    ],
  ])('refuses a missing %s before any request', async (named, call) => {
    const session = cognitoSession();
    await expect(call(session)).rejects.toThrow(
      new TypeError(`${named} must be a non-empty string.`),
    );
    session.dispose();
  });

  it.each(['totp', 'sms', 'email'])(
    "setMfaPreference names the factor whose setting is not 'preferred', 'enabled' or 'disabled' (%s)",
    async (factor) => {
      const session = cognitoSession();
      await expect(setMfaPreference(session, { [factor]: 'on' })).rejects.toThrow(
        new TypeError(
          `setMfaPreference(): ${factor} must be 'preferred', 'enabled' or 'disabled', got "on".`,
        ),
      );
      session.dispose();
    },
  );

  it.each(['preferred', 'on'])(
    "setMfaPreference refuses a passkey setting other than 'enabled' or 'disabled' (%s): passkey MFA is never preferred",
    async (value) => {
      const session = cognitoSession();
      const preference = { passkey: value } as unknown as Parameters<typeof setMfaPreference>[1];
      await expect(setMfaPreference(session, preference)).rejects.toThrow(
        new TypeError(
          `setMfaPreference(): passkey must be 'enabled' or 'disabled', got "${value}".`,
        ),
      );
      session.dispose();
    },
  );
});
