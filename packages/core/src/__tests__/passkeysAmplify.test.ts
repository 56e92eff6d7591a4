// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, registers a passkey (`associateWebAuthnCredential`), lists
 * it, signs in with it (`USER_AUTH`, `WEB_AUTHN`) and deletes it against the testing kit's pool,
 * which verifies every credential for real. The software authenticator (softAuthenticator.ts)
 * stands in for `navigator.credentials`, its answers shaped as the browser's classes, which
 * Amplify checks with `instanceof`.
 */
import {
  associateWebAuthnCredential,
  deleteWebAuthnCredential,
  getCurrentUser,
  listWebAuthnCredentials,
  signIn,
  signOut,
  updateMFAPreference,
} from 'aws-amplify/auth';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { base64urlToBytes, bytesToBase64url } from '../testing/base64url.js';
import { decodeCbor } from '../testing/webAuthnCbor.js';
import { useAmplify } from './amplifyHarness.js';
import { requestsOf, startPool, USER } from './harness.js';
import { softCredentials } from './softAuthenticator.js';

useAmplify();

const ORIGIN = 'https://app.example';
const FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'] as const;

// The browser's classes, as far as Amplify looks at them.
class PublicKeyCredential {}
class AuthenticatorAttestationResponse {}
class AuthenticatorAssertionResponse {}

type BrowserShaped = { response: Record<string, unknown> } & Record<string, unknown>;

const buffer = (bytes: Uint8Array) => bytes.slice().buffer;

/** `credential` (softAuthenticator.ts's plain object) as an instance of the browser's classes. */
function asInstance(credential: BrowserShaped, response: object): PublicKeyCredential {
  Object.assign(response, credential.response);
  return Object.assign(Object.create(PublicKeyCredential.prototype), credential, { response });
}

let authenticator: ReturnType<typeof softCredentials>;

function installWebAuthn() {
  authenticator = softCredentials(ORIGIN);
  const credentials = {
    async create(options: { publicKey: PublicKeyCredentialCreationOptions }) {
      const created = (await authenticator.create(options)) as unknown as BrowserShaped;
      const attestation = decodeCbor(
        new Uint8Array(created.response.attestationObject as ArrayBuffer),
      ) as Map<string, Uint8Array>;
      const held = authenticator.held.at(-1)!;
      const spki = new Uint8Array(await crypto.subtle.exportKey('spki', held.keys.publicKey));
      // What Chromium's AuthenticatorAttestationResponse adds, and Amplify sends along.
      const response = Object.assign(Object.create(AuthenticatorAttestationResponse.prototype), {
        getAuthenticatorData: () => buffer(attestation.get('authData')!),
        getPublicKey: () => buffer(spki),
        getPublicKeyAlgorithm: () => held.alg,
      });
      return asInstance(created, response);
    },
    async get(options: { publicKey: PublicKeyCredentialRequestOptions }) {
      const asserted = (await authenticator.get(options)) as unknown as BrowserShaped;
      return asInstance(asserted, Object.create(AuthenticatorAssertionResponse.prototype));
    },
  };
  vi.stubGlobal('navigator', { ...navigator, credentials });
  vi.stubGlobal('PublicKeyCredential', PublicKeyCredential);
  vi.stubGlobal('AuthenticatorAttestationResponse', AuthenticatorAttestationResponse);
  vi.stubGlobal('AuthenticatorAssertionResponse', AuthenticatorAssertionResponse);
  vi.stubGlobal('isSecureContext', true);
}

/** Amplify's passkey sign-in: `USER_AUTH` preferring `WEB_AUTHN`. */
const passkeySignIn = () =>
  signIn({
    username: USER.username,
    options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' },
  });

/** A pool with passkeys on for choice-based sign-in, Amplify signed in with the password. */
async function signedInWithPasskeysOn() {
  const pool = await startPool({
    webAuthn: { relyingPartyId: 'app.example' },
    explicitAuthFlows: [...FLOWS],
    userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
  });
  await signIn({ username: USER.username, password: USER.password });
  return pool;
}

describe('aws-amplify v6 passkeys against the kit', () => {
  beforeEach(installWebAuthn);
  afterEach(() => vi.unstubAllGlobals());

  it('associates a passkey, lists it, signs in with it (WEB_AUTHN) and deletes it', async () => {
    const pool = await signedInWithPasskeysOn();
    await associateWebAuthnCredential();
    const [stored] = await pool.passkeys(USER.username);
    expect(stored).toMatchObject({ algorithm: -7, relyingPartyId: 'app.example', signCount: 0 });
    // Amplify sends what Chromium adds to the response too; the kit reads the attestation.
    const [complete] = requestsOf(pool, 'CompleteWebAuthnRegistration');
    const sent = (complete!.body as { Credential: { response: Record<string, unknown> } })
      .Credential.response;
    expect(sent).toMatchObject({ publicKeyAlgorithm: -7, transports: ['internal'] });
    const attestation = decodeCbor(base64urlToBytes(sent.attestationObject as string)) as Map<
      string,
      Uint8Array
    >;
    expect(sent.authenticatorData).toBe(bytesToBase64url(attestation.get('authData')!));

    const { credentials } = await listWebAuthnCredentials();
    expect(credentials).toEqual([
      expect.objectContaining({
        credentialId: stored!.credentialId,
        relyingPartyId: 'app.example',
        authenticatorAttachment: 'platform',
        authenticatorTransports: ['internal'],
        createdAt: expect.any(Date),
      }),
    ]);

    await signOut();
    const signedIn = await passkeySignIn();
    expect(signedIn).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const { username, userId } = await getCurrentUser();
    expect(username).toBe(USER.username);
    // Amplify sent the handle the authenticator gave (registration's user.id: the user's sub,
    // which Amplify calls userId),
    // which the kit checked, and the counter the kit stored.
    type Answer = { ChallengeName: string; ChallengeResponses: { CREDENTIAL: string } };
    const answers = requestsOf(pool, 'RespondToAuthChallenge').map(({ body }) => body as Answer);
    const passkeyAnswer = answers.find(({ ChallengeName }) => ChallengeName === 'WEB_AUTHN');
    const credential = JSON.parse(passkeyAnswer!.ChallengeResponses.CREDENTIAL);
    expect(credential.response.userHandle).toBe(bytesToBase64url(new TextEncoder().encode(userId)));
    expect((await pool.passkeys(USER.username))[0]?.signCount).toBe(1);

    await deleteWebAuthnCredential({ credentialId: stored!.credentialId });
    expect(await pool.passkeys(USER.username)).toEqual([]);
    expect((await listWebAuthnCredentials()).credentials).toEqual([]);
  });

  it('is refused a passkey sign-in once the user has MFA, in the words real pools use', async () => {
    await startPool({
      webAuthn: { relyingPartyId: 'app.example' },
      explicitAuthFlows: [...FLOWS],
      userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
      mfa: 'optional',
      mfaFactors: ['EMAIL_OTP'],
    });
    await signIn({ username: USER.username, password: USER.password });
    await associateWebAuthnCredential();
    await updateMFAPreference({ email: 'ENABLED' });
    await signOut();
    await expect(passkeySignIn()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Password Challenge is Required to SignIn',
    });
  });

  it("is refused by the kit when the authenticator's user handle names another user", async () => {
    const pool = await signedInWithPasskeysOn();
    await associateWebAuthnCredential();
    await signOut();
    authenticator.held[0]!.userHandle = bytesToBase64url(new TextEncoder().encode('bob'));
    await expect(passkeySignIn()).rejects.toMatchObject({
      name: 'NotAuthorizedException',
      message: "Invalid passkey credential: The passkey's user handle names another user",
    });
    expect((await pool.passkeys(USER.username))[0]?.signCount).toBe(0);
  });
});
