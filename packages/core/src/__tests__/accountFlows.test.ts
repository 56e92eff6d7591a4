/**
 * Sign-up, password reset and password change against the testing kit's pool: the flows, the
 * pool's rules (codes, expiry, single use, password policy), and the sign-in's `nextStep`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SessionError } from '../errors.js';
import {
  answerNext,
  changePassword,
  confirmResetPassword,
  confirmSignUp,
  rejection,
  requestsOf,
  resendSignUpCode,
  resetPassword,
  signInWithPassword,
  signUp,
  startPool,
  startSession,
  USER,
  useFakeClock,
  useMsw,
} from './harness.js';

const ALL_FLOWS = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
] as const;
const NEW_USER = { username: 'bob', password: 'N3w-Passw0rd!' };
const HOUR = 3600 * 1000;

/** Neither the message nor anything else on the error repeats a secret. */
function expectNoSecrets(error: SessionError, secrets: string[]) {
  const text = `${error.message} ${JSON.stringify({ ...error })}`;
  for (const secret of secrets) expect(text).not.toContain(secret);
}

/**
 * The API's own validation refusal of `member` (a `challenge`), in sessionkit's `words`, Cognito's
 * kept in providerMessage, and none of `secrets` repeated.
 */
function expectModelRefusal(error: SessionError, member: string, words: string, secrets: string[]) {
  expect(error).toMatchObject({
    code: 'challenge',
    providerCode: 'InvalidParameterException',
    message: `${words} (InvalidParameterException)`,
  });
  expect(error.providerMessage).toMatch(
    new RegExp(`^1 validation error detected: Value at '${member}' failed`),
  );
  expectNoSecrets(error, secrets);
}

async function signUpBob(pool: Awaited<ReturnType<typeof startPool>>) {
  const { session } = startSession();
  const result = await signUp(session, {
    ...NEW_USER,
    attributes: { email: 'bob@example.com', name: 'Bob' },
  });
  const code = await pool.lastCode('bob', 'EMAIL');
  return { session, result, code };
}

describe('sign-up', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('resolves confirmed when the pool confirms users itself (a pre sign-up trigger), and sends no code', async () => {
    const pool = await startPool({ preSignUp: () => ({ autoConfirmUser: true }) });
    const { session } = startSession();
    const result = await signUp(session, { ...NEW_USER, attributes: { email: 'bob@example.com' } });
    expect(result).toEqual({ status: 'confirmed', userSub: expect.any(String) });
    expect(await pool.sentCodes('bob')).toEqual([]);
    await expect(signInWithPassword(session, 'bob', NEW_USER.password)).resolves.toMatchObject({
      status: 'signedIn',
    });
  });

  it("rejects a pre sign-up trigger's refusal as a challenge error, its words in providerMessage only", async () => {
    await startPool({
      preSignUp: () => {
        throw new Error('Sign-ups are closed this week.');
      },
    });
    const { session } = startSession();
    const error = await rejection(signUp(session, { ...NEW_USER }));
    expect(error).toMatchObject({
      code: 'challenge',
      providerCode: 'UserLambdaValidationException',
      providerMessage: 'PreSignUp failed with error Sign-ups are closed this week..',
      message:
        'A Lambda trigger of the user pool refused this; see providerMessage. (UserLambdaValidationException)',
    });
    expect(error.message).not.toContain('closed');
  });

  it('names the device the sign-in after confirmSignUp remembers, as the app asked', async () => {
    const pool = await startPool({ explicitAuthFlows: [...ALL_FLOWS], deviceTracking: 'always' });
    const { session, code } = await signUpBob(pool);
    const confirmed = await confirmSignUp(session, 'bob', code, {
      signIn: true,
      deviceName: 'Work laptop',
    });
    expect(confirmed).toMatchObject({ status: 'signedIn', device: { confirmation: 'confirmed' } });
    expect(requestsOf(pool, 'ConfirmDevice').map((request) => request.body)).toEqual([
      expect.objectContaining({ DeviceName: 'Work laptop' }),
    ]);
  });

  it('signs up, confirms with the emailed code and signs in with USER_AUTH, once', async () => {
    const pool = await startPool({ explicitAuthFlows: [...ALL_FLOWS] });
    const { session, result, code } = await signUpBob(pool);
    expect(result).toEqual({
      status: 'confirmSignUp',
      userSub: expect.any(String),
      codeDelivery: { medium: 'EMAIL', destination: 'b***@e***', attributeName: 'email' },
    });
    expect(code).toMatch(/^[0-9]{6}$/);
    expect((await pool.sentCodes('bob'))[0]).toMatchObject({ purpose: 'SIGN_UP' });

    const confirmed = await confirmSignUp(session, 'bob', code, { signIn: true });
    expect(confirmed).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'bob' } });
    expect(session.getState().status).toBe('signedIn');
    const [initiate] = requestsOf(pool, 'InitiateAuth');
    expect(initiate?.body).toMatchObject({
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: 'bob' },
    });

    // The ConfirmSignUp Session signs in once: the same InitiateAuth again is refused.
    const again = await fetch(initiate!.url, {
      method: 'POST',
      headers: initiate!.headers,
      body: JSON.stringify(initiate!.body),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ __type: 'NotAuthorizedException' });
    // The password works too, and the email is now verified.
    const { session: other } = startSession();
    await expect(signInWithPassword(other, 'bob', NEW_USER.password)).resolves.toMatchObject({
      status: 'signedIn',
      user: { email_verified: true },
    });
  });

  it('confirms without signing in unless asked', async () => {
    const pool = await startPool({ explicitAuthFlows: [...ALL_FLOWS] });
    const { session, code } = await signUpBob(pool);
    await expect(confirmSignUp(session, 'bob', code)).resolves.toEqual({
      status: 'confirmed',
      signIn: 'notRequested',
    });
    expect(requestsOf(pool, 'ConfirmSignUp')[0]?.body).not.toHaveProperty('Session');
    expect(requestsOf(pool, 'InitiateAuth')).toHaveLength(0);
    expect(session.getState().status).toBe('signedOut');
  });

  it('signs in after confirming also in a page that did not sign up (no SignUp Session to send)', async () => {
    const pool = await startPool({ explicitAuthFlows: [...ALL_FLOWS] });
    const { code } = await signUpBob(pool);
    const { session: reloaded } = startSession();
    await expect(confirmSignUp(reloaded, 'bob', code, { signIn: true })).resolves.toMatchObject({
      status: 'signedIn',
      user: { 'cognito:username': 'bob' },
    });
    expect(requestsOf(pool, 'ConfirmSignUp').at(-1)?.body).not.toHaveProperty('Session');
  });

  it('says when signing in after confirming is not possible: Cognito gave no Session', async () => {
    const pool = await startPool({ explicitAuthFlows: [...ALL_FLOWS] });
    const { session, code } = await signUpBob(pool);
    // A server that confirms without handing back a sign-in Session.
    answerNext('ConfirmSignUp', {});
    await expect(confirmSignUp(session, 'bob', code, { signIn: true })).resolves.toEqual({
      status: 'confirmed',
      signIn: 'unavailable',
    });
    expect(requestsOf(pool, 'InitiateAuth')).toHaveLength(0);
  });

  it('names ALLOW_USER_AUTH when the app client does not allow it, the account confirmed', async () => {
    const pool = await startPool();
    const { session, code } = await signUpBob(pool);
    const error = await rejection(confirmSignUp(session, 'bob', code, { signIn: true }));
    expect(error).toMatchObject({ code: 'provider', providerCode: 'InvalidParameterException' });
    expect(error.message).toBe(
      'The account is confirmed, but the app client does not allow choice-based sign-in: turn on ' +
        'ALLOW_USER_AUTH in its authentication flows to sign users in right after sign-up. ' +
        'Meanwhile, sign in with the password.',
    );
    const { session: other } = startSession();
    await expect(signInWithPassword(other, 'bob', NEW_USER.password)).resolves.toMatchObject({
      status: 'signedIn',
    });
  });

  it('leaves other refusals of the sign-in after confirming, and a garbled answer, to the general words', async () => {
    const refusals = [
      ['InvalidParameterException', 'Invalid session provided'],
      // The words of a refused flow under another name: not the app client's setting.
      ['NotAuthorizedException', 'USER_AUTH flow not enabled for this client'],
    ] as const;
    for (const [name, message] of refusals) {
      const pool = await startPool({ explicitAuthFlows: [...ALL_FLOWS] });
      const { session, code } = await signUpBob(pool);
      answerNext('InitiateAuth', { __type: name, message }, 400);
      const error = await rejection(confirmSignUp(session, 'bob', code, { signIn: true }));
      expect(error).toMatchObject({ providerCode: name, providerMessage: message });
      expect(error.message).not.toContain('ALLOW_USER_AUTH');
    }
    const pool = await startPool({ explicitAuthFlows: [...ALL_FLOWS] });
    const { session, code } = await signUpBob(pool);
    answerNext('InitiateAuth', {});
    const garbled = await rejection(confirmSignUp(session, 'bob', code, { signIn: true }));
    expect(garbled.message).toMatch(/InitiateAuth/);
  });

  it('refuses a wrong code, then accepts the right one; a used code cannot confirm again', async () => {
    const pool = await startPool();
    const { session, code } = await signUpBob(pool);
    const wrong = code === '000000' ? '111111' : '000000';
    const mismatch = await rejection(confirmSignUp(session, 'bob', wrong));
    expect(mismatch).toMatchObject({ code: 'challenge', providerCode: 'CodeMismatchException' });
    expectNoSecrets(mismatch, [wrong]);
    // Pasted with a space or a line break (or far too long): the API's own refusal, the code
    // still pending.
    for (const pasted of [`${code.slice(0, 3)} ${code.slice(3)}`, `${code}\n`, code.repeat(342)]) {
      expectModelRefusal(
        await rejection(confirmSignUp(session, 'bob', pasted)),
        'confirmationCode',
        'The code is not one Cognito sends: enter it without spaces.',
        [code],
      );
    }
    await confirmSignUp(session, 'bob', code);
    await expect(confirmSignUp(session, 'bob', code)).rejects.toMatchObject({
      code: 'challenge',
      providerCode: 'NotAuthorizedException',
      message: 'The account is already confirmed; sign in. (NotAuthorizedException)',
    });
  });

  it('lets a sign-up code expire after 24 hours; a resent one replaces it', async () => {
    const pool = await startPool();
    const { session, code } = await signUpBob(pool);
    vi.setSystemTime(Date.now() + 24 * HOUR);
    await expect(confirmSignUp(session, 'bob', code)).rejects.toMatchObject({
      code: 'challenge',
      providerCode: 'ExpiredCodeException',
    });
    const resent = await resendSignUpCode(session, 'bob');
    expect(resent.codeDelivery).toEqual({
      medium: 'EMAIL',
      destination: 'b***@e***',
      attributeName: 'email',
    });
    const fresh = await pool.lastCode('bob', 'EMAIL');
    if (fresh !== code) {
      await expect(confirmSignUp(session, 'bob', code)).rejects.toMatchObject({
        providerCode: 'CodeMismatchException',
      });
    }
    vi.setSystemTime(Date.now() + 24 * HOUR - 1000);
    await expect(confirmSignUp(session, 'bob', fresh)).resolves.toMatchObject({
      status: 'confirmed',
    });
    await expect(resendSignUpCode(session, 'bob')).rejects.toMatchObject({
      code: 'challenge',
      providerCode: 'InvalidParameterException',
    });
  });

  it("refuses an email address or phone number Cognito would not store as the user's to correct; makes no user", async () => {
    const pool = await startPool();
    const { session } = startSession();
    const attempt = (attributes: Record<string, string>) =>
      rejection(signUp(session, { ...NEW_USER, attributes }));
    expect(await attempt({ email: 'bob-at-example.com' })).toMatchObject({
      code: 'challenge',
      providerCode: 'InvalidParameterException',
      providerMessage: 'Invalid email address format.',
      message: 'The email address is not valid. (InvalidParameterException)',
    });
    expect(await attempt({ email: 'bob@example.com', phone_number: '555 555 5555' })).toMatchObject(
      {
        code: 'challenge',
        providerMessage: 'Invalid phone number format.',
        message:
          'The phone number is not valid: it needs + and the country code, e.g. +15555550123. (InvalidParameterException)',
      },
    );
    expect(await pool.hasUser('bob')).toBe(false);
    expect(await pool.sentCodes()).toEqual([]);
    await signUp(session, {
      ...NEW_USER,
      attributes: { email: 'bob@example.com', phone_number: '+15555555555' },
    });
    expect(await pool.hasUser('bob')).toBe(true);
  });

  it('refuses a password with a space at either end, in words that never repeat it; takes one inside', async () => {
    const pool = await startPool();
    const { session } = startSession();
    for (const password of [
      ' N3w-Passw0rd!',
      'N3w-Passw0rd! ',
      `N3w-Passw0rd!${'x'.repeat(250)}`,
    ]) {
      expectModelRefusal(
        await rejection(signUp(session, { username: 'bob', password })),
        'password',
        'The password cannot begin or end with a space, nor be over 256 characters.',
        [password.trim()],
      );
    }
    expect(await pool.hasUser('bob')).toBe(false);
    await signUp(session, { username: 'bob', password: 'N3w Passw0rd!' });
    expect(await pool.hasUser('bob')).toBe(true);
  });

  it('refuses a username with a space or over 128 characters, here and in the reset flow, in words that never repeat it', async () => {
    const pool = await startPool();
    const { session } = startSession();
    for (const username of ['bob smith', 'b'.repeat(129)]) {
      for (const attempt of [
        () => signUp(session, { username, password: NEW_USER.password }),
        () => resetPassword(session, username),
      ]) {
        expectModelRefusal(
          await rejection(attempt()),
          'username',
          'The username cannot contain spaces, nor be over 128 characters.',
          [username],
        );
      }
    }
    expect(await pool.sentCodes()).toEqual([]);
    await signUp(session, { username: 'bob.smith+test@example', password: NEW_USER.password });
    expect(await pool.hasUser('bob.smith+test@example')).toBe(true);
  });

  it('says a pool where only administrators create users refuses sign-up, not that a password is wrong', async () => {
    const pool = await startPool({ allowAdminCreateUserOnly: true });
    const { session } = startSession();
    const error = await rejection(
      signUp(session, { ...NEW_USER, attributes: { email: 'bob@example.com' } }),
    );
    expect(error).toMatchObject({
      code: 'provider',
      providerCode: 'NotAuthorizedException',
      providerMessage: 'SignUp is not permitted for this user pool',
      message:
        'The user pool does not let users sign themselves up: only administrators create users. (NotAuthorizedException)',
      retryable: false,
    });
    expectNoSecrets(error, [NEW_USER.password]);
    expect(await pool.hasUser('bob')).toBe(false);
    expect(await pool.sentCodes()).toEqual([]);
    // The users an administrator created still sign in.
    await expect(signInWithPassword(session, USER.username, USER.password)).resolves.toMatchObject({
      status: 'signedIn',
    });
  });

  it('refuses a taken username and a password the policy refuses, without repeating it', async () => {
    await startPool();
    const { session } = startSession();
    const taken = await rejection(signUp(session, { username: 'alice', password: 'Other-Pass1!' }));
    expect(taken).toMatchObject({ code: 'challenge', providerCode: 'UsernameExistsException' });
    for (const weak of [
      'Sh0rt!',
      'nouppercase1!',
      'NOLOWERCASE1!',
      'No-Numbers!',
      'NoSymbols123',
    ]) {
      const error = await rejection(signUp(session, { username: 'carol', password: weak }));
      expect(error).toMatchObject({ code: 'challenge', providerCode: 'InvalidPasswordException' });
      expectNoSecrets(error, [weak]);
    }
  });

  it('an unconfirmed user cannot sign in: the error names the next step', async () => {
    const pool = await startPool();
    await signUpBob(pool);
    const { session } = startSession();
    for (const authFlow of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
      const error = await rejection(
        signInWithPassword(session, 'bob', NEW_USER.password, { authFlow }),
      );
      expect(error).toMatchObject({
        code: 'challenge',
        providerCode: 'UserNotConfirmedException',
        nextStep: { step: 'confirmSignUp', username: 'bob' },
      });
      // As the error's other facts, it shows where errors are logged as JSON.
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({
        code: 'challenge',
        nextStep: { step: 'confirmSignUp', username: 'bob' },
      });
      expectNoSecrets(error, [NEW_USER.password]);
    }
    // A wrong password reveals nothing and names no step.
    const wrong = await rejection(signInWithPassword(session, 'bob', 'Wr0ng-Pass!'));
    expect(wrong).toMatchObject({ code: 'invalid_grant' });
    expect(wrong.nextStep).toBeUndefined();
  });
});

describe('password reset and change', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('resets a password with the code: the new one works, the old one no longer', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const { codeDelivery } = await resetPassword(session, 'alice');
    expect(codeDelivery).toEqual({
      medium: 'EMAIL',
      destination: 'a***@e***',
      attributeName: 'email',
    });
    const code = await pool.lastCode('alice', 'EMAIL');
    expect((await pool.sentCodes('alice')).at(-1)).toMatchObject({ purpose: 'FORGOT_PASSWORD' });
    const weak = await rejection(confirmResetPassword(session, 'alice', code, 'weak'));
    expect(weak).toMatchObject({ providerCode: 'InvalidPasswordException' });
    const pasted = await rejection(
      confirmResetPassword(session, 'alice', ` ${code}`, 'Br4nd-New-Pass!'),
    );
    expect(pasted).toMatchObject({ code: 'challenge', providerCode: 'InvalidParameterException' });
    expect(pasted.providerMessage).toContain("Value at 'confirmationCode' failed");
    const spaced = await rejection(
      confirmResetPassword(session, 'alice', code, 'Br4nd-New-Pass! '),
    );
    expect(spaced).toMatchObject({ code: 'challenge', providerCode: 'InvalidParameterException' });
    expect(spaced.providerMessage).toContain("Value at 'password' failed");
    await confirmResetPassword(session, 'alice', code, 'Br4nd-New-Pass!');
    await expect(signInWithPassword(session, 'alice', USER.password)).rejects.toMatchObject({
      code: 'invalid_grant',
    });
    await expect(signInWithPassword(session, 'alice', 'Br4nd-New-Pass!')).resolves.toMatchObject({
      status: 'signedIn',
    });
    // The code was used up.
    const reused = await rejection(confirmResetPassword(session, 'alice', code, 'An0ther-Pass!'));
    expect(reused).toMatchObject({ code: 'challenge', providerCode: 'ExpiredCodeException' });
    expectNoSecrets(reused, [code, 'An0ther-Pass!']);
  });

  it('lets a reset code expire after an hour', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await resetPassword(session, 'alice');
    const code = await pool.lastCode('alice');
    vi.setSystemTime(Date.now() + HOUR);
    await expect(
      confirmResetPassword(session, 'alice', code, 'Br4nd-New-Pass!'),
    ).rejects.toMatchObject({ providerCode: 'ExpiredCodeException' });
    await resetPassword(session, 'alice');
    const wrong = (await pool.lastCode('alice')) === '123456' ? '654321' : '123456';
    await expect(
      confirmResetPassword(session, 'alice', wrong, 'Br4nd-New-Pass!'),
    ).rejects.toMatchObject({ code: 'challenge', providerCode: 'CodeMismatchException' });
  });

  it('refuses a reset for a user with nowhere verified to send the code, and for an unknown one', async () => {
    const pool = await startPool();
    await pool.addUser({
      username: 'dave',
      password: 'Passw0rd!',
      attributes: { email: 'd@x.example' },
    });
    const { session } = startSession();
    const error = await rejection(resetPassword(session, 'dave'));
    expect(error).toMatchObject({ code: 'provider', providerCode: 'InvalidParameterException' });
    expect(error.message).toContain('no verified email address or phone number');
    await expect(resetPassword(session, 'nobody')).rejects.toMatchObject({
      code: 'invalid_grant',
      providerCode: 'UserNotFoundException',
    });
    // A disabled user is answered as nobody, and gets no code.
    await pool.disableUser(USER.username);
    await expect(resetPassword(session, USER.username)).rejects.toMatchObject({
      code: 'invalid_grant',
      providerCode: 'UserNotFoundException',
      message: expect.stringContaining('No user has this username.'),
    });
    expect(await pool.sentCodes()).toEqual([]);
  });

  it('a user with a temporary password is told to sign in with it, not to try another', async () => {
    const pool = await startPool();
    const verified = { email: 'hire@example.com', email_verified: 'true' };
    await pool.addUser({
      username: 'hire',
      password: 'Temp-Pass-1',
      status: 'FORCE_CHANGE_PASSWORD',
      attributes: verified,
    });
    const { session } = startSession();
    const error = await rejection(resetPassword(session, 'hire'));
    expect(error).toMatchObject({
      code: 'challenge',
      providerCode: 'NotAuthorizedException',
      providerMessage: 'User password cannot be reset in the current state.',
      message:
        'The password cannot be reset yet: the account still has the temporary password it was created with; sign in with it and choose a new one, or ask an administrator for a new one. (NotAuthorizedException)',
    });
    expect(await pool.sentCodes('hire')).toEqual([]);
    const challenge = await signInWithPassword(session, 'hire', 'Temp-Pass-1');
    expect(challenge).toMatchObject({ status: 'challenge', name: 'NEW_PASSWORD_REQUIRED' });
    if (challenge.status !== 'challenge') throw new Error('no challenge');
    await challenge.respond({ NEW_PASSWORD: 'Own-Passw0rd!' });
    await expect(resetPassword(session, 'hire')).resolves.toMatchObject({
      codeDelivery: { medium: 'EMAIL' },
    });
  });

  it('a user who must reset the password is told so by sign-in, and can', async () => {
    const pool = await startPool();
    await pool.addUser({
      username: 'erin',
      password: 'Imp0rted-Pass!',
      status: 'RESET_REQUIRED',
      attributes: { email: 'erin@example.com', email_verified: 'true' },
    });
    const { session } = startSession();
    const error = await rejection(signInWithPassword(session, 'erin', 'Imp0rted-Pass!'));
    expect(error).toMatchObject({
      code: 'challenge',
      providerCode: 'PasswordResetRequiredException',
      nextStep: { step: 'resetPassword', username: 'erin' },
    });
    await resetPassword(session, error.nextStep!.username);
    await confirmResetPassword(session, 'erin', await pool.lastCode('erin'), 'Fr3sh-Pass-Word!');
    await expect(signInWithPassword(session, 'erin', 'Fr3sh-Pass-Word!')).resolves.toMatchObject({
      status: 'signedIn',
    });
  });

  it('changes the signed-in user password with the access token, checking the old one', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await expect(changePassword(session, USER.password, 'Ch4nged-Pass!')).rejects.toMatchObject({
      code: 'signed_out',
    });
    await signInWithPassword(session, 'alice', USER.password);
    const wrong = await rejection(changePassword(session, 'Not-The-0ld!', 'Ch4nged-Pass!'));
    expect(wrong).toMatchObject({ code: 'invalid_grant', providerCode: 'NotAuthorizedException' });
    expectNoSecrets(wrong, ['Not-The-0ld!', 'Ch4nged-Pass!']);
    await expect(changePassword(session, USER.password, 'weak')).rejects.toMatchObject({
      code: 'challenge',
      providerCode: 'InvalidPasswordException',
    });
    const spaced = await rejection(changePassword(session, USER.password, ' Ch4nged-Pass!'));
    expect(spaced).toMatchObject({ code: 'challenge', providerCode: 'InvalidParameterException' });
    expect(spaced.providerMessage).toContain("Value at 'proposedPassword' failed");
    await changePassword(session, USER.password, 'Ch4nged-Pass!');
    expect(requestsOf(pool, 'ChangePassword')).toHaveLength(4);
    expect(session.getState().status).toBe('signedIn');
    const { session: other } = startSession();
    await expect(signInWithPassword(other, 'alice', USER.password)).rejects.toMatchObject({
      code: 'invalid_grant',
    });
    await expect(signInWithPassword(other, 'alice', 'Ch4nged-Pass!')).resolves.toMatchObject({
      status: 'signedIn',
    });
  });

  it('refuses a recently used password where the pool keeps a password history', async () => {
    const pool = await startPool({ passwordPolicy: { passwordHistorySize: 2 } });
    const { session } = startSession();
    await signInWithPassword(session, 'alice', USER.password);
    await changePassword(session, USER.password, 'Ch4nged-Pass!');
    const reused = await rejection(changePassword(session, 'Ch4nged-Pass!', USER.password));
    expect(reused).toMatchObject({
      code: 'challenge',
      providerCode: 'PasswordHistoryPolicyViolationException',
      message:
        'This password was used recently on this account; choose one it has not used before. (PasswordHistoryPolicyViolationException)',
      retryable: false,
    });
    expectNoSecrets(reused, [USER.password, 'Ch4nged-Pass!']);
    expect(session.getState().status).toBe('signedIn');

    await resetPassword(session, 'alice');
    const code = await pool.lastCode('alice');
    await expect(
      confirmResetPassword(session, 'alice', code, 'Ch4nged-Pass!'),
    ).rejects.toMatchObject({
      code: 'challenge',
      providerCode: 'PasswordHistoryPolicyViolationException',
    });
    await confirmResetPassword(session, 'alice', code, 'Th1rd-Pass-Word!');
  });

  it('refreshes an expired access token before changing the password', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await signInWithPassword(session, 'alice', USER.password);
    vi.setSystemTime(Date.now() + 2 * HOUR);
    await changePassword(session, USER.password, 'Ch4nged-Pass!');
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(1);
  });

  it('maps throttling and attempt limits to rate_limited, retryable', async () => {
    const pool = await startPool();
    const { session } = startSession();
    pool.failNext('throttle', 1, { operations: ['ForgotPassword'] });
    await expect(resetPassword(session, 'alice')).rejects.toMatchObject({
      code: 'rate_limited',
      retryable: true,
      providerCode: 'TooManyRequestsException',
    });
  });
});
