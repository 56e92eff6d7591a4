/**
 * AWS's own client, amazon-cognito-identity-js, runs the profile operations and global sign-out
 * against the testing kit's pool over MSW: the kit answers what AWS's client sends and reads, and
 * refuses where Cognito refuses.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  type CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
} from 'amazon-cognito-identity-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, REGION, requestsOf, server, startPool, USER, USER_POOL_ID } from './harness.js';
import { memoryStore } from './referenceStorage.js';

type Failure = { code?: string; message: string };

function call<T>(run: (callback: (error: unknown, value?: T) => void) => void) {
  return new Promise<T>((resolve, reject) =>
    run((error, value) => (error ? reject(error as Failure) : resolve(value as T))),
  );
}

function handlers<T>(
  run: (callbacks: { onSuccess(value: T): void; onFailure(e: unknown): void }) => void,
) {
  return new Promise<T>((resolve, reject) => run({ onSuccess: resolve, onFailure: reject }));
}

async function signedInUser() {
  const pool = new CognitoUserPool({
    UserPoolId: USER_POOL_ID,
    ClientId: CLIENT_ID,
    Storage: memoryStore(),
  });
  const user = new CognitoUser({ Username: USER.username, Pool: pool, Storage: memoryStore() });
  const session = await new Promise<CognitoUserSession>((resolve, reject) =>
    user.authenticateUser(
      new AuthenticationDetails({ Username: USER.username, Password: USER.password }),
      { onSuccess: resolve, onFailure: reject },
    ),
  );
  return { user, session };
}

const asRecord = (attributes: CognitoUserAttribute[] | undefined) =>
  Object.fromEntries((attributes ?? []).map((a) => [a.getName(), a.getValue()]));

describe('amazon-cognito-identity-js against the kit (profile operations)', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('reads and updates attributes; an email change is verified with the emailed code', async () => {
    const pool = await startPool();
    const { user } = await signedInUser();
    expect(asRecord(await call((cb) => user.getUserAttributes(cb)))).toMatchObject({
      email: 'alice@example.com',
      email_verified: 'true',
      'custom:tenant': 'acme',
      sub: expect.any(String),
    });
    const [, details] = await new Promise<[string, unknown]>((resolve, reject) =>
      user.updateAttributes(
        [
          { Name: 'email', Value: 'new@example.com' },
          { Name: 'custom:tenant', Value: 'globex' },
        ],
        (error, result, data) => (error ? reject(error) : resolve([result as string, data])),
      ),
    );
    expect(details).toEqual({
      CodeDeliveryDetailsList: [
        { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'n***@e***' },
      ],
    });
    expect(asRecord(await call((cb) => user.getUserAttributes(cb)))).toMatchObject({
      email: 'new@example.com',
      email_verified: 'false',
      'custom:tenant': 'globex',
    });
    const delivery = await new Promise((resolve, reject) =>
      user.getAttributeVerificationCode('email', {
        onSuccess: reject,
        onFailure: reject,
        inputVerificationCode: resolve,
      }),
    );
    expect(delivery).toEqual({
      CodeDeliveryDetails: {
        AttributeName: 'email',
        DeliveryMedium: 'EMAIL',
        Destination: 'n***@e***',
      },
    });
    const code = await pool.lastCode(USER.username, 'EMAIL');
    const wrong = code === '000000' ? '111111' : '000000';
    await expect(handlers((cb) => user.verifyAttribute('email', wrong, cb))).rejects.toMatchObject({
      code: 'CodeMismatchException',
    });
    await expect(handlers((cb) => user.verifyAttribute('email', code, cb))).resolves.toBe(
      'SUCCESS',
    );
    expect(asRecord(await call((cb) => user.getUserAttributes(cb))).email_verified).toBe('true');
  });

  it('is refused an unknown custom attribute and sub, with Cognito’s message', async () => {
    await startPool();
    const { user } = await signedInUser();
    const update = (name: string) =>
      call((cb) => user.updateAttributes([{ Name: name, Value: 'x' }], cb));
    await expect(update('custom:plan')).rejects.toMatchObject({
      code: 'InvalidParameterException',
      message: 'user.custom:plan: Attribute does not exist in the schema.\n',
    });
    await expect(update('sub')).rejects.toMatchObject({
      code: 'InvalidParameterException',
      message: 'user.sub: Attribute cannot be updated.\n',
    });
  });

  it('globalSignOut revokes the refresh and access tokens of every session of the user', async () => {
    const pool = await startPool();
    const first = await signedInUser();
    const second = await signedInUser();
    await expect(handlers((cb) => first.user.globalSignOut(cb))).resolves.toBe('SUCCESS');
    expect(requestsOf(pool, 'GlobalSignOut')).toHaveLength(1);
    await expect(call((cb) => second.user.getUserAttributes(cb))).rejects.toMatchObject({
      code: 'NotAuthorizedException',
      message: 'Access Token has been revoked',
    });
    // AWS's client retries a refused refresh for seconds (requestWithRetry): ask the kit directly.
    const refresh = await fetch(`https://cognito-idp.${REGION}.amazonaws.com/`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        ClientId: CLIENT_ID,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: second.session.getRefreshToken().getToken() },
      }),
    });
    expect(await refresh.json()).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Refresh Token has been revoked',
    });
  });

  it('deleteUser removes the user: signing in again is refused', async () => {
    const pool = await startPool();
    const { user } = await signedInUser();
    await expect(call((cb) => user.deleteUser(cb))).resolves.toBe('SUCCESS');
    expect(await pool.hasUser(USER.username)).toBe(false);
    await expect(signedInUser()).rejects.toMatchObject({ code: 'UserNotFoundException' });
  });
});
