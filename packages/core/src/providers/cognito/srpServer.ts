/**
 * SRP-6a as Cognito does it, server side: what a user pool keeps (the verifier v = g^x), what it
 * sends (B = k·v + g^b), and how it checks a `PASSWORD_CLAIM_SIGNATURE` with
 * S = (A·v^u)^b mod N. The testing kit verifies sign-ins with it; an app never imports it.
 * Formulas and encodings as in srp.ts.
 */
import {
  computeU,
  computeX,
  derivePasswordKey,
  formatSrpTimestamp,
  MONTHS,
  type PasswordClaim,
  signPasswordClaim,
  srpMultiplier,
  WEEKDAYS,
} from './srp.js';
import { bytesToBigInt, mod, modPow, SRP_G, SRP_N } from './srpMath.js';

/** Length of the server's secret `b` in bytes. */
const SERVER_SECRET_BYTES = 32;

/**
 * The password verifier v = g^x mod N a pool stores instead of the password.
 * @example
 * ```ts
 * const v = await computeVerifier(salt, 'AbC123', 'alice', 'Passw0rd!');
 * ```
 */
export async function computeVerifier(
  salt: bigint,
  poolName: string,
  userId: string,
  password: string,
): Promise<bigint> {
  return modPow(SRP_G, await computeX(salt, poolName, userId, password), SRP_N);
}

/**
 * B = (k·v + g^b) mod N.
 * @example
 * ```ts
 * const B = await computeLargeB(b, v);
 * ```
 */
export async function computeLargeB(b: bigint, v: bigint): Promise<bigint> {
  return mod((await srpMultiplier()) * v + modPow(SRP_G, b, SRP_N), SRP_N);
}

/**
 * The server's secret `b` (random) and public `B` for a user's verifier, B mod N ≠ 0.
 * @example
 * ```ts
 * const { b, B } = await createSrpServerKeys(v);
 * challengeParameters.SRP_B = B.toString(16);
 * ```
 */
export async function createSrpServerKeys(v: bigint): Promise<{ b: bigint; B: bigint }> {
  for (;;) {
    const b = bytesToBigInt(globalThis.crypto.getRandomValues(new Uint8Array(SERVER_SECRET_BYTES)));
    const B = b === 0n ? 0n : await computeLargeB(b, v);
    if (B !== 0n) return { b, B };
  }
}

/**
 * The server's S = (A·v^u)^b mod N, equal to the client's when both used the same password.
 * @example
 * ```ts
 * const S = computeServerS({ A, v, u, b });
 * ```
 */
export function computeServerS(input: { A: bigint; v: bigint; u: bigint; b: bigint }): bigint {
  const { A, v, u, b } = input;
  return modPow(mod(A * modPow(v, u, SRP_N), SRP_N), b, SRP_N);
}

/**
 * Whether a `PASSWORD_CLAIM_SIGNATURE` proves the password behind `v`: recomputes the key from the
 * server's side and the signature over the claim. False for A mod N = 0 or u = 0 too.
 * @example
 * ```ts
 * const ok = await verifyPasswordClaim({ A, B, b, v, poolName, userId, secretBlock, timestamp, signature });
 * ```
 */
export async function verifyPasswordClaim(
  input: PasswordClaim & { A: bigint; B: bigint; b: bigint; v: bigint; signature: string },
): Promise<boolean> {
  if (mod(input.A, SRP_N) === 0n) return false;
  const u = await computeU(input.A, input.B);
  if (u === 0n) return false;
  const key = await derivePasswordKey(computeServerS({ ...input, u }), u);
  return (await signPasswordClaim(key, input)) === input.signature;
}

/**
 * Reads a `TIMESTAMP` in Cognito's pattern `EEE MMM d HH:mm:ss z yyyy` (English names) loosely:
 * a padded day, a wrong weekday or another zone name still parse (Cognito then refuses the
 * signature rather than the format). Returns the time in ms, or `null` when the text does not
 * follow the pattern. {@link formatSrpTimestamp} of the result is the canonical form.
 * @example
 * ```ts
 * parseSrpTimestamp('Tue Sep 5 08:03:09 UTC 2023'); // Date.UTC(2023, 8, 5, 8, 3, 9)
 * ```
 */
export function parseSrpTimestamp(text: string): number | null {
  const match = /^(\w{3}) (\w{3}) (\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) \S+ (\d{4})$/.exec(text);
  if (!match) return null;
  // The pattern has no optional group: every one holds text.
  const [, weekday, month, ...numbers] = match as unknown as [string, string, string, ...string[]];
  const monthIndex = (MONTHS as readonly string[]).indexOf(month);
  if (monthIndex < 0 || !(WEEKDAYS as readonly string[]).includes(weekday)) return null;
  const [day, hours, minutes, seconds, year] = numbers.map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 59) return null;
  return Date.UTC(year, monthIndex, day, hours, minutes, seconds);
}

/**
 * Whether a `TIMESTAMP` is exactly what {@link formatSrpTimestamp} writes for its time.
 * @example
 * ```ts
 * isCanonicalSrpTimestamp('Tue Sep 05 08:03:09 UTC 2023'); // false: padded day
 * ```
 */
export function isCanonicalSrpTimestamp(text: string): boolean {
  const time = parseSrpTimestamp(text);
  return time !== null && formatSrpTimestamp(time) === text;
}
