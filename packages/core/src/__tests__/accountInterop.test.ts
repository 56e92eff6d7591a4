/**
 * AWS's own client, amazon-cognito-identity-js, runs sign-up, password reset and password change
 * against the testing kit's pool over MSW: the kit's account operations answer what AWS's client
 * sends and reads, and refuse where Cognito refuses.
 */
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, requestsOf, server, startPool, USER, USER_POOL_ID } from './harness.js';
import { referenceSignUp } from './referenceSignUp.js';
import { memoryStore } from './referenceStorage.js';

type Failure = { code?: string; name?: string; message: string };

const referencePool = () =>
  new CognitoUserPool({ UserPoolId: USER_POOL_ID, ClientId: CLIENT_ID, Storage: memoryStore() });

const userOf = (pool: CognitoUserPool, username: string) =>
  new CognitoUser({ Username: username, Pool: pool, Storage: memoryStore() });

/** A node-style callback as a promise; the error as the value of a rejection. */
function call<T>(run: (callback: (error: Failure | null | undefined, value?: T) => void) => void) {
  return new Promise<T>((resolve, reject) =>
    run((error, value) => (error ? reject(error) : resolve(value as T))),
  );
}

/** AWS's `forgotPassword`: its `onSuccess` data, or its error as the rejection. */
function forgotPassword(user: CognitoUser) {
  return new Promise<unknown>((resolve, reject) =>
    user.forgotPassword({ onSuccess: resolve, onFailure: reject }),
  );
}

function signIn(user: CognitoUser, password: string) {
  return new Promise<void>((resolve, reject) =>
    user.authenticateUser(
      new AuthenticationDetails({ Username: user.getUsername(), Password: password }),
      { onSuccess: () => resolve(), onFailure: reject },
    ),
  );
}

describe('amazon-cognito-identity-js against the kit (account operations)', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('signs up and confirms the registration with the emailed code; sign-in works after', async () => {
    const pool = await startPool();
    const result = await referenceSignUp('bob', 'N3w-Passw0rd!', { email: 'bob@example.com' });
    expect(result.userConfirmed).toBe(false);
    expect(result.userSub).toEqual(expect.any(String));
    expect(result.codeDeliveryDetails).toEqual({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: 'b***@e***',
    });
    const user = userOf(referencePool(), 'bob');
    await expect(signIn(user, 'N3w-Passw0rd!')).rejects.toMatchObject({
      code: 'UserNotConfirmedException',
    });
    const code = await pool.lastCode('bob', 'EMAIL');
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(
      call((callback) => user.confirmRegistration(wrong, false, callback)),
    ).rejects.toMatchObject({ code: 'CodeMismatchException' });
    // A mismatch leaves the code usable; once used, the account cannot be confirmed again.
    await expect(call((callback) => user.confirmRegistration(code, false, callback))).resolves.toBe(
      'SUCCESS',
    );
    await expect(
      call((callback) => user.confirmRegistration(code, false, callback)),
    ).rejects.toMatchObject({ code: 'NotAuthorizedException' });
    await expect(signIn(user, 'N3w-Passw0rd!')).resolves.toBeUndefined();
    expect(requestsOf(pool, 'SignUp')[0]?.body).toMatchObject({
      ClientId: CLIENT_ID,
      Username: 'bob',
      UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
    });
  });

  it("reads a pre sign-up trigger's answers: confirmed at once, or refused with the trigger's words", async () => {
    await startPool({
      preSignUp: ({ userAttributes }) => {
        if (userAttributes.email?.endsWith('@blocked.example')) throw new Error('Not this domain.');
        return { autoConfirmUser: true, autoVerifyEmail: true };
      },
    });
    const confirmed = await referenceSignUp('bob', 'N3w-Passw0rd!', { email: 'bob@example.com' });
    expect(confirmed.userConfirmed).toBe(true);
    expect(confirmed.codeDeliveryDetails).toBeUndefined();
    await expect(signIn(userOf(referencePool(), 'bob'), 'N3w-Passw0rd!')).resolves.toBeUndefined();
    await expect(
      referenceSignUp('carol', 'N3w-Passw0rd!', { email: 'carol@blocked.example' }),
    ).rejects.toMatchObject({
      code: 'UserLambdaValidationException',
      message: 'PreSignUp failed with error Not this domain..',
    });
  });

  it('is refused a taken username and a weak password, as Cognito refuses them', async () => {
    await startPool();
    await expect(
      referenceSignUp('alice', 'N3w-Passw0rd!', { email: 'a@example.com' }),
    ).rejects.toMatchObject({
      code: 'UsernameExistsException',
      message: 'User already exists',
    });
    await expect(
      referenceSignUp('carol', 'password', { email: 'c@example.com' }),
    ).rejects.toMatchObject({
      code: 'InvalidPasswordException',
    });
  });

  it('resends the confirmation code; the old one stops working', async () => {
    const pool = await startPool();
    await referenceSignUp('bob', 'N3w-Passw0rd!', { email: 'bob@example.com' });
    const first = await pool.lastCode('bob');
    const user = userOf(referencePool(), 'bob');
    await call((callback) => user.resendConfirmationCode(callback));
    const second = await pool.lastCode('bob');
    expect(await pool.sentCodes('bob')).toHaveLength(2);
    if (first !== second) {
      await expect(
        call((callback) => user.confirmRegistration(first, false, callback)),
      ).rejects.toMatchObject({ code: 'CodeMismatchException' });
    }
    await expect(
      call((callback) => user.confirmRegistration(second, false, callback)),
    ).resolves.toBe('SUCCESS');
  });

  it('resets a forgotten password with forgotPassword and confirmPassword', async () => {
    const pool = await startPool();
    const user = userOf(referencePool(), USER.username);
    const data = await forgotPassword(user);
    expect(data).toEqual({
      CodeDeliveryDetails: {
        AttributeName: 'email',
        DeliveryMedium: 'EMAIL',
        Destination: 'a***@e***',
      },
    });
    const code = await pool.lastCode(USER.username);
    const confirm = (password: string) =>
      new Promise<unknown>((resolve, reject) =>
        user.confirmPassword(code, password, { onSuccess: resolve, onFailure: reject }),
      );
    await expect(confirm('short')).rejects.toMatchObject({ code: 'InvalidPasswordException' });
    await expect(confirm('Br4nd-New-Pass!')).resolves.toBe('SUCCESS');
    await expect(confirm('An0ther-Pass!')).rejects.toMatchObject({ code: 'ExpiredCodeException' });
    await expect(
      signIn(userOf(referencePool(), USER.username), USER.password),
    ).rejects.toMatchObject({ code: 'NotAuthorizedException' });
    await expect(
      signIn(userOf(referencePool(), USER.username), 'Br4nd-New-Pass!'),
    ).resolves.toBeUndefined();
  });

  it('is refused forgotPassword for a user with no verified email or phone number', async () => {
    const pool = await startPool();
    await pool.addUser({
      username: 'dave',
      password: 'Passw0rd!',
      attributes: { email: 'd@x.example' },
    });
    const user = userOf(referencePool(), 'dave');
    await expect(forgotPassword(user)).rejects.toMatchObject({
      code: 'InvalidParameterException',
      message:
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
    });
  });

  it('is refused forgotPassword for a disabled user, in the words an unknown username gets', async () => {
    const pool = await startPool();
    await pool.disableUser(USER.username);
    await expect(forgotPassword(userOf(referencePool(), USER.username))).rejects.toMatchObject({
      code: 'UserNotFoundException',
      message: 'Username/client id combination not found.',
    });
    expect(await pool.sentCodes()).toEqual([]);
  });

  it('is refused forgotPassword for a user who still has a temporary password', async () => {
    const pool = await startPool();
    await pool.addUser({
      username: 'hire',
      password: 'Temp-Pass-1',
      status: 'FORCE_CHANGE_PASSWORD',
      attributes: { email: 'hire@example.com', email_verified: 'true' },
    });
    const user = userOf(referencePool(), 'hire');
    await expect(forgotPassword(user)).rejects.toMatchObject({
      code: 'NotAuthorizedException',
      message: 'User password cannot be reset in the current state.',
    });
  });

  it('changes the password of a signed-in user; a wrong old password is refused', async () => {
    const pool = await startPool();
    const user = userOf(referencePool(), USER.username);
    await signIn(user, USER.password);
    await expect(
      call((callback) => user.changePassword('Wr0ng-Old-Pass!', 'Ch4nged-Pass!', callback)),
    ).rejects.toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    await expect(
      call((callback) => user.changePassword(USER.password, 'Ch4nged-Pass!', callback)),
    ).resolves.toBe('SUCCESS');
    const [request] = requestsOf(pool, 'ChangePassword');
    expect(request?.body).toMatchObject({
      AccessToken: user.getSignInUserSession()?.getAccessToken().getJwtToken(),
    });
    await expect(
      signIn(userOf(referencePool(), USER.username), 'Ch4nged-Pass!'),
    ).resolves.toBeUndefined();
  });
});
