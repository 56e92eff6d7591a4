/**
 * The kit's base64url (RFC 7515 §2, padding optional on input), which reads JWT segments, WebAuthn
 * fields and pagination tokens: as strict as its alphabet, so that what Cognito would refuse as
 * malformed is not read here by `atob`'s forgiving rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlToBytes, base64urlToText, bytesToBase64url } from './base64url.js';

describe('base64url', () => {
  it('round-trips any bytes, writing no padding and no + or /', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = bytesToBase64url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(base64urlToBytes(text)).toEqual(new Uint8Array(bytes));
      }),
    );
  });

  it('reads - and _ as 62 and 63, with or without the padding', () => {
    expect([...base64urlToBytes('-_8')]).toEqual([0xfb, 0xff]);
    expect([...base64urlToBytes('-_8=')]).toEqual([0xfb, 0xff]);
    expect([...base64urlToBytes('YQ')]).toEqual([0x61]);
    expect(base64urlToText('YQ==')).toBe('a');
    expect([...base64urlToBytes('')]).toEqual([]);
  });

  it.each([
    ["base64's +", 'ab+c'],
    ["base64's /", 'ab/c'],
    ['a space', 'ab c'],
    ['a line break', 'ab\ncd'],
    ['a length of 4n + 1', 'abcde'],
    ['padding short of the length', 'ab='],
    ['padding beyond the length', 'abc=='],
    ['padding on a full block', 'abcd='],
    ['padding alone', '=='],
    ['padding in the middle', 'ab==cd'],
    ['another alphabet', 'abç'],
  ])('refuses %s', (_, text) => {
    expect(() => base64urlToBytes(text)).toThrow();
  });
});
