/**
 * SRP-6a as Cognito does it (`USER_SRP_AUTH`), client side: the values of one password proof,
 * each a pure function so a test can hold them against AWS's own client, amazon-cognito-identity-js
 * (src/__tests__/srpReference.test.ts). The server side, which
 * the testing kit verifies with, is in srpServer.ts; the wire flow in srpSignIn.ts.
 *
 * - Group: the 3072-bit prime of RFC 5054, g = 2, H = SHA-256, every integer hashed in
 *   Cognito's two's-complement encoding ({@link toSignedBytes}).
 * - k = H(N ‖ g); A = g^a; u = H(A ‖ B); x = H(salt ‖ SHA-256(poolName ‖ userId ‖ ":" ‖ password)).
 * - S = (B − k·g^x)^(a + u·x) mod N; key = HKDF-SHA256(S, salt u, info "Caldera Derived Key"),
 *   16 bytes.
 * - `PASSWORD_CLAIM_SIGNATURE` = base64(HMAC-SHA256(key, poolName ‖ userId ‖ secret block bytes ‖
 *   timestamp)).
 */
import {
  base64ToBytes,
  bytesToBase64,
  bytesToBigInt,
  concatBytes,
  hashToBigInt,
  hkdfSha256,
  hmacSha256,
  mod,
  modPow,
  SRP_G,
  SRP_N,
  sha256,
  toSignedBytes,
  utf8,
} from './srpMath.js';

/** Length of the client's secret `a`: 128 random bytes, as AWS's clients use. */
export const SRP_SECRET_BYTES = 128;

/** HKDF info of the password key. */
const DERIVED_KEY_INFO = 'Caldera Derived Key';
/** Length of the password key in bytes. */
const DERIVED_KEY_BYTES = 16;

let multiplier: Promise<bigint> | undefined;

/**
 * k = H(N ‖ g), computed once.
 * @example
 * ```ts
 * const k = await srpMultiplier();
 * ```
 */
export function srpMultiplier(): Promise<bigint> {
  multiplier ??= hashToBigInt(toSignedBytes(SRP_N), toSignedBytes(SRP_G));
  multiplier.catch(() => {
    multiplier = undefined;
  });
  return multiplier;
}

/**
 * The pool name that SRP hashes: what follows the `_` of the pool id (`eu-west-1_AbC123` →
 * `AbC123`).
 * @example
 * ```ts
 * srpPoolName('eu-west-1_AbC123'); // 'AbC123'
 * ```
 */
export function srpPoolName(userPoolId: string): string {
  return userPoolId.slice(userPoolId.indexOf('_') + 1);
}

/**
 * A = g^a mod N. Throws when A mod N = 0, which SRP-6a forbids (never for a in [1, N)).
 * @example
 * ```ts
 * const A = computeLargeA(a);
 * ```
 */
export function computeLargeA(a: bigint): bigint {
  const A = modPow(SRP_G, a, SRP_N);
  if (A === 0n) throw new RangeError('SRP: A mod N is 0');
  return A;
}

/**
 * The client's secret `a` (random) and public `A`, a fresh pair per sign-in.
 * @example
 * ```ts
 * const { a, A } = createSrpClientKeys();
 * authParameters.SRP_A = A.toString(16);
 * ```
 */
export function createSrpClientKeys(): { a: bigint; A: bigint } {
  for (;;) {
    const bytes = globalThis.crypto.getRandomValues(new Uint8Array(SRP_SECRET_BYTES));
    const a = bytesToBigInt(bytes);
    if (a !== 0n) return { a, A: computeLargeA(a) };
  }
}

/**
 * u = H(A ‖ B), the scrambling parameter; the caller refuses u = 0.
 * @example
 * ```ts
 * const u = await computeU(A, B);
 * ```
 */
export function computeU(A: bigint, B: bigint): Promise<bigint> {
  return hashToBigInt(toSignedBytes(A), toSignedBytes(B));
}

/**
 * x = H(salt ‖ SHA-256(poolName ‖ userId ‖ ":" ‖ password)), the private key from the password.
 * @example
 * ```ts
 * const x = await computeX(hexToBigInt(SALT), 'AbC123', USER_ID_FOR_SRP, password);
 * ```
 */
export async function computeX(
  salt: bigint,
  poolName: string,
  userId: string,
  password: string,
): Promise<bigint> {
  const identity = await sha256(utf8(`${poolName}${userId}:${password}`));
  return hashToBigInt(toSignedBytes(salt), identity);
}

/**
 * The client's S = (B − k·g^x)^(a + u·x) mod N.
 * @example
 * ```ts
 * const S = computeClientS({ a, B, x, u, k: await srpMultiplier() });
 * ```
 */
export function computeClientS(input: { a: bigint; B: bigint; x: bigint; u: bigint; k: bigint }) {
  const { a, B, x, u, k } = input;
  const base = mod(B - k * modPow(SRP_G, x, SRP_N), SRP_N);
  return modPow(base, a + u * x, SRP_N);
}

/**
 * The 16-byte password key: HKDF-SHA256 of S with salt u and info "Caldera Derived Key".
 * @example
 * ```ts
 * const key = await derivePasswordKey(S, u);
 * ```
 */
export function derivePasswordKey(S: bigint, u: bigint): Promise<Uint8Array<ArrayBuffer>> {
  return hkdfSha256(toSignedBytes(S), toSignedBytes(u), utf8(DERIVED_KEY_INFO), DERIVED_KEY_BYTES);
}

/** What the password claim signs. */
export interface PasswordClaim {
  poolName: string;
  /** `USER_ID_FOR_SRP`. */
  userId: string;
  /** `SECRET_BLOCK` as Cognito sent it (base64). */
  secretBlock: string;
  /** {@link formatSrpTimestamp} of now. */
  timestamp: string;
}

/**
 * `PASSWORD_CLAIM_SIGNATURE`: base64(HMAC-SHA256(key, poolName ‖ userId ‖ secret block ‖
 * timestamp)), the secret block decoded from base64.
 * @example
 * ```ts
 * const signature = await signPasswordClaim(key, { poolName, userId, secretBlock, timestamp });
 * ```
 */
export async function signPasswordClaim(
  key: Uint8Array<ArrayBuffer>,
  claim: PasswordClaim,
): Promise<string> {
  const message = concatBytes(
    utf8(claim.poolName),
    utf8(claim.userId),
    base64ToBytes(claim.secretBlock),
    utf8(claim.timestamp),
  );
  return bytesToBase64(await hmacSha256(key, message));
}

/**
 * The client side of one password proof, from the client's keys and Cognito's
 * `PASSWORD_VERIFIER` parameters. Rejects (RangeError) when B mod N = 0 or u = 0.
 * @example
 * ```ts
 * const { signature } = await computePasswordClaim({
 *   a, A, B: hexToBigInt(SRP_B), salt: hexToBigInt(SALT), password,
 *   poolName: 'AbC123', userId: USER_ID_FOR_SRP, secretBlock: SECRET_BLOCK,
 *   timestamp: formatSrpTimestamp(Date.now()),
 * });
 * ```
 */
export async function computePasswordClaim(
  input: PasswordClaim & { a: bigint; A: bigint; B: bigint; salt: bigint; password: string },
): Promise<{ u: bigint; x: bigint; S: bigint; key: Uint8Array<ArrayBuffer>; signature: string }> {
  if (mod(input.B, SRP_N) === 0n) throw new RangeError('SRP: B mod N is 0');
  const u = await computeU(input.A, input.B);
  if (u === 0n) throw new RangeError('SRP: u is 0');
  const [x, k] = await Promise.all([
    computeX(input.salt, input.poolName, input.userId, input.password),
    srpMultiplier(),
  ]);
  const S = computeClientS({ a: input.a, B: input.B, x, u, k });
  const key = await derivePasswordKey(S, u);
  return { u, x, S, key, signature: await signPasswordClaim(key, input) };
}

/** English weekday names, as the `TIMESTAMP` spells them. */
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
/** English month names, as the `TIMESTAMP` spells them. */
export const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/**
 * The `TIMESTAMP` of a password claim: `EEE MMM d HH:mm:ss UTC yyyy`, English names, UTC, the day
 * not padded (Cognito refuses `Sep 05`), e.g. `Tue Sep 5 08:03:09 UTC 2023`.
 * @example
 * ```ts
 * formatSrpTimestamp(Date.UTC(2023, 8, 5, 8, 3, 9)); // 'Tue Sep 5 08:03:09 UTC 2023'
 * ```
 */
export function formatSrpTimestamp(time: number | Date): string {
  const date = new Date(time);
  const two = (value: number) => String(value).padStart(2, '0');
  const clock = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()} ${clock} UTC ${date.getUTCFullYear()}`;
}
