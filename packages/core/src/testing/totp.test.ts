import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import {
  acceptedTotpCodes,
  base32ToBytes,
  bytesToBase32,
  hotp,
  randomTotpSecret,
  totp,
} from './totp.js';

const ascii = (text: string) => new TextEncoder().encode(text);
/** The seed of RFC 4226 appendix D and of RFC 6238 appendix B's SHA-1 rows. */
const RFC_SEED = '12345678901234567890';

describe('base32 (RFC 4648 section 10 test vectors)', () => {
  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('%j <-> %s', (text, encoded) => {
    expect(bytesToBase32(ascii(text))).toBe(encoded);
    // RFC 4648 writes the padded form; both decode, as do lower case and spaces.
    const padded = encoded.padEnd(Math.ceil(encoded.length / 8) * 8, '=');
    expect(new TextDecoder().decode(base32ToBytes(padded))).toBe(text);
    expect(new TextDecoder().decode(base32ToBytes(encoded.toLowerCase()))).toBe(text);
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32ToBytes('MZXW1')).toThrow(/Not a base32 character/);
  });
});

describe('HOTP (RFC 4226 appendix D)', () => {
  it('computes the ten codes of the test secret', async () => {
    const codes = await Promise.all(
      Array.from({ length: 10 }, (_, counter) => hotp(ascii(RFC_SEED), counter)),
    );
    expect(codes).toEqual([
      '755224',
      '287082',
      '359152',
      '969429',
      '338314',
      '254676',
      '287922',
      '162583',
      '399871',
      '520489',
    ]);
  });
});

describe('TOTP (RFC 6238 appendix B, the SHA-1 rows, 8 digits)', () => {
  const secret = bytesToBase32(ascii(RFC_SEED));

  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130'],
  ])('at %i s: %s', async (seconds, expected) => {
    expect(await totp(secret, seconds * 1000, { digits: 8 })).toBe(expected);
  });

  it('agrees with an independent implementation (otpauth) on 6-digit codes', async () => {
    const secretCode = randomTotpSecret();
    const reference = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secretCode) });
    for (const time of [0, 29_999, 30_000, Date.UTC(2026, 0, 1), 1_900_000_000_123]) {
      expect(await totp(secretCode, time)).toBe(reference.generate({ timestamp: time }));
    }
  });

  it('accepts the codes of the step before, the current step and the step after, no others', async () => {
    const secretCode = randomTotpSecret();
    const now = Date.UTC(2026, 0, 1, 12, 0, 10);
    const accepted = await acceptedTotpCodes(secretCode, now);
    const at = (offsetSeconds: number) => totp(secretCode, now + offsetSeconds * 1000);
    expect(accepted).toEqual([await at(-30), await at(0), await at(30)]);
    expect(accepted).not.toContain(await at(-60));
    expect(accepted).not.toContain(await at(60));
  });

  it('hands out 32-character base32 secrets, a new one each time', () => {
    const secrets = new Set(Array.from({ length: 20 }, () => randomTotpSecret()));
    expect(secrets.size).toBe(20);
    for (const secretCode of secrets) expect(secretCode).toMatch(/^[A-Z2-7]{32}$/);
  });
});
