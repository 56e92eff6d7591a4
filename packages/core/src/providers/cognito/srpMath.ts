/**
 * The number theory and byte handling under Cognito's SRP-6a (see srp.ts): the 3072-bit group,
 * modular exponentiation on native BigInt, Cognito's integer encoding, and SHA-256 / HMAC / HKDF
 * through WebCrypto. No dependency; every function is pure.
 */
import { requireSubtle } from '../../webCrypto.js';

/** The 3072-bit MODP prime of RFC 3526 (group 15), also RFC 5054's 3072-bit SRP group. */
// Pure: a bundle that does not use SRP drops it (the SRP code shares a chunk with the session).
export const SRP_N = /* @__PURE__ */ BigInt(
  '0xFFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
    'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
    'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
    '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
    'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
    '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
    'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
    'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF',
);

/** The group's generator. */
export const SRP_G = 2n;

/** Width of the sliding window of {@link modPow}: 8 odd powers precomputed. */
const WINDOW_BITS = 4;

/** `value mod modulus`, always in `[0, modulus)` (BigInt `%` keeps the sign of `value`). */
export function mod(value: bigint, modulus: bigint): bigint {
  const rest = value % modulus;
  return rest < 0n ? rest + modulus : rest;
}

/**
 * `base ^ exponent mod modulus` by left-to-right square-and-multiply with a sliding window of
 * {@link WINDOW_BITS} bits, which multiplies about once per five exponent bits instead of once per
 * two. A base of 2 (the generator) multiplies by doubling, which costs a shift.
 *
 * @example
 * ```ts
 * modPow(2n, 10n, 1000n); // 24n
 * ```
 */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (exponent < 0n) throw new RangeError('modPow: negative exponent');
  if (modulus === 1n) return 0n;
  const bits = exponent.toString(2);
  const reduced = mod(base, modulus);
  if (reduced === 2n) return powerOfTwo(bits, modulus);

  // Odd powers base^1, base^3, ..., base^(2^WINDOW_BITS - 1).
  const square = (reduced * reduced) % modulus;
  const odd = [reduced];
  for (let index = 1; index < 1 << (WINDOW_BITS - 1); index++) {
    odd.push(((odd[index - 1] as bigint) * square) % modulus);
  }
  let result = 1n;
  let position = 0;
  while (position < bits.length) {
    if (bits[position] === '0') {
      result = (result * result) % modulus;
      position++;
      continue;
    }
    // The longest window of at most WINDOW_BITS bits that starts here and ends on a 1.
    let end = Math.min(position + WINDOW_BITS, bits.length);
    while (bits[end - 1] === '0') end--;
    for (let step = position; step < end; step++) result = (result * result) % modulus;
    const window = Number.parseInt(bits.slice(position, end), 2);
    result = (result * (odd[window >> 1] as bigint)) % modulus;
    position = end;
  }
  return result;
}

function powerOfTwo(bits: string, modulus: bigint): bigint {
  let result = 1n;
  for (const bit of bits) {
    result = (result * result) % modulus;
    if (bit === '1') {
      result <<= 1n;
      if (result >= modulus) result -= modulus;
    }
  }
  return result;
}

/** Bytes as lower-case hex. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Hex (even or odd length) as bytes; throws on anything but hex digits. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (!/^[0-9a-fA-F]*$/.test(hex)) throw new TypeError('Not a hex string');
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  const bytes = new Uint8Array(even.length / 2);
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Number.parseInt(even.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

/** Hex as a non-negative integer (`SRP_B`, `SALT`). */
export function hexToBigInt(hex: string): bigint {
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw new TypeError('Not a hex string');
  return BigInt(`0x${hex}`);
}

/** Big-endian bytes as a non-negative integer. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
}

/**
 * A non-negative integer as Cognito hashes it: the shortest big-endian two's-complement bytes, as
 * Java's `BigInteger.toByteArray()`, so a value whose top bit is set gets a leading zero byte
 * (AWS's JavaScript clients call it `padHex`; src/__tests__/srpReference.test.ts compares).
 */
export function toSignedBytes(value: bigint): Uint8Array<ArrayBuffer> {
  if (value < 0n) throw new RangeError('toSignedBytes: negative value');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (/^[89a-f]/.test(hex)) hex = `00${hex}`;
  return hexToBytes(hex);
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const encoder = /* @__PURE__ */ new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array<ArrayBuffer> {
  return encoder.encode(text);
}

/** Standard base64 (with padding) of bytes. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Bytes of standard base64; throws on characters outside the alphabet. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** What needs WebCrypto here, for the error where a page has none (webCrypto.ts). */
export const SRP_NEEDS = 'Password sign-in (SRP)';

/** SHA-256 of bytes. */
export async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await requireSubtle(SRP_NEEDS).digest('SHA-256', bytes));
}

/** SHA-256 of the concatenated parts, as an integer (Cognito's `H`). */
export async function hashToBigInt(...parts: Uint8Array[]): Promise<bigint> {
  return bytesToBigInt(await sha256(concatBytes(...parts)));
}

/** HMAC-SHA256 of `data` under `key`. */
export async function hmacSha256(
  key: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const subtle = requireSubtle(SRP_NEEDS);
  const hmacKey = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await subtle.sign('HMAC', hmacKey, data));
}

/** The first `length` bytes of HKDF-SHA256 (RFC 5869) of `ikm` with `salt` and `info`. */
export async function hkdfSha256(
  ikm: Uint8Array<ArrayBuffer>,
  salt: Uint8Array<ArrayBuffer>,
  info: Uint8Array<ArrayBuffer>,
  length: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const subtle = requireSubtle(SRP_NEEDS);
  const key = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt, info },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}
