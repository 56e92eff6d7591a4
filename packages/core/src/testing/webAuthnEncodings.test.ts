/**
 * The kit's CBOR (RFC 8949) and DER signature parsing at their edges: each length form, the
 * limits, and every malformed input refused rather than read wrong. Encodings written out in
 * hex, as RFC 8949 appendix A lists them where it has the value.
 */
import { describe, expect, it } from 'vitest';
import { bytesToBase64url } from './base64url.js';
import {
  CborError,
  type CborValue,
  decodeCbor,
  decodeCborItem,
  encodeCbor,
} from './webAuthnCbor.js';
import { coseToJwk, derToRawSignature, UnsupportedKeyError } from './webAuthnCose.js';

const hex = (text: string) =>
  Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
const toHex = (bytes: Uint8Array) =>
  Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');

describe('CBOR', () => {
  it.each([
    ['00', 0],
    ['17', 23],
    ['1818', 24],
    ['18ff', 255],
    ['190100', 256],
    ['19ffff', 65_535],
    ['1a00010000', 65_536],
    ['1affffffff', 4_294_967_295],
    ['1b000000e8d4a51000', 1_000_000_000_000],
    ['20', -1],
    ['3863', -100],
    ['3a7fffffff', -2_147_483_648],
    ['f4', false],
    ['f5', true],
    ['f6', null],
    ['f7', undefined],
    ['6161', 'a'],
    ['62c3bc', 'ü'],
    ['80', []],
    ['8301820203820405', [1, [2, 3], [4, 5]]],
  ] as Array<[string, CborValue]>)('%s reads as %j', (encoded, value) => {
    expect(decodeCbor(hex(encoded))).toEqual(value);
  });

  it('reads byte strings and maps, and returns where an item ends', () => {
    expect(decodeCbor(hex('4401020304'))).toEqual(Uint8Array.of(1, 2, 3, 4));
    expect(decodeCbor(hex('a201020304'))).toEqual(
      new Map([
        [1, 2],
        [3, 4],
      ]),
    );
    expect(decodeCborItem(hex('0102'), 1)).toEqual({ value: 2, end: 2 });
    expect(decodeCborItem(hex('18ff00'))).toEqual({ value: 255, end: 2 });
  });

  it.each([
    ['', 'CBOR truncated'],
    ['18', 'CBOR truncated'],
    ['1900', 'CBOR truncated'],
    ['1b0020000000000000', 'CBOR integer too large'],
    ['1c', 'CBOR indefinite lengths are not supported'],
    ['5f', 'CBOR indefinite lengths are not supported'],
    ['4201', 'CBOR truncated'],
    ['62c3', 'CBOR truncated'],
    ['61ff', 'CBOR text is not UTF-8'],
    ['8201', 'CBOR truncated'],
    ['a10102a1', 'CBOR has bytes after the item'],
    ['a1', 'CBOR truncated'],
    ['a2010201f5', 'CBOR map has a duplicate key'],
    ['a201020103', 'CBOR map has a duplicate key'],
    ['f93c00', 'CBOR floats and other simple values are not supported'],
    ['f0', 'CBOR floats and other simple values are not supported'],
    ['c0', 'CBOR tags are not supported'],
    ['0000', 'CBOR has bytes after the item'],
  ])('refuses %s: %s', (encoded, message) => {
    const call = () => decodeCbor(hex(encoded));
    expect(call).toThrow(CborError);
    expect(call).toThrow(message);
  });

  it('nests sixteen levels deep, not seventeen', () => {
    expect(decodeCbor(hex(`${'81'.repeat(16)}00`))).toEqual(
      Array.from({ length: 16 }).reduce<CborValue>((inner) => [inner], 0),
    );
    expect(() => decodeCbor(hex(`${'81'.repeat(17)}00`))).toThrow('CBOR nested too deep');
    expect(() => decodeCbor(hex(`${'a1'.repeat(17)}00`))).toThrow('CBOR nested too deep');
    expect(() => decodeCbor(hex(`${'a101'.repeat(17)}00`))).toThrow('CBOR nested too deep');
  });

  it('writes the shortest head for each length, and what it writes reads back', () => {
    for (const [value, encoded] of [
      [0, '00'],
      [23, '17'],
      [24, '1818'],
      [255, '18ff'],
      [256, '190100'],
      [65_535, '19ffff'],
      [65_536, '1a00010000'],
      [4_294_967_295, '1affffffff'],
      [-1, '20'],
      [-24, '37'],
      [-25, '3818'],
      [false, 'f4'],
      [true, 'f5'],
      [null, 'f6'],
      [undefined, 'f7'],
      ['ü', '62c3bc'],
      [[1, [2]], '82018102'],
      [new Map([['k', Uint8Array.of(9)]]), 'a1616b4109'],
    ] as Array<[CborValue, string]>) {
      expect(toHex(encodeCbor(value))).toBe(encoded);
      expect(decodeCbor(encodeCbor(value))).toEqual(value);
    }
    const long = new Uint8Array(70_000);
    expect(toHex(encodeCbor(long).subarray(0, 5))).toBe('5a00011170');
    for (const value of [1.5, 4_294_967_296, -4_294_967_296]) {
      expect(() => encodeCbor(value)).toThrow('encodeCbor: integers up to 32 bits only');
    }
    expect(toHex(encodeCbor(-4_294_967_295))).toBe('3afffffffe');
  });
});

describe('DER ECDSA signatures', () => {
  const length = (bytes: number) =>
    bytes < 0x80 ? bytes.toString(16).padStart(2, '0') : `81${bytes.toString(16)}`;
  const integer = (bytes: string) => `02${length(bytes.length / 2)}${bytes}`;
  const sequence = (body: string) => `30${length(body.length / 2)}${body}`;
  const r = '11'.repeat(32);
  const s = '22'.repeat(32);

  it('reads r and s, dropping sign bytes and padding short ones', () => {
    expect(toHex(derToRawSignature(hex(sequence(integer(r) + integer(s))))!)).toBe(r + s);
    const high = `00${'f1'.repeat(32)}`;
    expect(toHex(derToRawSignature(hex(sequence(integer(high) + integer('05'))))!)).toBe(
      `${'f1'.repeat(32)}${'00'.repeat(31)}05`,
    );
    expect(toHex(derToRawSignature(hex(sequence(integer('00') + integer('01'))))!)).toBe(
      `${'00'.repeat(63)}01`,
    );
  });

  it('reads the long length form (0x81) where a size needs it', () => {
    const r64 = '33'.repeat(64);
    const s64 = '44'.repeat(64);
    const der = sequence(integer(r64) + integer(s64));
    expect(der.slice(0, 6)).toBe('308184');
    expect(toHex(derToRawSignature(hex(der), 64)!)).toBe(r64 + s64);
    // 0x82 would say two length bytes follow; a signature never needs them.
    expect(derToRawSignature(hex(`3082${der.slice(4)}`), 64)).toBeNull();
    // 0x80 is BER's indefinite length, never a DER length, though 128 bytes do follow here.
    const body128 = integer('66'.repeat(62)) + integer('77'.repeat(62));
    expect(toHex(derToRawSignature(hex(`308180${body128}`), 64)!)).toBe(
      `0000${'66'.repeat(62)}0000${'77'.repeat(62)}`,
    );
    expect(derToRawSignature(hex(`3080${body128}`), 64)).toBeNull();
    const r129 = `00${'55'.repeat(129)}`;
    const wide = sequence(integer(r129) + integer('01'));
    expect(toHex(derToRawSignature(hex(wide), 129)!.subarray(0, 129))).toBe('55'.repeat(129));
  });

  it.each([
    ['empty', ''],
    ['not a sequence', `3144${integer(r)}${integer(s)}`],
    ['no length', '30'],
    ['a length longer than the input', `3045${integer(r)}${integer(s)}`],
    ['a length shorter than the input', `3043${integer(r)}${integer(s)}`],
    ['a long length form other than 0x81', `308200${'44'}${integer(r)}${integer(s)}`],
    ['a long length under 128', `308144${integer(r)}${integer(s)}`],
    ['a long length cut off', '3081'],
    ['only r', sequence(integer(r))],
    ['r not an integer', sequence(`0320${r}${integer(s)}`)],
    ['an integer of length 0', sequence(`0200${integer(s)}`)],
    ['an integer past the end', sequence(`0221${r}`)],
    ['r longer than 32 bytes', sequence(integer(`01${r}`) + integer(s))],
    ['bytes after s', sequence(`${integer(r)}${integer(s)}0000`)],
  ])('refuses %s', (_name, der) => {
    expect(derToRawSignature(hex(der))).toBeNull();
  });
});

describe('COSE keys', () => {
  const ec = (changes: Array<[number, CborValue]> = []) =>
    new Map<CborValue, CborValue>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, new Uint8Array(32).fill(1)],
      [-3, new Uint8Array(32).fill(2)],
      ...changes,
    ]);

  it('reads ES256 on P-256 and RS256 keys as JWKs', () => {
    expect(coseToJwk(ec())).toEqual({
      algorithm: -7,
      jwk: {
        kty: 'EC',
        crv: 'P-256',
        x: bytesToBase64url(new Uint8Array(32).fill(1)),
        y: bytesToBase64url(new Uint8Array(32).fill(2)),
      },
    });
    const rsa = new Map<CborValue, CborValue>([
      [1, 3],
      [3, -257],
      [-1, Uint8Array.of(0xc0, 0xff, 0xee)],
      [-2, Uint8Array.of(1, 0, 1)],
    ]);
    expect(coseToJwk(rsa)).toEqual({ algorithm: -257, jwk: { kty: 'RSA', n: 'wP_u', e: 'AQAB' } });
  });

  it.each([
    ['not a map', [1, 2], 'The COSE key is not a map'],
    ['EC with RS256', ec([[3, -257]]), 'COSE key type 2 with algorithm -257'],
    ['RSA key type with ES256', ec([[1, 3]]), 'COSE key type 3 with algorithm -7'],
    ['OKP with ES256', ec([[1, 1]]), 'COSE key type 1 with algorithm -7'],
    ['P-384', ec([[-1, 2]]), 'Only the P-256 curve is supported'],
    [
      'x of 31 bytes',
      ec([[-2, new Uint8Array(31)]]),
      'COSE key parameter -2 is missing or malformed',
    ],
    ['y as text', ec([[-3, 'y']]), 'COSE key parameter -3 is missing or malformed'],
    [
      'RSA without a modulus',
      new Map<CborValue, CborValue>([
        [1, 3],
        [3, -257],
        [-2, Uint8Array.of(1, 0, 1)],
      ]),
      'COSE key parameter -1 is missing or malformed',
    ],
  ] as Array<[string, CborValue, string]>)('refuses %s', (_name, key, message) => {
    const call = () => coseToJwk(key);
    expect(call).toThrow(UnsupportedKeyError);
    expect(call).toThrow(message);
  });
});
