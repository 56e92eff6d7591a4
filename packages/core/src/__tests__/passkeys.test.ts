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
  setMfaPreference,
  signInWithChoice,
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

  it('in a pool that requires MFA, a passkey signs in only as passkey MFA, which needs another factor on and user verification', async () => {
    const pool = await startPool({
      webAuthn: { ...WEB_AUTHN, factorConfiguration: 'MULTI_FACTOR_WITH_USER_VERIFICATION' },
      explicitAuthFlows: USER_AUTH_FLOWS,
      userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
      mfa: 'required',
      mfaFactors: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
    });
    const { session } = startSession();
    // No passkey yet: Cognito offers the password ways only, and the flow says so.
    await expect(signInWithPasskey(session, USER.username)).rejects.toMatchObject({
      code: 'challenge',
      message: expect.stringContaining('Cognito does not offer a passkey sign-in for this account'),
    });
    await session.setTokens(await issue(pool));
    await registerPasskey(session);

    // Passkey MFA needs another factor on first.
    await expect(setMfaPreference(session, { passkey: 'enabled' })).rejects.toMatchObject({
      code: 'provider',
      providerCode: 'InvalidParameterException',
      message: expect.stringContaining('Cognito cannot turn on passkey MFA for this user'),
    });
    // Without passkey MFA, the passkey cannot stand for the MFA alice owes: refused outright.
    await session.signOut();
    const refused = await rejection(signInWithPasskey(session, USER.username));
    expect(refused).toMatchObject({ code: 'challenge', providerCode: 'NotAuthorizedException' });
    expect(refused.message).toBe(
      'Sign-in failed (NotAuthorizedException): this account has MFA that its passkey does not stand for; sign in with the password.',
    );
    expect(refused.providerMessage).toBe('Password Challenge is Required to SignIn');
    // Nor does Cognito offer it when the user chooses.
    await expect(signInWithChoice(session, USER.username)).resolves.toMatchObject({
      name: 'SELECT_CHALLENGE',
      availableChallenges: ['PASSWORD', 'PASSWORD_SRP'],
    });

    await session.setTokens(await issue(pool));
    await setMfaPreference(session, { email: 'enabled', passkey: 'enabled' });
    const [, turnedOn] = requestsOf(pool, 'SetUserMFAPreference');
    expect(turnedOn?.body).toMatchObject({
      EmailMfaSettings: { Enabled: true, PreferredMfa: false },
      WebAuthnMfaSettings: { Enabled: true },
    });
    await session.signOut();
    // alice has email MFA on: a password sign-in would ask for a code; the passkey needs none.
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

    // Turned off again: refused as before.
    await setMfaPreference(session, { passkey: 'disabled' });
    await session.signOut();
    await expect(signInWithPasskey(session, USER.username)).rejects.toMatchObject({
      code: 'challenge',
      providerMessage: 'Password Challenge is Required to SignIn',
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
