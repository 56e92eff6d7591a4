/**
 * The exact requests of the profile and global sign-out flows (AWS's API reference;
 * docs/cognito-wire.md sections 1 and 10): headers, and body fields as Cognito names them, nothing
 * more; and what each flow makes of Cognito's refusals.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  answerNext,
  deleteUser,
  getUserAttributes,
  globalSignOut,
  issue,
  REGION,
  rejection,
  requestsOf,
  sendUserAttributeVerificationCode,
  startPool,
  startSession,
  updateUserAttributes,
  useFakeClock,
  useMsw,
  verifyUserAttribute,
} from './harness.js';

const API = `https://cognito-idp.${REGION}.amazonaws.com/`;

function expectJsonApiRequest(
  request: { url: string; method: string; headers: Record<string, string> } | undefined,
  operation: string,
) {
  expect(request?.method).toBe('POST');
  expect(request?.url).toBe(API);
  expect(request?.headers['content-type']).toBe('application/x-amz-json-1.1');
  expect(request?.headers['x-amz-target']).toBe(`AWSCognitoIdentityProviderService.${operation}`);
  expect(request?.headers['cache-control']).toBe('no-store');
}

/** Cognito answers `operation` with this error, once. */
function refuse(operation: string, type: string, message: string) {
  answerNext(operation, { __type: type, message }, 400);
}

async function signedIn() {
  const pool = await startPool();
  const { session } = startSession();
  const tokens = await issue(pool);
  await session.setTokens(tokens);
  return { pool, session, accessToken: tokens.accessToken };
}

describe('profile flows on the wire', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('GetUser, UpdateUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute', async () => {
    const { pool, session, accessToken } = await signedIn();
    await getUserAttributes(session);
    const [getUser] = requestsOf(pool, 'GetUser');
    expectJsonApiRequest(getUser, 'GetUser');
    expect(getUser?.body).toEqual({ AccessToken: accessToken });

    await updateUserAttributes(
      session,
      { email: 'new@example.com', 'custom:tenant': 'globex' },
      { clientMetadata: { source: 'settings' }, refresh: false },
    );
    const [update] = requestsOf(pool, 'UpdateUserAttributes');
    expectJsonApiRequest(update, 'UpdateUserAttributes');
    expect(update?.body).toEqual({
      AccessToken: accessToken,
      UserAttributes: [
        { Name: 'email', Value: 'new@example.com' },
        { Name: 'custom:tenant', Value: 'globex' },
      ],
      ClientMetadata: { source: 'settings' },
    });

    await sendUserAttributeVerificationCode(session, 'email', { clientMetadata: { a: 'b' } });
    const [send] = requestsOf(pool, 'GetUserAttributeVerificationCode');
    expectJsonApiRequest(send, 'GetUserAttributeVerificationCode');
    expect(send?.body).toEqual({
      AccessToken: accessToken,
      AttributeName: 'email',
      ClientMetadata: { a: 'b' },
    });

    const code = await pool.lastCode('alice', 'EMAIL');
    await verifyUserAttribute(session, 'email', code, { refresh: false });
    const [verify] = requestsOf(pool, 'VerifyUserAttribute');
    expectJsonApiRequest(verify, 'VerifyUserAttribute');
    expect(verify?.body).toEqual({ AccessToken: accessToken, AttributeName: 'email', Code: code });
  });

  it('GlobalSignOut and DeleteUser send the access token alone', async () => {
    const first = await signedIn();
    await globalSignOut(first.session);
    const [signOut] = requestsOf(first.pool, 'GlobalSignOut');
    expectJsonApiRequest(signOut, 'GlobalSignOut');
    expect(signOut?.body).toEqual({ AccessToken: first.accessToken });

    const { session } = startSession();
    const tokens = await issue(first.pool);
    await session.setTokens(tokens);
    await deleteUser(session);
    const [remove] = requestsOf(first.pool, 'DeleteUser');
    expectJsonApiRequest(remove, 'DeleteUser');
    expect(remove?.body).toEqual({ AccessToken: tokens.accessToken });
  });

  it('AliasExistsException on an email change: challenge, in our words', async () => {
    const { session } = await signedIn();
    refuse(
      'UpdateUserAttributes',
      'AliasExistsException',
      'An account with the email already exists.',
    );
    const error = await rejection(updateUserAttributes(session, { email: 'bob@example.com' }));
    expect(error).toMatchObject({
      code: 'challenge',
      providerCode: 'AliasExistsException',
      providerMessage: 'An account with the email already exists.',
    });
    expect(error.message).toBe(
      'Another account already uses this email address or phone number. (AliasExistsException)',
    );
    expect(session.getState().status).toBe('signedIn');
  });

  it('a user Cognito no longer knows ends the session (refresh refused), invalid_grant', async () => {
    const { pool, session } = await signedIn();
    refuse('GetUser', 'UserNotFoundException', 'User does not exist.');
    pool.failNext('invalid_grant', 1, {
      operations: ['InitiateAuth', 'GetTokensFromRefreshToken'],
    });
    const error = await rejection(getUserAttributes(session));
    expect(error).toMatchObject({
      code: 'invalid_grant',
      providerCode: 'UserNotFoundException',
      signOutReason: 'invalid',
    });
    expect(error.message).toContain('no longer exists');
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'invalid' });
  });

  it('an access token refused otherwise (not revoked) keeps the session, without a refresh', async () => {
    const { pool, session } = await signedIn();
    refuse('DeleteUser', 'NotAuthorizedException', 'Access Token has expired');
    const error = await rejection(deleteUser(session));
    expect(error).toMatchObject({ code: 'invalid_grant', signOutReason: undefined });
    expect(session.getState().status).toBe('signedIn');
    expect(requestsOf(pool, 'InitiateAuth')).toHaveLength(0);
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(0);
  });
});
