/**
 * sessionkit's SRP values against AWS's own client, amazon-cognito-identity-js (a dev dependency
 * nobody here wrote): its AuthenticationHelper driven directly in Node, on fixed inputs.
 */
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeClientS,
  computeLargeA,
  computePasswordClaim,
  computeU,
  computeX,
  derivePasswordKey,
  srpMultiplier,
} from '../providers/cognito/srp.js';
import { bytesToHex, hexToBigInt, SRP_N, toSignedBytes } from '../providers/cognito/srpMath.js';

interface ReferenceBigInteger {
  toString(radix: number): string;
}
type Callback<T> = (error: unknown, value: T) => void;
interface ReferenceHelper {
  smallAValue: ReferenceBigInteger;
  largeAValue: ReferenceBigInteger | undefined;
  UValue: ReferenceBigInteger;
  k: ReferenceBigInteger;
  getLargeAValue(callback: Callback<ReferenceBigInteger>): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    B: ReferenceBigInteger,
    salt: ReferenceBigInteger,
    callback: Callback<Uint8Array>,
  ): void;
  calculateS(
    x: ReferenceBigInteger,
    B: ReferenceBigInteger,
    callback: Callback<ReferenceBigInteger>,
  ): void;
  hash(text: string): string;
  hexHash(hex: string): string;
  padHex(value: ReferenceBigInteger): string;
}

const require = createRequire(import.meta.url);
const AuthenticationHelper: new (poolName: string) => ReferenceHelper =
  require('amazon-cognito-identity-js/lib/AuthenticationHelper.js').default;
const BigInteger: new (hex: string, radix: number) => ReferenceBigInteger =
  require('amazon-cognito-identity-js/lib/BigInteger.js').default;

/** Deterministic bytes from a seed (SHA-256 in counter mode), as hex. */
function fixedHex(seed: string, bytes: number): string {
  let hex = '';
  for (let counter = 0; hex.length < bytes * 2; counter++) {
    hex += createHash('sha256').update(`${seed}/${counter}`).digest('hex');
  }
  return hex.slice(0, bytes * 2);
}

interface Inputs {
  a: string;
  B: string;
  salt: string;
  secretBlock: string;
  timestamp: string;
  poolName: string;
  userId: string;
  password: string;
}

/** What AWS's client computes for these inputs (its own code, step by step). */
function reference(inputs: Inputs) {
  const helper = new AuthenticationHelper(inputs.poolName);
  helper.smallAValue = new BigInteger(inputs.a, 16);
  helper.largeAValue = undefined;
  let A = '';
  helper.getLargeAValue((_, value) => {
    A = value.toString(16);
  });
  const B = new BigInteger(inputs.B, 16);
  const salt = new BigInteger(inputs.salt, 16);
  let key: Uint8Array | undefined;
  helper.getPasswordAuthenticationKey(inputs.userId, inputs.password, B, salt, (_, hkdf) => {
    key = hkdf;
  });
  // x and S as getPasswordAuthenticationKey computes them internally.
  const identity = helper.hash(`${inputs.poolName}${inputs.userId}:${inputs.password}`);
  const x = new BigInteger(helper.hexHash(helper.padHex(salt) + identity), 16);
  let S = '';
  helper.calculateS(x, B, (_, value) => {
    S = value.toString(16);
  });
  if (!key) throw new Error('the reference did not derive a key');
  // The signature as CognitoUser.authenticateUserDefaultAuth builds it.
  const message = Buffer.concat([
    Buffer.from(inputs.poolName, 'utf8'),
    Buffer.from(inputs.userId, 'utf8'),
    Buffer.from(inputs.secretBlock, 'base64'),
    Buffer.from(inputs.timestamp, 'utf8'),
  ]);
  const signature = createHmac('sha256', key).update(message).digest('base64');
  return {
    k: helper.k.toString(16),
    A,
    u: helper.UValue.toString(16),
    x: x.toString(16),
    S,
    key: Buffer.from(key).toString('hex'),
    signature,
  };
}

async function ours(inputs: Inputs) {
  const a = hexToBigInt(inputs.a);
  const A = computeLargeA(a);
  const B = hexToBigInt(inputs.B);
  const claim = await computePasswordClaim({
    a,
    A,
    B,
    salt: hexToBigInt(inputs.salt),
    password: inputs.password,
    poolName: inputs.poolName,
    userId: inputs.userId,
    secretBlock: inputs.secretBlock,
    timestamp: inputs.timestamp,
  });
  // The step-by-step functions give the same values as the one-stop claim.
  const u = await computeU(A, B);
  const x = await computeX(
    hexToBigInt(inputs.salt),
    inputs.poolName,
    inputs.userId,
    inputs.password,
  );
  const k = await srpMultiplier();
  expect(computeClientS({ a, B, x, u, k })).toBe(claim.S);
  expect(bytesToHex(await derivePasswordKey(claim.S, u))).toBe(bytesToHex(claim.key));
  return {
    k: k.toString(16),
    A: A.toString(16),
    u: claim.u.toString(16),
    x: claim.x.toString(16),
    S: claim.S.toString(16),
    key: bytesToHex(claim.key),
    signature: claim.signature,
  };
}

const FIXED: Inputs = {
  a: fixedHex('a', 128),
  B: (hexToBigInt(fixedHex('B', 384)) % SRP_N).toString(16),
  salt: fixedHex('salt', 16),
  secretBlock: Buffer.from(fixedHex('secret block', 96), 'hex').toString('base64'),
  timestamp: 'Tue Sep 5 08:03:09 UTC 2023',
  poolName: 'TestPool1',
  userId: 'alice',
  password: 'Corr3ct-Horse!',
};

describe('SRP values against amazon-cognito-identity-js', () => {
  it('k, A, u, x, S, the key and the signature equal the reference on fixed inputs', async () => {
    const expected = reference(FIXED);
    expect(await ours(FIXED)).toEqual(expected);
    // Pinned, so a change in both (a dependency update) cannot pass unnoticed.
    expect(expected.signature).toBe('F7MHojOsw56G2xRRX7bRc1OQO5NbPURVuWSYX1Dj4rQ=');
  });

  it.each([
    [
      'a salt whose top bit is set (encoded with a leading zero byte)',
      { salt: `f3${fixedHex('s1', 15)}` },
    ],
    ['a salt with a leading zero byte', { salt: `00${fixedHex('s2', 15)}` }],
    ['a B smaller than N by a few bits', { B: fixedHex('B2', 380) }],
    ['a B whose top byte has the high bit set', { B: `c${fixedHex('B3', 383).slice(1)}` }],
    ['a non-ASCII user id and password', { userId: 'zoë-ümlaut', password: 'pässwörd-✓' }],
    [
      'a sub as user id (as when an alias signs in)',
      { userId: '2f1e6c90-a3e1-4bd3-9a44-0d7c3a1b2c3d' },
    ],
  ])('equal the reference with %s', async (_, change) => {
    const inputs = { ...FIXED, ...change };
    expect(await ours(inputs)).toEqual(reference(inputs));
  });

  it('equal the reference on random inputs', async () => {
    const hex = (bytes: number) =>
      fc
        .uint8Array({ minLength: bytes, maxLength: bytes })
        .map((value) => Buffer.from(value).toString('hex'));
    await fc.assert(
      fc.asyncProperty(
        hex(128),
        hex(384),
        hex(16),
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.string({ minLength: 1, maxLength: 30 }),
        async (a, bBytes, salt, userId, password) => {
          const B = (hexToBigInt(bBytes) % SRP_N || 1n).toString(16);
          const inputs = { ...FIXED, a, B, salt, userId, password };
          expect(await ours(inputs)).toEqual(reference(inputs));
        },
      ),
      { numRuns: 5 },
    );
  }, 60_000);

  it("encodes integers as the reference's padHex", () => {
    const helper = new AuthenticationHelper('TestPool1');
    for (const hex of ['0', '7f', '80', 'ff', '100', '8000', fixedHex('p', 384)]) {
      expect(bytesToHex(toSignedBytes(hexToBigInt(hex)))).toBe(
        helper.padHex(new BigInteger(hex, 16)).toLowerCase(),
      );
    }
  });
});
