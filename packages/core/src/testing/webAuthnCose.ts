/**
 * Passkey public keys and signatures for the kit's WebAuthn checks (webAuthnVerify.ts), with
 * WebCrypto only: a COSE key (RFC 9052/9053: EC2 P-256 with ES256, RSA with RS256) as a JWK, and
 * a WebAuthn signature checked with it. WebAuthn's ES256 signatures are ASN.1 DER
 * (`SEQUENCE { r INTEGER, s INTEGER }`); WebCrypto's ECDSA takes raw `r ‖ s`, so they are
 * converted first. RS256 is RSASSA-PKCS1-v1_5 with SHA-256.
 */
import { bytesToBase64url } from './base64url.js';
import type { CborValue } from './webAuthnCbor.js';

/** The COSE algorithms the kit accepts, as `pubKeyCredParams` offers them. */
export const ES256 = -7;
export const RS256 = -257;
export type PasskeyAlgorithm = typeof ES256 | typeof RS256;

/** A COSE key the kit cannot use (another key type, curve or algorithm, or malformed). */
export class UnsupportedKeyError extends Error {
  override readonly name = 'UnsupportedKeyError';
}

function bytesOf(map: Map<CborValue, CborValue>, label: number, length?: number): Uint8Array {
  const value = map.get(label);
  if (!(value instanceof Uint8Array) || (length !== undefined && value.length !== length)) {
    throw new UnsupportedKeyError(`COSE key parameter ${label} is missing or malformed`);
  }
  return value;
}

/** A COSE_Key map (credential public key) as `{ algorithm, jwk }`. */
export function coseToJwk(key: CborValue): { algorithm: PasskeyAlgorithm; jwk: JsonWebKey } {
  if (!(key instanceof Map)) throw new UnsupportedKeyError('The COSE key is not a map');
  const kty = key.get(1);
  const alg = key.get(3);
  if (kty === 2 && alg === ES256) {
    if (key.get(-1) !== 1) throw new UnsupportedKeyError('Only the P-256 curve is supported');
    return {
      algorithm: ES256,
      jwk: {
        kty: 'EC',
        crv: 'P-256',
        x: bytesToBase64url(bytesOf(key, -2, 32)),
        y: bytesToBase64url(bytesOf(key, -3, 32)),
      },
    };
  }
  if (kty === 3 && alg === RS256) {
    return {
      algorithm: RS256,
      jwk: {
        kty: 'RSA',
        n: bytesToBase64url(bytesOf(key, -1)),
        e: bytesToBase64url(bytesOf(key, -2)),
      },
    };
  }
  throw new UnsupportedKeyError(`COSE key type ${String(kty)} with algorithm ${String(alg)}`);
}

function importParameters(algorithm: PasskeyAlgorithm) {
  return algorithm === ES256
    ? { name: 'ECDSA', namedCurve: 'P-256' }
    : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
}

/** Imports a stored passkey key for verification; throws {@link UnsupportedKeyError} if it cannot. */
export async function importPasskeyKey(
  jwk: JsonWebKey,
  algorithm: PasskeyAlgorithm,
): Promise<CryptoKey> {
  try {
    return await globalThis.crypto.subtle.importKey(
      'jwk',
      jwk,
      importParameters(algorithm),
      false,
      ['verify'],
    );
  } catch (error) {
    throw new UnsupportedKeyError(`The public key does not import: ${String(error)}`);
  }
}

/** An ASN.1 DER ECDSA signature as raw `r ‖ s` of `size` bytes each; `null` when malformed. */
export function derToRawSignature(der: Uint8Array, size = 32): Uint8Array<ArrayBuffer> | null {
  let position = 0;
  const readLength = (): number | null => {
    const first = der[position++];
    if (first === undefined) return null;
    if (first < 0x80) return first;
    if (first !== 0x81) return null; // a P-256 signature is never longer than 255 bytes
    const length = der[position++];
    return length === undefined || length < 0x80 ? null : length;
  };
  const readInteger = (): Uint8Array | null => {
    if (der[position++] !== 0x02) return null;
    const length = readLength();
    if (length === null || length === 0 || position + length > der.length) return null;
    let value = der.subarray(position, position + length);
    position += length;
    while (value.length > 1 && value[0] === 0) value = value.subarray(1);
    if (value.length > size) return null;
    const padded = new Uint8Array(size);
    padded.set(value, size - value.length);
    return padded;
  };
  if (der[position++] !== 0x30) return null;
  const total = readLength();
  if (total === null || position + total !== der.length) return null;
  const r = readInteger();
  const s = readInteger();
  if (!r || !s || position !== der.length) return null;
  const raw = new Uint8Array(size * 2);
  raw.set(r, 0);
  raw.set(s, size);
  return raw;
}

/**
 * Whether `signature` (WebAuthn's encoding: DER for ES256) signs `data` with the key. A
 * malformed signature is `false`, never a throw.
 */
export async function verifyPasskeySignature(
  key: CryptoKey,
  algorithm: PasskeyAlgorithm,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  const subtle = globalThis.crypto.subtle;
  if (algorithm === ES256) {
    const raw = derToRawSignature(signature);
    if (!raw) return false;
    return subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, key, raw, data as BufferSource);
  }
  return subtle.verify(
    { name: 'RSASSA-PKCS1-v1_5' },
    key,
    signature as BufferSource,
    data as BufferSource,
  );
}
