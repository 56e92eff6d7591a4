/**
 * The profile and global sign-out flows against the testing kit's pool: attributes read and
 * changed (the new claims in the session's state after the flow), an email change verified with
 * its code, the user deleted, every session signed out, and the other tab hearing it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { crossTab } from '../crossTab.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import {
  advance,
  CLIENT_ID,
  deleteUser,
  getUserAttributes,
  globalSignOut,
  issue,
  REGION,
  rejection,
  requestsOf,
  sendUserAttributeVerificationCode,
  signInWithPassword,
  startPool,
  startSession,
  USER,
  updateUserAttributes,
  useFakeClock,
  useMsw,
  verifyUserAttribute,
} from './harness.js';
import { stubBroadcastChannel } from './memoryHarness.js';

/** A refresh at the kit with a refresh token, as any client would send it. */
async function refreshAtKit(refreshToken: string) {
  const response = await fetch(`https://cognito-idp.${REGION}.amazonaws.com/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
    },
    body: JSON.stringify({ ClientId: CLIENT_ID, RefreshToken: refreshToken }),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const refreshesOf = (pool: Awaited<ReturnType<typeof startPool>>) =>
  requestsOf(pool, 'InitiateAuth').length + requestsOf(pool, 'GetTokensFromRefreshToken').length;

async function signedIn(options: Parameters<typeof startPool>[0] = {}) {
  const pool = await startPool(options);
  const { session, recorder } = startSession();
  const tokens = await issue(pool);
  await session.setTokens(tokens);
  return { pool, session, recorder, tokens };
}

describe('profile', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('reads the attributes, the username and the MFA factors (GetUser)', async () => {
    const { pool, session } = await signedIn();
    const profile = await getUserAttributes(session);
    expect(profile).toEqual({
      username: 'alice',
      attributes: {
        sub: expect.any(String),
        email: 'alice@example.com',
        email_verified: 'true',
        'custom:tenant': 'acme',
      },
      mfa: { enabled: [], preferred: null },
    });
    expect(requestsOf(pool, 'GetUser')).toHaveLength(1);
  });

  it('changes a custom attribute; the session refreshes and its claims show the new value', async () => {
    const { pool, session } = await signedIn();
    const result = await updateUserAttributes(session, { 'custom:tenant': 'globex', name: 'Al' });
    expect(result).toEqual({ awaitingVerification: [], codeDeliveries: [], claimsRefreshed: true });
    const state = session.getState();
    expect(state.status === 'signedIn' && state.user).toMatchObject({
      'custom:tenant': 'globex',
      name: 'Al',
      email_verified: true,
    });
    expect(refreshesOf(pool)).toBe(1);
    expect((await getUserAttributes(session)).attributes['custom:tenant']).toBe('globex');
  });

  it('refuses a malformed email address or phone number, changes nothing and keeps the session', async () => {
    const { pool, session } = await signedIn();
    for (const [attributes, providerMessage] of [
      [{ email: 'new-at-example.com' }, 'Invalid email address format.'],
      [{ nickname: 'Al', phone_number: '0123 456' }, 'Invalid phone number format.'],
    ] as const) {
      expect(await rejection(updateUserAttributes(session, attributes))).toMatchObject({
        code: 'challenge',
        providerCode: 'InvalidParameterException',
        providerMessage,
      });
    }
    expect(session.getState().status).toBe('signedIn');
    const { attributes } = await getUserAttributes(session);
    expect(attributes).toMatchObject({ email: 'alice@example.com', email_verified: 'true' });
    expect(attributes.nickname).toBeUndefined();
    expect(await pool.sentCodes()).toEqual([]);
  });

  it('with refresh: false the claims keep the old value until the next refresh', async () => {
    const { pool, session } = await signedIn();
    const result = await updateUserAttributes(
      session,
      { 'custom:tenant': 'globex' },
      { refresh: false },
    );
    expect(result.claimsRefreshed).toBe(false);
    expect(refreshesOf(pool)).toBe(0);
    const state = session.getState();
    expect(state.status === 'signedIn' && state.user['custom:tenant']).toBe('acme');
  });

  it('changes the email address, then verifies it with the code: email_verified true', async () => {
    const { pool, session } = await signedIn();
    const result = await updateUserAttributes(session, { email: 'new@example.com' });
    expect(result).toEqual({
      awaitingVerification: ['email'],
      codeDeliveries: [{ medium: 'EMAIL', destination: 'n***@e***', attributeName: 'email' }],
      claimsRefreshed: true,
    });
    // No AttributesRequireVerificationBeforeUpdate (the API's default): the new value, unverified.
    let state = session.getState();
    expect(state.status === 'signedIn' && state.user).toMatchObject({
      email: 'new@example.com',
      email_verified: false,
    });
    const [sent] = await pool.sentCodes('alice');
    expect(sent).toMatchObject({
      purpose: 'VERIFY_ATTRIBUTE',
      medium: 'EMAIL',
      destination: 'new@example.com',
    });
    const code = sent!.code;
    const wrong = code === '000000' ? '111111' : '000000';
    const mismatch = await rejection(verifyUserAttribute(session, 'email', wrong));
    expect(mismatch).toMatchObject({ code: 'challenge', providerCode: 'CodeMismatchException' });
    expect(mismatch.message).not.toContain(wrong);
    expect(await rejection(verifyUserAttribute(session, 'email', `${code} `))).toMatchObject({
      code: 'challenge',
      providerCode: 'InvalidParameterException',
      message:
        'The code is not one Cognito sends: enter it without spaces. (InvalidParameterException)',
    });

    expect(await verifyUserAttribute(session, 'email', code)).toEqual({ claimsRefreshed: true });
    state = session.getState();
    expect(state.status === 'signedIn' && state.user).toMatchObject({
      email: 'new@example.com',
      email_verified: true,
    });
    const used = await rejection(verifyUserAttribute(session, 'email', code));
    expect(used).toMatchObject({ code: 'challenge', providerCode: 'ExpiredCodeException' });
    expect(requestsOf(pool, 'VerifyUserAttribute')[2]?.body).toEqual({
      AccessToken: expect.any(String),
      AttributeName: 'email',
      Code: code,
    });
  });

  it('with AttributesRequireVerificationBeforeUpdate the claims keep the verified address until the code', async () => {
    const { pool, session } = await signedIn({
      attributesRequireVerificationBeforeUpdate: ['email'],
    });
    const result = await updateUserAttributes(session, { email: 'new@example.com' });
    expect(result).toMatchObject({ awaitingVerification: ['email'], claimsRefreshed: true });
    let state = session.getState();
    expect(state.status === 'signedIn' && state.user).toMatchObject({
      email: 'alice@example.com',
      email_verified: true,
    });
    expect((await getUserAttributes(session)).attributes).toMatchObject({
      email: 'alice@example.com',
      email_verified: 'true',
    });
    const [sent] = await pool.sentCodes('alice');
    expect(sent).toMatchObject({ purpose: 'VERIFY_ATTRIBUTE', destination: 'new@example.com' });
    expect(await verifyUserAttribute(session, 'email', sent!.code)).toEqual({
      claimsRefreshed: true,
    });
    state = session.getState();
    expect(state.status === 'signedIn' && state.user).toMatchObject({
      email: 'new@example.com',
      email_verified: true,
    });
  });

  it('sends a new code on request; the newer code replaces the older', async () => {
    const { pool, session } = await signedIn();
    await updateUserAttributes(session, { email: 'new@example.com' });
    const first = await pool.lastCode('alice', 'EMAIL');
    const { codeDelivery } = await sendUserAttributeVerificationCode(session, 'email');
    expect(codeDelivery).toEqual({
      medium: 'EMAIL',
      destination: 'n***@e***',
      attributeName: 'email',
    });
    const second = await pool.lastCode('alice', 'EMAIL');
    expect(await pool.sentCodes('alice')).toHaveLength(2);
    if (first !== second) {
      const stale = await rejection(verifyUserAttribute(session, 'email', first));
      expect(stale.providerCode).toBe('CodeMismatchException');
    }
    await verifyUserAttribute(session, 'email', second);
    expect((await getUserAttributes(session)).attributes.email_verified).toBe('true');
  });

  it('refuses an unknown custom attribute and sub as Cognito does, changing nothing', async () => {
    const { pool, session } = await signedIn();
    const unknown = await rejection(updateUserAttributes(session, { 'custom:plan': 'gold' }));
    expect(unknown).toMatchObject({
      code: 'provider',
      providerCode: 'InvalidParameterException',
      providerMessage: 'user.custom:plan: Attribute does not exist in the schema.\n',
    });
    expect(unknown.message).toBe(
      "An attribute is not in the user pool's schema (custom ones take the custom: prefix). (InvalidParameterException)",
    );
    const immutable = await rejection(updateUserAttributes(session, { sub: 'x', name: 'Al' }));
    expect(immutable).toMatchObject({
      code: 'provider',
      providerMessage: 'user.sub: Attribute cannot be updated.\n',
    });
    expect(refreshesOf(pool)).toBe(0);
    expect((await getUserAttributes(session)).attributes.name).toBeUndefined();
    await expect(updateUserAttributes(session, {})).rejects.toThrow(TypeError);
    expect(session.getState().status).toBe('signedIn');
  });

  it('rejects with signed_out when nobody is signed in, without a request', async () => {
    const pool = await startPool();
    const { session } = startSession();
    await session.ready;
    for (const call of [
      getUserAttributes(session),
      updateUserAttributes(session, { name: 'Al' }),
      globalSignOut(session),
      deleteUser(session),
    ]) {
      expect((await rejection(call)).code).toBe('signed_out');
    }
    expect(pool.requests).toHaveLength(0);
  });
});

describe('deleteUser and globalSignOut', () => {
  useMsw();
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('deleteUser deletes the user and signs out without revoking; sign-in then fails', async () => {
    const { pool, session, recorder, tokens } = await signedIn();
    await deleteUser(session);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(requestsOf(pool, 'DeleteUser')).toHaveLength(1);
    expect(requestsOf(pool, 'RevokeToken')).toHaveLength(0);
    expect(recorder.of('error')).toEqual([]);
    expect(await pool.hasUser('alice')).toBe(false);
    expect((await refreshAtKit(tokens.refreshToken!)).status).toBe(400);
    const error = await rejection(signInWithPassword(session, USER.username, USER.password));
    expect(error.providerCode).toBe('UserNotFoundException');
  });

  it('globalSignOut: one GlobalSignOut, no RevokeToken; the old refresh token is refused', async () => {
    const { pool, session, recorder, tokens } = await signedIn();
    await globalSignOut(session);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
    expect(requestsOf(pool, 'GlobalSignOut')).toHaveLength(1);
    expect(requestsOf(pool, 'GlobalSignOut')[0]?.body).toEqual({ AccessToken: tokens.accessToken });
    expect(requestsOf(pool, 'RevokeToken')).toHaveLength(0);
    expect(recorder.of('error')).toEqual([]);
    expect(await refreshAtKit(tokens.refreshToken!)).toEqual({
      status: 400,
      json: { __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' },
    });
  });

  it("another device's session ends 'revoked' at its next call; the error says why", async () => {
    const { pool, session } = await signedIn();
    const other = startSession();
    await other.session.setTokens(await issue(pool));
    await globalSignOut(session);
    const error = await rejection(getUserAttributes(other.session));
    expect(error).toMatchObject({
      code: 'invalid_grant',
      providerCode: 'NotAuthorizedException',
      signOutReason: 'revoked',
    });
    expect(other.session.getState()).toEqual({ status: 'signedOut', reason: 'revoked' });
  });

  it('a refused GlobalSignOut (network) ends nothing and is thrown', async () => {
    const { pool, session } = await signedIn();
    pool.failNext('network', 1, { operations: ['GlobalSignOut'] });
    const error = await rejection(globalSignOut(session));
    expect(error.code).toBe('network');
    expect(session.getState().status).toBe('signedIn');
    await globalSignOut(session);
    expect(session.getState().status).toBe('signedOut');
  });

  for (const [name, flow] of [
    ['globalSignOut', globalSignOut],
    ['deleteUser', deleteUser],
  ] as const) {
    it(`${name}: the other tab sharing the storage ends too ('otherTab')`, async () => {
      stubBroadcastChannel();
      const pool = await startPool();
      const storage = memoryStorage();
      const options = { storage, crossTab: crossTab(), storageKey: 'profile-tabs' };
      const a = startSession(options);
      const b = startSession(options);
      await a.session.ready;
      await b.session.ready;
      await a.session.setTokens(await issue(pool));
      await advance(0);
      expect(b.session.getState().status).toBe('signedIn');
      await flow(a.session);
      await advance(0);
      expect(a.session.getState()).toEqual({ status: 'signedOut', reason: 'user' });
      expect(b.session.getState()).toEqual({ status: 'signedOut', reason: 'otherTab' });
      expect(requestsOf(pool, 'RevokeToken')).toHaveLength(0);
      expect([...a.recorder.of('error'), ...b.recorder.of('error')]).toEqual([]);
    });
  }
});
