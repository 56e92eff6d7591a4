/**
 * Time-based one-time passwords as Cognito checks them (docs/cognito-wire.md section 7): RFC 6238
 * over RFC 4226's HOTP with HMAC-SHA-1, 30-second steps, 6 digits, secrets in RFC 4648 base32.
 * Pure functions over WebCrypto, so the kit computes them in Node and in browsers alike.
 */

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 6238's defaults, which Cognito uses. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;

/** Bytes of a secret the pool hands out: 160 bits, RFC 4226's recommended length (32 base32 characters). */
export const TOTP_SECRET_BYTES = 20;

/**
 * Encodes bytes as RFC 4648 base32, without padding (as authenticator apps and Cognito write it).
 *
 * @example
 * ```ts
 * bytesToBase32(new TextEncoder().encode('foobar')); // 'MZXW6YTBOI'
 * ```
 */
export function bytesToBase32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) output += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}

/**
 * Decodes RFC 4648 base32 (case-insensitive, padding and spaces ignored); throws on other characters.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(base32ToBytes('MZXW6YTBOI======')); // 'foobar'
 * ```
 */
export function base32ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const bytes = new Uint8Array(Math.floor((clean.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const character of clean) {
    const value = BASE32_ALPHABET.indexOf(character);
    if (value < 0) throw new TypeError(`Not a base32 character: ${JSON.stringify(character)}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes[index++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return bytes;
}

/** Options of {@link totp} (and of the internal `hotp`). */
export interface OtpOptions {
  /** @default TOTP_DIGITS (6); RFC 6238's test vectors use 8 */
  digits?: number;
  /** @default TOTP_PERIOD_SECONDS (30) */
  periodSeconds?: number;
}

/**
 * RFC 4226 HOTP with HMAC-SHA-1: the code of one counter value.
 *
 * @example
 * ```ts
 * await hotp(new TextEncoder().encode('12345678901234567890'), 0); // '755224' (RFC 4226 appendix D)
 * ```
 */
export async function hotp(
  secret: Uint8Array<ArrayBuffer>,
  counter: number,
  options: Pick<OtpOptions, 'digits'> = {},
): Promise<string> {
  const digits = options.digits ?? TOTP_DIGITS;
  const message = new Uint8Array(8);
  const view = new DataView(message.buffer);
  // An 8-byte big-endian counter; JavaScript numbers hold it exactly up to 2^53.
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter >>> 0);
  const key = await globalThis.crypto.subtle.importKey(
    'raw',
    secret,
    { name: 'HMAC', hash: 'SHA-1' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', key, message));
  // Dynamic truncation (RFC 4226 section 5.3).
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary =
    ((mac[offset]! & 0x7f) << 24) |
    (mac[offset + 1]! << 16) |
    (mac[offset + 2]! << 8) |
    mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 time step of a moment: whole periods since the Unix epoch. */
export function totpStep(timeMs: number, periodSeconds = TOTP_PERIOD_SECONDS): number {
  return Math.floor(timeMs / 1000 / periodSeconds);
}

/**
 * RFC 6238 TOTP: the code of a base32 secret at a moment.
 *
 * @example
 * ```ts
 * import { totp } from '@sessionkit/core/testing';
 *
 * const code = await totp('JBSWY3DPEHPK3PXP', Date.now()); // what the user's authenticator app shows now
 * ```
 */
export async function totp(
  base32Secret: string,
  timeMs: number,
  options: OtpOptions = {},
): Promise<string> {
  return hotp(base32ToBytes(base32Secret), totpStep(timeMs, options.periodSeconds), options);
}

/**
 * The codes Cognito accepts at a moment: the current step's and those of the steps just before
 * and after it, for clocks a little apart.
 *
 * @example
 * ```ts
 * const isAccepted = (await acceptedTotpCodes(secret, now)).includes(userCode);
 * ```
 */
export async function acceptedTotpCodes(base32Secret: string, timeMs: number): Promise<string[]> {
  const secret = base32ToBytes(base32Secret);
  const step = totpStep(timeMs);
  return Promise.all([step - 1, step, step + 1].map((counter) => hotp(secret, counter)));
}

/**
 * A fresh random secret, as `AssociateSoftwareToken`'s `SecretCode` carries it (base32).
 *
 * @example
 * ```ts
 * const secret = randomTotpSecret(); // 32 characters of A–Z and 2–7
 * ```
 */
export function randomTotpSecret(): string {
  return bytesToBase32(globalThis.crypto.getRandomValues(new Uint8Array(TOTP_SECRET_BYTES)));
}
