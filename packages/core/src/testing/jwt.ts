/**
 * RS256 JSON Web Tokens with WebCrypto: key generation, signing, verification, decoding.
 * Only what a fake Cognito needs; no dependency, so it runs in Node, browsers and workers.
 */
import {
  base64urlToBytes,
  base64urlToText,
  bytesToBase64url,
  randomBase64url,
  textToBase64url,
} from './base64url.js';

/** A signing key pair kept as JWKs so it survives structured cloning into IndexedDB. */
export interface StoredSigningKey {
  /** The key id, in the header of every token it signs and in the JWKS. */
  kid: string;
  /** The private RSA key (2048 bits) as WebCrypto exports it; it signs the tokens. */
  privateJwk: JsonWebKey;
  /** The public half as WebCrypto exports it; the JWKS serves its `n` and `e`. */
  publicJwk: JsonWebKey;
}

/**
 * A public key as served in `jwks.json`.
 * @example
 * ```ts
 * import type { PublicJwk } from '@sessionkit/core/testing';
 *
 * const { keys }: { keys: PublicJwk[] } = await pool.getJwks();
 * ```
 */
export interface PublicJwk {
  /** The key id: a token's header `kid` names the key that verifies it. */
  kid: string;
  /** The algorithm it verifies: RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 §3.3). */
  alg: 'RS256';
  /** The key type (RFC 7517 §4.1): an RSA key, given by `n` and `e`. */
  kty: 'RSA';
  /** The key's use (RFC 7517 §4.2): signatures only. */
  use: 'sig';
  /** The public exponent, base64url without padding (`AQAB`, 65537; RFC 7518 §6.3.1.2). */
  e: string;
  /** The 2048-bit modulus, base64url without padding (RFC 7518 §6.3.1.1). */
  n: string;
}

/** JWT claims: a JSON object. */
export type JwtClaims = Record<string, unknown>;

const RS256: RsaHashedImportParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

// Imported CryptoKeys per kid: importKey is slow enough to matter when a test mints hundreds of tokens.
const privateKeys = new Map<string, Promise<CryptoKey>>();
const publicKeys = new Map<string, Promise<CryptoKey>>();

/** Generates a 2048-bit RS256 key pair with a random `kid`. */
export async function createSigningKey(): Promise<StoredSigningKey> {
  const pair = await globalThis.crypto.subtle.generateKey(
    { ...RS256, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  );
  const [privateJwk, publicJwk] = await Promise.all([
    globalThis.crypto.subtle.exportKey('jwk', pair.privateKey),
    globalThis.crypto.subtle.exportKey('jwk', pair.publicKey),
  ]);
  // Cognito kids are base64 strings of a key hash; a random base64url string looks the same.
  return { kid: randomBase64url(32), privateJwk, publicJwk };
}

/** The JWKS entry of a key: the public modulus and exponent, nothing private. */
export function toPublicJwk(key: StoredSigningKey): PublicJwk {
  return {
    kid: key.kid,
    alg: 'RS256',
    kty: 'RSA',
    use: 'sig',
    e: key.publicJwk.e ?? '',
    n: key.publicJwk.n ?? '',
  };
}

function importPrivateKey(key: StoredSigningKey): Promise<CryptoKey> {
  let imported = privateKeys.get(key.kid);
  if (!imported) {
    const { alg: _alg, key_ops: _ops, ...jwk } = key.privateJwk;
    imported = globalThis.crypto.subtle.importKey('jwk', jwk, RS256, false, ['sign']);
    privateKeys.set(key.kid, imported);
  }
  return imported;
}

function importPublicKey(jwk: PublicJwk): Promise<CryptoKey> {
  const cacheKey = `${jwk.kid}:${jwk.n}`;
  let imported = publicKeys.get(cacheKey);
  if (!imported) {
    imported = globalThis.crypto.subtle.importKey(
      'jwk',
      { kty: 'RSA', e: jwk.e, n: jwk.n },
      RS256,
      false,
      ['verify'],
    );
    publicKeys.set(cacheKey, imported);
  }
  return imported;
}

/** Signs `claims` as a compact RS256 JWT. The header is `{kid, alg}`, as Cognito's (no `typ`). */
export async function signJwt(claims: JwtClaims, key: StoredSigningKey): Promise<string> {
  const signingInput = `${textToBase64url(JSON.stringify({ kid: key.kid, alg: 'RS256' }))}.${textToBase64url(JSON.stringify(claims))}`;
  const signature = await globalThis.crypto.subtle.sign(
    RS256,
    await importPrivateKey(key),
    new TextEncoder().encode(signingInput),
  );
  return `${signingInput}.${bytesToBase64url(new Uint8Array(signature))}`;
}

/** A decoded JWT: header and claims, unverified. */
export interface DecodedJwt {
  header: { kid?: string; alg?: string };
  claims: JwtClaims;
}

/** Decodes a compact JWT without verifying it; `null` when it is not one. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const header: unknown = JSON.parse(base64urlToText(parts[0] ?? ''));
    const claims: unknown = JSON.parse(base64urlToText(parts[1] ?? ''));
    if (!isObject(header) || !isObject(claims)) return null;
    return { header, claims };
  } catch {
    return null;
  }
}

/**
 * Verifies an RS256 signature against a JWKS (by `kid`). Returns the claims, or `null` when the
 * token is malformed, names an unknown key, or its signature does not verify. Checks no claim.
 */
export async function verifyJwt(
  token: string,
  jwks: readonly PublicJwk[],
): Promise<JwtClaims | null> {
  const decoded = decodeJwt(token);
  if (decoded?.header.alg !== 'RS256') return null;
  const jwk = jwks.find((candidate) => candidate.kid === decoded.header.kid);
  if (!jwk) return null;
  const lastDot = token.lastIndexOf('.');
  try {
    const isValid = await globalThis.crypto.subtle.verify(
      RS256,
      await importPublicKey(jwk),
      base64urlToBytes(token.slice(lastDot + 1)),
      new TextEncoder().encode(token.slice(0, lastDot)),
    );
    return isValid ? decoded.claims : null;
  } catch {
    return null;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
