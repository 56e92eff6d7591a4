/**
 * Passkeys against the testing kit's pool, with a software authenticator standing in for
 * `navigator.credentials` (softAuthenticator.ts): registration verified for real by the kit,
 * listing with pagination, deletion, sign-in through choice-based sign-in's `WEB_AUTHN`
 * challenge, and each failure as its SessionError.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  answerWebAuthnChallenge,
  deletePasskey,
  issue,
  listPasskeys,
  registerPasskey,
  rejection,
  requestsOf,
  signInWithPasskey,
  startPool,
  startSession,
  USER,
  useMsw,
} from './harness.js';
import { softCredentials } from './softAuthenticator.js';

const ORIGIN = 'https://app.example';
const WEB_AUTHN = { relyingPartyId: 'app.example' };
const USER_AUTH_FLOWS = [
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
] as const;

let authenticator: ReturnType<typeof softCredentials>;

function installWebAuthn() {
  authenticator = softCredentials(ORIGIN);
  vi.stubGlobal('navigator', { credentials: authenticator });
  vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
}

async function signedInSession({ passkeysOn = true } = {}) {
  const pool = await startPool({
    ...(passkeysOn ? { webAuthn: WEB_AUTHN } : {}),
    explicitAuthFlows: USER_AUTH_FLOWS,
    userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
  });
  const { session } = startSession();
  await session.setTokens(await issue(pool));
  return { pool, session };
}

describe('passkeys', () => {
  useMsw();
  beforeEach(installWebAuthn);
  afterEach(() => vi.unstubAllGlobals());

  it('registers a passkey the pool verifies, lists it and deletes it', async () => {
    const { pool, session } = await signedInSession();

    await registerPasskey(session);

    const [stored] = await pool.passkeys(USER.username);
    expect(stored).toMatchObject({ algorithm: -7, relyingPartyId: 'app.example', signCount: 0 });
    const [start] = requestsOf(pool, 'StartWebAuthnRegistration');
    expect(Object.keys(start?.body as object)).toEqual(['AccessToken']);
    const [complete] = requestsOf(pool, 'CompleteWebAuthnRegistration');
    expect((complete!.body as { Credential: unknown }).Credential).toEqual({
      id: stored?.credentialId,
      rawId: stored?.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: expect.any(String),
        attestationObject: expect.any(String),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    });
    const created = authenticator.state.calls[0] as {
      publicKey: PublicKeyCredentialCreationOptions;
    };
    expect(created.publicKey.rp.id).toBe('app.example');
    expect(created.publicKey.pubKeyCredParams.map((param) => param.alg)).toEqual([-7, -257]);

    const { passkeys, nextToken } = await listPasskeys(session);
    expect(nextToken).toBeUndefined();
    expect(passkeys).toEqual([
      {
        credentialId: stored?.credentialId,
        friendlyCredentialName: 'Passkey',
        relyingPartyId: 'app.example',
        authenticatorAttachment: 'platform',
        authenticatorTransports: ['internal'],
        createdAt: expect.any(Date),
      },
    ]);

    await deletePasskey(session, stored!.credentialId);
    expect(await pool.passkeys(USER.username)).toEqual([]);
    expect(await rejection(deletePasskey(session, stored!.credentialId))).toMatchObject({
      code: 'challenge',
      providerCode: 'ResourceNotFoundException',
    });
  });

  it('excludes registered passkeys, and pages the list with nextToken', async () => {
    const { session } = await signedInSession();
    await registerPasskey(session);
    await registerPasskey(session);
    const second = authenticator.state.calls[1] as {
      publicKey: PublicKeyCredentialCreationOptions;
    };
    expect(second.publicKey.excludeCredentials).toHaveLength(1);

    const first = await listPasskeys(session, { maxResults: 1 });
    expect(first.passkeys).toHaveLength(1);
    const next = await listPasskeys(session, { maxResults: 1, nextToken: first.nextToken! });
    expect(next).toEqual({
      passkeys: [expect.objectContaining({ relyingPartyId: 'app.example' })],
    });
    expect(next.passkeys[0]?.credentialId).not.toBe(first.passkeys[0]?.credentialId);
  });

  it('signs in with the passkey through USER_AUTH, and the counter moves on', async () => {
    const { pool, session } = await signedInSession();
    await registerPasskey(session);
    await session.signOut();

    const result = await signInWithPasskey(session, USER.username);

    expect(result).toMatchObject({ status: 'signedIn', user: { 'cognito:username': 'alice' } });
    const [initiate] = requestsOf(pool, 'InitiateAuth');
    expect(initiate?.body).toMatchObject({
      AuthFlow: 'USER_AUTH',
      AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'WEB_AUTHN' },
    });
    const [answer] = requestsOf(pool, 'RespondToAuthChallenge');
    const responses = (answer!.body as { ChallengeResponses: Record<string, string> })
      .ChallengeResponses;
    expect(JSON.parse(responses.CREDENTIAL ?? '')).toMatchObject({
      type: 'public-key',
      response: { authenticatorData: expect.any(String), signature: expect.any(String) },
    });
    expect((await pool.passkeys(USER.username))[0]?.signCount).toBe(1);

    await session.signOut();
    await expect(signInWithPasskey(session, USER.username)).resolves.toMatchObject({
      status: 'signedIn',
    });
    expect((await pool.passkeys(USER.username))[0]?.signCount).toBe(2);
  });

  it('signs in with a passkey that counts as MFA in a pool that requires MFA: no MFA step, and the user must be verified', async () => {
    const pool = await startPool({
      webAuthn: { ...WEB_AUTHN, factorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
      explicitAuthFlows: USER_AUTH_FLOWS,
      userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
      mfa: 'required',
      mfaFactors: ['SOFTWARE_TOKEN_MFA'],
    });
    const { session } = startSession();
    await session.setTokens(await issue(pool));
    await registerPasskey(session);
    await session.signOut();

    // alice has no authenticator app: a password sign-in would ask her to set one up.
    await expect(signInWithPasskey(session, USER.username)).resolves.toMatchObject({
      status: 'signedIn',
    });
    const asked = authenticator.state.calls.at(-1) as CredentialRequestOptions;
    expect(asked.publicKey?.userVerification).toBe('required');

    // A passkey that did not verify the user (UP only) is refused.
    await session.signOut();
    authenticator.state.assertionFlags = 0x01;
    const error = await rejection(signInWithPasskey(session, USER.username));
    expect(error).toMatchObject({ code: 'invalid_grant', providerCode: 'NotAuthorizedException' });
    expect(error.message).toBe(
      'Sign-in failed (NotAuthorizedException): The passkey was not accepted; try again, or sign in another way.',
    );
    expect(session.getState().status).toBe('signedOut');
    authenticator.state.assertionFlags = undefined;
    await expect(signInWithPasskey(session, USER.username)).resolves.toMatchObject({
      status: 'signedIn',
    });
  });

  it('is cancelled when the user dismisses the prompt, at registration and at sign-in', async () => {
    const { pool, session } = await signedInSession();
    authenticator.state.fail = 'NotAllowedError';
    expect(await rejection(registerPasskey(session))).toMatchObject({ code: 'cancelled' });
    expect(requestsOf(pool, 'CompleteWebAuthnRegistration')).toEqual([]);

    await registerPasskey(session);
    await session.signOut();
    authenticator.state.fail = 'NotAllowedError';
    const error = await rejection(signInWithPasskey(session, USER.username));
    expect(error.code).toBe('cancelled');
    expect((error.cause as DOMException).name).toBe('NotAllowedError');
    expect(session.getState().status).toBe('signedOut');
  });

  it('says the authenticator already holds a passkey (InvalidStateError)', async () => {
    const { session } = await signedInSession();
    authenticator.state.fail = 'InvalidStateError';
    const error = await rejection(registerPasskey(session));
    expect(error.code).toBe('challenge');
    expect(error.message).toContain('already holds a passkey');
  });

  it('says the browser has no passkeys before any request', async () => {
    const { pool, session } = await signedInSession();
    vi.stubGlobal('navigator', {});
    pool.clearRequests();
    const error = await rejection(registerPasskey(session));
    expect(error).toMatchObject({ code: 'provider' });
    expect(error.message).toContain('does not support passkeys');
    expect(await rejection(signInWithPasskey(session, USER.username))).toMatchObject({
      code: 'provider',
    });
    expect(await rejection(answerWebAuthnChallenge('{"challenge":"AA"}'))).toMatchObject({
      code: 'provider',
    });
    expect(pool.requests).toEqual([]);
  });

  it("maps the pool's refusals: passkeys off, nobody signed in, no passkey to sign in with", async () => {
    const { session } = await signedInSession({ passkeysOn: false });
    expect(await rejection(registerPasskey(session))).toMatchObject({
      code: 'provider',
      providerCode: 'WebAuthnNotEnabledException',
    });
    await session.signOut();
    expect(await rejection(listPasskeys(session))).toMatchObject({ code: 'signed_out' });
    expect(await rejection(signInWithPasskey(session, USER.username))).toMatchObject({
      code: 'challenge',
    });
  });

  it('refuses a passkey answer the pool cannot verify', async () => {
    const { session } = await signedInSession();
    await registerPasskey(session);
    await session.signOut();
    // The authenticator's signing key is swapped: the signature no longer verifies.
    const [held] = authenticator.held;
    held!.keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const error = await rejection(signInWithPasskey(session, USER.username));
    expect(error).toMatchObject({ code: 'invalid_grant', providerCode: 'NotAuthorizedException' });
    expect(error.message).toContain('The passkey was not accepted');
    expect(error.message).not.toMatch(/password/);
    expect(session.getState().status).toBe('signedOut');
  });
});
