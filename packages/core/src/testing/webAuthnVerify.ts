/**
 * The kit's WebAuthn verification (WebAuthn Level 3, §7.1 registration and §7.2 authentication),
 * pure: no pool state, no clock. {@link verifyRegistration} checks a `RegistrationResponseJSON`
 * (client data type, challenge and origin; the CBOR attestation object, `fmt` `none` or `packed`
 * self-attestation; `rpIdHash`, UP and UV flags; the COSE public key) and returns what to store.
 * {@link verifyAssertion} checks an `AuthenticationResponseJSON` against the stored passkeys
 * (the same client data and flags, then the signature over `authenticatorData ‖
 * SHA-256(clientDataJSON)` and the signature counter). A refusal is a
 * {@link WebAuthnVerificationError} naming the property that failed.
 */
import { bytesToBase64url } from './base64url.js';
import { type CborError, type CborValue, decodeCborItem } from './webAuthnCbor.js';
import {
  coseToJwk,
  importPasskeyKey,
  type PasskeyAlgorithm,
  UnsupportedKeyError,
  verifyPasskeySignature,
} from './webAuthnCose.js';
import {
  bytesField,
  cborOf,
  checkAuthenticatorData,
  checkClientData,
  checkExtensions,
  FLAG_AT,
  FLAG_UV,
  readResponse,
  refuse,
  sha256,
  type WebAuthnExpectation,
} from './webAuthnResponse.js';
import type { WebAuthnCredentialRecord } from './webAuthnState.js';

export {
  type WebAuthnExpectation,
  type WebAuthnRefusal,
  WebAuthnVerificationError,
} from './webAuthnResponse.js';

/** What {@link verifyRegistration} found: the passkey to store. */
export interface VerifiedRegistration {
  credentialId: string;
  publicKey: JsonWebKey;
  algorithm: PasskeyAlgorithm;
  signCount: number;
  transports: string[];
  authenticatorAttachment: string | null;
  userVerified: boolean;
}

/** Verifies a `RegistrationResponseJSON` (object or JSON text) against the issued options. */
export async function verifyRegistration(
  credential: unknown,
  expected: WebAuthnExpectation,
): Promise<VerifiedRegistration> {
  const { body, id, response } = readResponse(credential);
  const clientData = checkClientData(response, 'webauthn.create', expected);
  const attestation = cborOf(bytesField(response, 'attestationObject'), 'attestationObject');
  if (!(attestation instanceof Map)) return refuse('malformed', 'attestationObject is not a map');
  const authData = attestation.get('authData');
  const fmt = attestation.get('fmt');
  const statement = attestation.get('attStmt');
  if (!(authData instanceof Uint8Array) || !(statement instanceof Map)) {
    return refuse('malformed', 'attestationObject lacks authData or attStmt');
  }
  const { flags, signCount } = await checkAuthenticatorData(authData, expected);
  if (!(flags & FLAG_AT) || authData.length < 55) {
    refuse('malformed', 'authenticatorData has no attested credential data');
  }
  const idLength = (authData[53]! << 8) | authData[54]!;
  const credentialIdBytes = authData.subarray(55, 55 + idLength);
  if (credentialIdBytes.length !== idLength || bytesToBase64url(credentialIdBytes) !== id) {
    refuse('malformed', 'The attested credential id is not the credential id');
  }
  // WebAuthn Level 3 §7.1: a credential id over 1023 bytes fails the registration.
  if (idLength > 1023) refuse('malformed', 'The credential id is longer than 1023 bytes');
  let coseKey: { value: CborValue; end: number };
  try {
    coseKey = decodeCborItem(authData, 55 + idLength);
  } catch (error) {
    return refuse('malformed', `credentialPublicKey: ${(error as CborError).message}`);
  }
  checkExtensions(authData, coseKey.end, flags);
  let key: { algorithm: PasskeyAlgorithm; jwk: JsonWebKey };
  let cryptoKey: CryptoKey;
  try {
    key = coseToJwk(coseKey.value);
    cryptoKey = await importPasskeyKey(key.jwk, key.algorithm);
  } catch (error) {
    if (!(error instanceof UnsupportedKeyError)) throw error;
    return refuse('unsupported', error.message);
  }
  if (fmt === 'packed') {
    // Self attestation only (§8.2 without x5c): signed by the credential key itself.
    const sig = statement.get('sig');
    if (
      statement.has('x5c') ||
      statement.get('alg') !== key.algorithm ||
      !(sig instanceof Uint8Array)
    ) {
      refuse('unsupported', 'Only self attestation is supported in the packed format');
    }
    const signed = new Uint8Array([...authData, ...(await sha256(clientData))]);
    if (!(await verifyPasskeySignature(cryptoKey, key.algorithm, sig as Uint8Array, signed))) {
      refuse('signature', 'The packed self-attestation signature does not verify');
    }
  } else if (fmt !== 'none' || statement.size !== 0) {
    refuse('unsupported', `Attestation format ${String(fmt)} is not supported`);
  }
  const transports = Array.isArray(response.transports)
    ? response.transports.filter((item): item is string => typeof item === 'string')
    : [];
  const attachment = body.authenticatorAttachment;
  return {
    credentialId: id,
    publicKey: key.jwk,
    algorithm: key.algorithm,
    signCount,
    transports,
    authenticatorAttachment: typeof attachment === 'string' ? attachment : null,
    userVerified: (flags & FLAG_UV) !== 0,
  };
}

/**
 * Whether an assertion's signature counter may follow the stored one (WebAuthn Level 3 §7.2 step
 * 21): it must grow, unless both are 0 (an authenticator that does not count).
 */
export function counterMayFollow(stored: number, next: number): boolean {
  return (next === 0 && stored === 0) || next > stored;
}

/**
 * Verifies an `AuthenticationResponseJSON` (object or JSON text) against the passkeys in
 * `credentialStore` (by credential id; only `username`'s when given) and the options issued. A
 * `userHandle` in the response must be `expected.userHandle` when given (the `user.id` of the
 * registration, WebAuthn Level 3 §7.2 step 6). Resolves the matching record and the new signature counter to store; the counter must grow
 * unless both it and the stored one are 0 (a cloned authenticator is refused).
 */
export async function verifyAssertion(
  credentialStore: Readonly<Record<string, WebAuthnCredentialRecord>>,
  expected: WebAuthnExpectation & { username?: string; userHandle?: string },
  credential: unknown,
): Promise<{ record: WebAuthnCredentialRecord; signCount: number }> {
  const { id, response } = readResponse(credential);
  const record = Object.hasOwn(credentialStore, id) ? credentialStore[id] : undefined;
  if (!record || (expected.username !== undefined && record.username !== expected.username)) {
    return refuse('unknownCredential', 'The passkey is not registered for this user');
  }
  const handle = response.userHandle;
  if (expected.userHandle !== undefined && handle != null && handle !== expected.userHandle) {
    refuse('unknownCredential', "The passkey's user handle names another user");
  }
  const clientData = checkClientData(response, 'webauthn.get', expected);
  const authData = bytesField(response, 'authenticatorData');
  const { flags, signCount } = await checkAuthenticatorData(authData, expected);
  checkExtensions(authData, 37, flags);
  const signature = bytesField(response, 'signature');
  const key = await importPasskeyKey(record.publicKey, record.algorithm);
  const signed = new Uint8Array([...authData, ...(await sha256(clientData))]);
  if (!(await verifyPasskeySignature(key, record.algorithm, signature, signed))) {
    refuse('signature', 'The signature does not verify with the stored public key');
  }
  if (!counterMayFollow(record.signCount, signCount)) {
    refuse('counter', 'The signature counter did not increase: the authenticator may be cloned');
  }
  return { record, signCount };
}
