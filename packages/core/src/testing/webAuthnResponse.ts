/**
 * The parts every WebAuthn response has, read for the kit's verification (webAuthnVerify.ts):
 * the JSON envelope, `clientDataJSON` (type, challenge, origin) and the authenticator data
 * (`rpIdHash`, the UP, UV, BE and BS flags, the counter, and extension outputs after the last part). A
 * refusal is a {@link WebAuthnVerificationError} naming the property that failed.
 */
import { base64urlToBytes, bytesToBase64url } from './base64url.js';
import { type CborValue, decodeCbor, decodeCborItem } from './webAuthnCbor.js';
import { isAllowedOrigin } from './webAuthnState.js';

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
export const FLAG_UV = 0x04;
const FLAG_BE = 0x08;
const FLAG_BS = 0x10;
export const FLAG_AT = 0x40;
const FLAG_ED = 0x80;

export const refuse = (reason: WebAuthnRefusal, message: string): never => {
  throw new WebAuthnVerificationError(reason, message);
};

export function bytesField(record: Record<string, unknown>, name: string): Uint8Array<ArrayBuffer> {
  const value = record[name];
  if (typeof value !== 'string') return refuse('malformed', `${name} is missing`);
  try {
    return base64urlToBytes(value);
  } catch {
    return refuse('malformed', `${name} is not base64url`);
  }
}

export function readResponse(credential: unknown) {
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
export function checkClientData(
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

export async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

/**
 * Parses authenticator data and checks `rpIdHash`, UP, (when required) UV, and that BS (backed up)
 * is not set without BE (backup eligible), a combination WebAuthn Level 3 §6.1.3 calls invalid.
 */
export async function checkAuthenticatorData(bytes: Uint8Array, expected: WebAuthnExpectation) {
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
  if (flags & FLAG_BS && !(flags & FLAG_BE)) {
    refuse('malformed', 'authenticatorData says backed up (BS) but not backup eligible (BE)');
  }
  const signCount = new DataView(bytes.buffer, bytes.byteOffset + 33, 4).getUint32(0);
  return { flags, signCount };
}

/**
 * What follows authenticator data's last part (`at`): nothing, or with the ED flag one CBOR map of
 * extension outputs (WebAuthn §6.1), as WebAuthn libraries read it (leftover bytes refused).
 */
export function checkExtensions(bytes: Uint8Array, at: number, flags: number): void {
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

export function cborOf(bytes: Uint8Array, what: string): CborValue {
  try {
    return decodeCbor(bytes);
  } catch (error) {
    return refuse('malformed', `${what}: ${(error as Error).message}`);
  }
}
