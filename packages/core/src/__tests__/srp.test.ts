import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeClientS,
  computeLargeA,
  computePasswordClaim,
  computeU,
  computeX,
  createSrpClientKeys,
  derivePasswordKey,
  formatSrpTimestamp,
  signPasswordClaim,
  srpMultiplier,
  srpPoolName,
} from '../providers/cognito/srp.js';
import {
  bytesToBigInt,
  hexToBigInt,
  hexToBytes,
  modPow,
  SRP_N,
  toSignedBytes,
} from '../providers/cognito/srpMath.js';
import {
  computeServerS,
  computeVerifier,
  createSrpServerKeys,
  isCanonicalSrpTimestamp,
  parseSrpTimestamp,
  verifyPasswordClaim,
} from '../providers/cognito/srpServer.js';

describe('formatSrpTimestamp (EEE MMM d HH:mm:ss UTC yyyy)', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9])('writes day %i unpadded', (day) => {
    expect(formatSrpTimestamp(Date.UTC(2024, 1, day, 3, 4, 5))).toMatch(
      new RegExp(`^\\w{3} Feb ${day} 03:04:05 UTC 2024$`),
    );
  });

  it('writes two-digit days as they are', () => {
    expect(formatSrpTimestamp(Date.UTC(2024, 1, 10, 0, 0, 0))).toBe('Sat Feb 10 00:00:00 UTC 2024');
    expect(formatSrpTimestamp(Date.UTC(2024, 0, 31, 23, 59, 59))).toBe(
      'Wed Jan 31 23:59:59 UTC 2024',
    );
  });

  it.each([
    [0, 'Jan'],
    [1, 'Feb'],
    [2, 'Mar'],
    [3, 'Apr'],
    [4, 'May'],
    [5, 'Jun'],
    [6, 'Jul'],
    [7, 'Aug'],
    [8, 'Sep'],
    [9, 'Oct'],
    [10, 'Nov'],
    [11, 'Dec'],
  ])('names month %i %s', (month, name) => {
    expect(formatSrpTimestamp(Date.UTC(2025, month, 15, 12, 0, 0)).split(' ')[1]).toBe(name);
  });

  // 2024-09-01 was a Sunday.
  it.each([
    [1, 'Sun'],
    [2, 'Mon'],
    [3, 'Tue'],
    [4, 'Wed'],
    [5, 'Thu'],
    [6, 'Fri'],
    [7, 'Sat'],
  ])('names the weekday of September %i, 2024 %s', (day, name) => {
    expect(formatSrpTimestamp(Date.UTC(2024, 8, day, 7, 8, 9))).toBe(
      `${name} Sep ${day} 07:08:09 UTC 2024`,
    );
  });

  it('uses UTC and English whatever the time zone, and Date objects too', () => {
    expect(formatSrpTimestamp(new Date('2023-12-31T23:30:00-05:00'))).toBe(
      'Mon Jan 1 04:30:00 UTC 2024',
    );
  });

  it('round-trips through parseSrpTimestamp for any time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.UTC(9999, 11, 31) / 1000 }), (seconds) => {
        const text = formatSrpTimestamp(seconds * 1000);
        expect(parseSrpTimestamp(text)).toBe(seconds * 1000);
        expect(isCanonicalSrpTimestamp(text)).toBe(true);
      }),
    );
  });

  it('reads padded days and wrong weekdays, but does not call them canonical', () => {
    for (const text of ['Tue Sep 05 08:03:09 UTC 2023', 'Wed Sep 5 08:03:09 UTC 2023']) {
      expect(parseSrpTimestamp(text)).toBe(Date.UTC(2023, 8, 5, 8, 3, 9));
      expect(isCanonicalSrpTimestamp(text)).toBe(false);
    }
    expect(parseSrpTimestamp('2023-09-05T08:03:09Z')).toBeNull();
    expect(parseSrpTimestamp('Tue Sept 5 08:03:09 UTC 2023')).toBeNull();
  });

  // Cognito answers a TIMESTAMP it cannot read with InvalidParameterException and one it reads
  // but would write otherwise with "Incorrect username or password." (testing/srpSignIn.ts).
  it.each([
    ['Tue Sep 5 8:03:09 UTC 2023', Date.UTC(2023, 8, 5, 8, 3, 9)],
    ['Tue Sep 5 08:03:09 GMT 2023', Date.UTC(2023, 8, 5, 8, 3, 9)],
    ['Sun Dec 31 23:59:59 UTC 2023', Date.UTC(2023, 11, 31, 23, 59, 59)],
    ['Mon Jan 1 00:00:00 UTC 2024', Date.UTC(2024, 0, 1, 0, 0, 0)],
  ])('reads %j at the edges of the pattern', (text, time) => {
    expect(parseSrpTimestamp(text)).toBe(time);
  });

  it.each([
    ['an unknown weekday', 'Tus Sep 5 08:03:09 UTC 2023'],
    ['an unknown month', 'Tue Spt 5 08:03:09 UTC 2023'],
    ['day 0', 'Tue Sep 0 08:03:09 UTC 2023'],
    ['day 32', 'Tue Sep 32 08:03:09 UTC 2023'],
    ['hour 24', 'Tue Sep 5 24:03:09 UTC 2023'],
    ['minute 60', 'Tue Sep 5 08:60:09 UTC 2023'],
    ['second 60', 'Tue Sep 5 08:03:60 UTC 2023'],
    ['a three-digit hour', 'Tue Sep 5 008:03:09 UTC 2023'],
    ['text before it', 'x Tue Sep 5 08:03:09 UTC 2023'],
    ['text after it', 'Tue Sep 5 08:03:09 UTC 2023 x'],
    ['no zone', 'Tue Sep 5 08:03:09 2023'],
    ['an empty zone', 'Tue Sep 5 08:03:09  2023'],
  ])('does not read %s', (_, text) => {
    expect(parseSrpTimestamp(text)).toBeNull();
    expect(isCanonicalSrpTimestamp(text)).toBe(false);
  });
});

describe('modPow', () => {
  function naive(base: bigint, exponent: bigint, modulus: bigint): bigint {
    let result = 1n % modulus;
    for (let step = 0n; step < exponent; step++) result = (result * base) % modulus;
    return result;
  }

  it('equals repeated multiplication on small numbers (any base, 2 included)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -1000n, max: 1000n }),
        fc.bigInt({ min: 0n, max: 300n }),
        fc.bigInt({ min: 1n, max: 10_000n }),
        (base, exponent, modulus) => {
          const reduced = ((base % modulus) + modulus) % modulus;
          expect(modPow(base, exponent, modulus)).toBe(naive(reduced, exponent, modulus));
          expect(modPow(2n, exponent, modulus)).toBe(naive(2n, exponent, modulus));
        },
      ),
    );
  });

  it('satisfies Fermat on the 3072-bit prime', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n, max: SRP_N - 1n }), (base) => {
        expect(modPow(base, SRP_N - 1n, SRP_N)).toBe(1n);
      }),
      { numRuns: 5 },
    );
  });
});

describe('hex, bytes and integers', () => {
  it('reads hex of any length as bytes, and refuses anything else', () => {
    expect([...hexToBytes('')]).toEqual([]);
    expect([...hexToBytes('0aBc')]).toEqual([0x0a, 0xbc]);
    expect([...hexToBytes('abc')]).toEqual([0x0a, 0xbc]);
    for (const text of ['zz', 'zab', 'abz', '0x12']) {
      expect(() => hexToBytes(text)).toThrow(new TypeError('Not a hex string'));
    }
  });

  it('reads hex as an integer, and refuses empty text and anything else', () => {
    expect(hexToBigInt('ff')).toBe(255n);
    for (const text of ['', 'zab', 'abz', '-1']) {
      expect(() => hexToBigInt(text)).toThrow(new TypeError('Not a hex string'));
    }
  });

  it('reads no bytes as 0 and big-endian bytes as their integer', () => {
    expect(bytesToBigInt(new Uint8Array())).toBe(0n);
    expect(bytesToBigInt(new Uint8Array([1, 0]))).toBe(256n);
  });

  it("writes Java's two's-complement bytes, refusing negative values", () => {
    expect([...toSignedBytes(0x7fn)]).toEqual([0x7f]);
    expect([...toSignedBytes(0x80n)]).toEqual([0, 0x80]);
    expect([...toSignedBytes(0xabcn)]).toEqual([0x0a, 0xbc]);
    expect(() => toSignedBytes(-1n)).toThrow(new RangeError('toSignedBytes: negative value'));
  });

  it('refuses a negative exponent', () => {
    expect(() => modPow(2n, -1n, 7n)).toThrow(new RangeError('modPow: negative exponent'));
  });
});

describe('client and server sides agree', () => {
  const poolName = srpPoolName('eu-west-1_TestPool1');

  it('reads the pool name after the underscore', () => {
    expect(poolName).toBe('TestPool1');
  });

  it('the server S equals the client S, and the claim verifies only for the right password', async () => {
    const salt = 0xc0ffee_1234_5678_9abc_def0n;
    const v = await computeVerifier(salt, poolName, 'alice', 'Passw0rd!1');
    const { b, B } = await createSrpServerKeys(v);
    const { a, A } = createSrpClientKeys();
    const u = await computeU(A, B);
    const x = await computeX(salt, poolName, 'alice', 'Passw0rd!1');
    const clientS = computeClientS({ a, B, x, u, k: await srpMultiplier() });
    expect(computeServerS({ A, v, u, b })).toBe(clientS);

    const claim = {
      poolName,
      userId: 'alice',
      secretBlock: 'c2VjcmV0',
      timestamp: 'Thu Jan 1 12:00:00 UTC 2026',
    };
    const proof = async (password: string) =>
      (await computePasswordClaim({ ...claim, a, A, B, salt, password })).signature;
    const server = { ...claim, A, B, b, v };
    expect(await verifyPasswordClaim({ ...server, signature: await proof('Passw0rd!1') })).toBe(
      true,
    );
    expect(await verifyPasswordClaim({ ...server, signature: await proof('Passw0rd!2') })).toBe(
      false,
    );
    expect(
      await verifyPasswordClaim({
        ...server,
        timestamp: 'Thu Jan 1 12:00:01 UTC 2026',
        signature: await proof('Passw0rd!1'),
      }),
    ).toBe(false);
    expect(
      await verifyPasswordClaim({ ...server, A: SRP_N, signature: await proof('Passw0rd!1') }),
    ).toBe(false);
  });

  it('refuses a proof made without the password from an A of 0 mod N (S is then 0)', async () => {
    const salt = 0x5a17n;
    const v = await computeVerifier(salt, poolName, 'alice', 'Passw0rd!1');
    const { b, B } = await createSrpServerKeys(v);
    const claim = {
      poolName,
      userId: 'alice',
      secretBlock: 'c2VjcmV0',
      timestamp: 'Thu Jan 1 12:00:00 UTC 2026',
    };
    for (const A of [SRP_N, SRP_N * 2n]) {
      const u = await computeU(A, B);
      // Whatever v is, the server's S is 0: anyone can derive the key and sign.
      expect(computeServerS({ A, v, u, b })).toBe(0n);
      const forged = await signPasswordClaim(await derivePasswordKey(0n, u), claim);
      expect(await verifyPasswordClaim({ ...claim, A, B, b, v, signature: forged })).toBe(false);
    }
  });

  it("draws the server's secret b from 32 random bytes, and B = k·v + g^b in (0, N)", async () => {
    const v = await computeVerifier(7n, poolName, 'alice', 'Passw0rd!1');
    const keys = await Promise.all(Array.from({ length: 8 }, () => createSrpServerKeys(v)));
    expect(new Set(keys.map(({ b }) => b)).size).toBe(8);
    for (const { b, B } of keys) {
      expect(b).toBeLessThan(1n << 256n);
      expect(B).toBe(((await srpMultiplier()) * v + modPow(2n, b, SRP_N)) % SRP_N);
      expect(B > 0n && B < SRP_N).toBe(true);
    }
    // Eight draws all under 2^248 would happen once in 2^64 tries.
    expect(keys.some(({ b }) => b >= 1n << 248n)).toBe(true);
  });

  it('refuses B = 0 mod N on the client side', async () => {
    const { a, A } = createSrpClientKeys();
    const claim = { poolName, userId: 'alice', secretBlock: 'c2VjcmV0', timestamp: 'x' };
    await expect(
      computePasswordClaim({ ...claim, a, A, B: SRP_N * 2n, salt: 1n, password: 'p' }),
    ).rejects.toThrow(/B mod N is 0/);
  });

  it('computes A = g^a', () => {
    expect(computeLargeA(1n)).toBe(2n);
    expect(computeLargeA(3072n)).toBe(modPow(2n, 3072n, SRP_N));
  });
});
