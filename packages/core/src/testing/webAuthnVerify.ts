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
import { base64urlToBytes, bytesToBase64url } from './base64url.js';
import { type CborError, type CborValue, decodeCbor, decodeCborItem } from './webAuthnCbor.js';
import {
  coseToJwk,
  importPasskeyKey,
  type PasskeyAlgorithm,
  UnsupportedKeyError,
  verifyPasskeySignature,
} from './webAuthnCose.js';
import { isAllowedOrigin, type WebAuthnCredentialRecord } from './webAuthnState.js';

/** Which property of a WebAuthn response failed. */
export type WebAuthnRefusal =
  | 'malformed'
  | 'type'
  | 'challenge'
  | 'origin'
  | 'rpIdHash'
  | 'userPresence'
  | 'userVerification'
  | 'unsupported'
  | 'unknownCredential'
  | 'signature'
  | 'counter';

/** A refused WebAuthn response: `reason` names the failed check. */
export class WebAuthnVerificationError extends Error {
  override readonly name = 'WebAuthnVerificationError';
  constructor(
    readonly reason: WebAuthnRefusal,
    message: string,
  ) {
    super(message);
  }
}

/** What a response must match: the challenge issued (base64url), the relying party, the origins. */
export interface WebAuthnExpectation {
  challenge: string;
  relyingPartyId: string;
  /** `null`: the default rule of webAuthnState.ts `isAllowedOrigin`. */
  allowedOrigins: readonly string[] | null;
  requireUserVerification: boolean;
}

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;
const FLAG_ED = 0x80;

const refuse = (reason: WebAuthnRefusal, message: string): never => {
  throw new WebAuthnVerificationError(reason, message);
};

function bytesField(record: Record<string, unknown>, name: string): Uint8Array<ArrayBuffer> {
  const value = record[name];
  if (typeof value !== 'string') return refuse('malformed', `${name} is missing`);
  try {
    return base64urlToBytes(value);
  } catch {
    return refuse('malformed', `${name} is not base64url`);
  }
}

function readResponse(credential: unknown) {
  let parsed = credential;
  if (typeof credential === 'string') {
    try {
      parsed = JSON.parse(credential);
    } catch {
      refuse('malformed', 'The credential is not JSON');
    }
  }
  const body = (parsed ?? {}) as Record<string, unknown>;
  const response = body.response;
  if (typeof body.id !== 'string' || body.type !== 'public-key' || typeof response !== 'object') {
    return refuse('malformed', 'The credential is not a public-key credential');
  }
  if (typeof body.rawId === 'string' && body.rawId !== body.id) {
    refuse('malformed', 'id and rawId differ');
  }
  return { body, id: body.id, response: (response ?? {}) as Record<string, unknown> };
}

/** Checks `clientDataJSON` (§7.1 steps 7–11, §7.2 steps 11–14); returns its bytes. */
function checkClientData(
  response: Record<string, unknown>,
  type: 'webauthn.create' | 'webauthn.get',
  expected: WebAuthnExpectation,
): Uint8Array<ArrayBuffer> {
  const bytes = bytesField(response, 'clientDataJSON');
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return refuse('malformed', 'clientDataJSON is not JSON');
  }
  if (data.type !== type) refuse('type', `clientDataJSON type is not ${type}`);
  if (data.challenge !== expected.challenge) refuse('challenge', 'The challenge does not match');
  if (!isAllowedOrigin(data.origin, expected.relyingPartyId, expected.allowedOrigins)) {
    refuse('origin', `The origin ${String(data.origin)} is not allowed`);
  }
  if (data.crossOrigin === true) refuse('origin', 'Cross-origin ceremonies are not allowed');
  return bytes;
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

/** Parses authenticator data and checks `rpIdHash`, UP and (when required) UV. */
async function checkAuthenticatorData(bytes: Uint8Array, expected: WebAuthnExpectation) {
  if (bytes.length < 37) refuse('malformed', 'authenticatorData is too short');
  const rpIdHash = await sha256(new TextEncoder().encode(expected.relyingPartyId));
  if (bytesToBase64url(bytes.subarray(0, 32)) !== bytesToBase64url(rpIdHash)) {
    refuse('rpIdHash', 'rpIdHash is not SHA-256 of the relying party id');
  }
  const flags = bytes[32]!;
  if (!(flags & FLAG_UP)) refuse('userPresence', 'The user was not present (UP flag)');
  if (expected.requireUserVerification && !(flags & FLAG_UV)) {
    refuse('userVerification', 'The user was not verified (UV flag)');
  }
  const signCount = new DataView(bytes.buffer, bytes.byteOffset + 33, 4).getUint32(0);
  return { flags, signCount };
}

/**
 * What follows authenticator data's last part (`at`): nothing, or with the ED flag one CBOR map of
 * extension outputs (WebAuthn §6.1), as WebAuthn libraries read it (leftover bytes refused).
 */
function checkExtensions(bytes: Uint8Array, at: number, flags: number): void {
  if (!(flags & FLAG_ED)) {
    if (at !== bytes.length) refuse('malformed', 'authenticatorData has bytes after its last part');
    return;
  }
  let extensions: { value: CborValue; end: number } | undefined;
  try {
    extensions = decodeCborItem(bytes, at);
  } catch {
    // Refused below, as any other value but a map.
  }
  if (!(extensions?.value instanceof Map) || extensions.end !== bytes.length) {
    refuse('malformed', 'authenticatorData extensions are not one CBOR map');
  }
}

function cborOf(bytes: Uint8Array, what: string): CborValue {
  try {
    return decodeCbor(bytes);
  } catch (error) {
    return refuse('malformed', `${what}: ${(error as Error).message}`);
  }
}

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
 * `credentialStore` (by credential id; only `username`'s when given) and the options issued.
 * Resolves the matching record and the new signature counter to store; the counter must grow
 * unless both it and the stored one are 0 (a cloned authenticator is refused).
 */
export async function verifyAssertion(
  credentialStore: Readonly<Record<string, WebAuthnCredentialRecord>>,
  expected: WebAuthnExpectation & { username?: string },
  credential: unknown,
): Promise<{ record: WebAuthnCredentialRecord; signCount: number }> {
  const { id, response } = readResponse(credential);
  const record = Object.hasOwn(credentialStore, id) ? credentialStore[id] : undefined;
  if (!record || (expected.username !== undefined && record.username !== expected.username)) {
    return refuse('unknownCredential', 'The passkey is not registered for this user');
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
