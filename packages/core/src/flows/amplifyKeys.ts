/**
 * Amplify v6's keys in `localStorage` and what they hold, for adoptAmplifySession.ts. Pure but
 * for the storage reads. Amplify v6's token store writes, per app client:
 *
 * - `CognitoIdentityServiceProvider.<clientId>.LastAuthUser`: the signed-in username, as the
 *   sign-in saw it (`USERNAME` or `USER_ID_FOR_SRP` of the challenge, else what the user typed;
 *   the access token's `username` claim after a redirect sign-in);
 * - `CognitoIdentityServiceProvider.<clientId>.<username>.<name>` for each name of
 *   {@link AMPLIFY_USER_KEY_NAMES}: the raw JWT strings, the refresh token, `clockDrift` as a
 *   decimal integer string (ms, `iat·1000 − Date.now()` at receipt, docs/cognito-wire.md
 *   section 6), `signInDetails` as JSON, and the device (`deviceKey`, `deviceGroupKey`,
 *   `randomPasswordKey`: the device password).
 *
 * - `CognitoIdentityServiceProvider.<clientId>.oauthSignIn`: after a hosted-UI sign-in, whether
 *   the session came from it (`"true,false"`); while it is set, Amplify's `signOut` sends the
 *   browser to the hosted UI's `/logout`.
 *
 * The username goes into the key as it is: no URL encoding, dots and `@` included.
 */
import type { TokenSnapshot } from '../claims.js';
import type { RememberedDevice } from '../storage/deviceStore.js';
import type { TokenSet } from '../types.js';

/** The prefix of every key Amplify's token store writes. */
export const AMPLIFY_KEY_PREFIX = 'CognitoIdentityServiceProvider';

/** Every per-user key name Amplify v6's token store writes or clears. */
export const AMPLIFY_USER_KEY_NAMES = [
  'accessToken',
  'idToken',
  'oidcProvider',
  'clockDrift',
  'refreshToken',
  'deviceKey',
  'randomPasswordKey',
  'deviceGroupKey',
  'signInDetails',
  'oauthMetadata',
] as const;

/** The part of the Web Storage API adoption uses: reading and removing keys. */
export interface AmplifyKeyStorage {
  /** The value stored under `key`, or null when there is none (as Web Storage answers). */
  getItem(key: string): string | null;
  /** Removes `key`; called for Amplify's keys once the session is adopted or discarded. */
  removeItem(key: string): void;
}

/** What Amplify's keys hold for one app client. */
export type AmplifyKeys =
  /** No `LastAuthUser`: Amplify has no session for this client. */
  | { kind: 'none' }
  /** A `LastAuthUser` but not all of the ID, access and refresh tokens. */
  | { kind: 'incomplete'; username: string }
  | {
      kind: 'complete';
      /** The username as it appears in Amplify's keys (`LastAuthUser`). */
      username: string;
      tokens: Required<TokenSet>;
      /** Amplify's measured clock drift (server minus local, ms); 0 when absent or unreadable. */
      clockDriftMs: number;
      /** The device, when all three of its keys are there. */
      device: RememberedDevice | undefined;
    };

/** The key of `LastAuthUser` for an app client. */
export function lastAuthUserKey(clientId: string): string {
  return `${AMPLIFY_KEY_PREFIX}.${clientId}.LastAuthUser`;
}

/** The key of one of a user's values, `username` as Amplify wrote it (not encoded). */
export function amplifyUserKey(
  clientId: string,
  username: string,
  name: (typeof AMPLIFY_USER_KEY_NAMES)[number],
): string {
  return `${AMPLIFY_KEY_PREFIX}.${clientId}.${username}.${name}`;
}

/**
 * Every key of a user's Amplify session, device included, `LastAuthUser`, and the hosted-UI flag
 * (`oauthSignIn`), which would otherwise send a later Amplify `signOut` to `/logout`.
 */
export function amplifyKeysOf(clientId: string, username: string): string[] {
  return [
    ...AMPLIFY_USER_KEY_NAMES.map((name) => amplifyUserKey(clientId, username, name)),
    lastAuthUserKey(clientId),
    `${AMPLIFY_KEY_PREFIX}.${clientId}.oauthSignIn`,
  ];
}

/** Amplify's `clockDrift` value: a decimal integer string (Amplify reads a missing one as 0). */
export function parseClockDrift(value: string | null): number {
  const drift = Number.parseInt(value ?? '0', 10);
  return Number.isFinite(drift) ? drift : 0;
}

/** Reads what Amplify keeps for `clientId`. Throws whatever the storage throws. */
export function readAmplifyKeys(storage: AmplifyKeyStorage, clientId: string): AmplifyKeys {
  const username = storage.getItem(lastAuthUserKey(clientId));
  if (!username) return { kind: 'none' };
  const read = (name: (typeof AMPLIFY_USER_KEY_NAMES)[number]) =>
    storage.getItem(amplifyUserKey(clientId, username, name)) || undefined;
  const idToken = read('idToken');
  const accessToken = read('accessToken');
  const refreshToken = read('refreshToken');
  if (!idToken || !accessToken || !refreshToken) return { kind: 'incomplete', username };
  const deviceKey = read('deviceKey');
  const deviceGroupKey = read('deviceGroupKey');
  const devicePassword = read('randomPasswordKey');
  return {
    kind: 'complete',
    username,
    tokens: { idToken, accessToken, refreshToken },
    clockDriftMs: parseClockDrift(read('clockDrift') ?? null),
    device:
      deviceKey && deviceGroupKey && devicePassword
        ? { deviceKey, deviceGroupKey, devicePassword }
        : undefined,
  };
}

/** Removes every key of `keys`, going on past keys the storage refuses to remove. */
export function removeKeys(storage: AmplifyKeyStorage, keys: readonly string[]): void {
  for (const key of keys) {
    try {
      storage.removeItem(key);
    } catch {
      // Left for the next call, which finds the session signed in and removes it then.
    }
  }
}

/**
 * Tokens older than this (by Amplify's own clock drift) are refreshed before they are adopted,
 * so the session measures their expiry right; younger ones are adopted as they are.
 */
export const ADOPT_AS_IS_WITHIN_MS = 10_000;

/**
 * Whether tokens can be adopted without a refresh. The session measures the clock skew as if
 * tokens had just arrived (`iat·1000 − now`, src/claims.ts): for tokens Amplify received a while
 * ago that is off by their age, and so is every expiry it computes. Amplify measured the skew
 * when they did arrive; within {@link ADOPT_AS_IS_WITHIN_MS} of it, and not expired by it, the
 * tokens are adopted as they are.
 */
export function canAdoptAsIs(
  measured: Pick<TokenSnapshot, 'clockSkewMs' | 'expiresAt'>,
  amplifyDriftMs: number,
  now: number,
): boolean {
  const error = measured.clockSkewMs - amplifyDriftMs;
  return Math.abs(error) <= ADOPT_AS_IS_WITHIN_MS && measured.expiresAt + error > now;
}
