import { snapshotTokens, type TokenSnapshot } from '../claims.js';
import type { IdTokenClaims } from '../claimsTypes.js';
import { isSessionError, SessionError } from '../errors.js';
import type { CognitoProvider } from '../providers/cognito/cognito.js';
import { internalsOf, type SessionInternals } from '../session/internals.js';
import type { Session } from '../session.js';
import { deviceStore } from '../storage/deviceStore.js';
import type { TokenSet } from '../types.js';
import {
  type AmplifyKeyStorage,
  type AmplifyKeys,
  amplifyKeysOf,
  canAdoptAsIs,
  readAmplifyKeys,
  removeKeys,
} from './amplifyKeys.js';

export type { AmplifyKeyStorage } from './amplifyKeys.js';

/** Options of {@link adoptAmplifySession}. */
export interface AdoptAmplifySessionOptions {
  /**
   * Where Amplify kept its session: anything with `getItem` and `removeItem`, e.g.
   * `sessionStorage` for an app that configured Amplify with `sessionStorage`.
   * @default globalThis.localStorage (none at all reads as nothing to adopt)
   */
  storage?: AmplifyKeyStorage;
}

/**
 * What {@link adoptAmplifySession} did.
 *
 * - `{ adopted: true, user, refreshed, device }`: the session is signed in with Amplify's user
 *   and Amplify's keys of that user are gone. `refreshed` tells whether the tokens were refreshed
 *   first (one request); `device` whether Amplify's remembered device moved to the session.
 * - `{ adopted: false, reason }`, with `reason`:
 *   - `'none'`: Amplify has no session for this app client (or there is no `localStorage`);
 *   - `'incomplete'`: Amplify's keys lack the ID, access or refresh token; nothing is removed;
 *   - `'signedIn'`: the session was already signed in (or a sign-in finished during the
 *     adoption); it is kept, and Amplify's keys of that user, device included, are removed (left
 *     behind, they would sign the user back in after a sign-out);
 *   - `'expired'`: Cognito refused Amplify's refresh token (expired, revoked); Amplify's keys are
 *     removed as Amplify itself removes them then, the device is kept.
 */
export type AmplifyAdoptionResult =
  | { adopted: true; user: IdTokenClaims; refreshed: boolean; device: boolean }
  | { adopted: false; reason: 'none' | 'incomplete' | 'signedIn' | 'expired' };

function cognitoOf(internals: SessionInternals): CognitoProvider {
  const provider = internals.provider as Partial<CognitoProvider>;
  if (provider.kind !== 'cognito') {
    throw new SessionError('provider', 'adoptAmplifySession() needs the cognito() provider.');
  }
  return provider as CognitoProvider;
}

/** Amplify's keys of `clientId`, and the storage they are in (none: nothing to adopt). */
function readKeys(
  given: AmplifyKeyStorage | undefined,
  clientId: string,
): { storage: AmplifyKeyStorage; found: AmplifyKeys } | undefined {
  try {
    // Reading `localStorage` itself throws where the browser blocks storage.
    const storage = given ?? (globalThis.localStorage as AmplifyKeyStorage | undefined);
    return storage ? { storage, found: readAmplifyKeys(storage, clientId) } : undefined;
  } catch (cause) {
    throw new SessionError('storage', "Reading Amplify's session from storage failed.", { cause });
  }
}

/** The tokens decoded and checked as `setTokens` checks them, expiry aside. */
function checkTokens(tokens: TokenSet, internals: SessionInternals): TokenSnapshot {
  try {
    const snapshot = snapshotTokens(tokens, internals.now());
    internals.provider.validate(snapshot);
    return snapshot;
  } catch (cause) {
    // The claim checks' messages name the problem and never quote a token.
    const problem = isSessionError(cause) ? ` ${cause.message}` : '';
    const message = `Amplify's stored session cannot be adopted.${problem}`;
    throw new SessionError('invalid_token', message, { cause });
  }
}

/** Refreshes Amplify's tokens, with the device key as Amplify would send it. */
async function refreshFirst(
  internals: SessionInternals,
  provider: CognitoProvider,
  found: Extract<AmplifyKeys, { kind: 'complete' }>,
  snapshot: TokenSnapshot,
): Promise<TokenSet> {
  const { refreshToken } = found.tokens;
  const deviceKey = snapshot.accessClaims.device_key || found.device?.deviceKey;
  const claims = deviceKey ? { ...snapshot.accessClaims, device_key: deviceKey } : undefined;
  const received = await internals.call((context) =>
    provider.refresh(refreshToken, context, claims),
  );
  // An answer without a refresh token means "keep yours" (no rotation).
  return { ...received, refreshToken: received.refreshToken ?? refreshToken };
}

/** Moves Amplify's device into the session's device store, under the access token's username. */
async function keepDevice(
  internals: SessionInternals,
  provider: CognitoProvider,
  found: Extract<AmplifyKeys, { kind: 'complete' }>,
  snapshot: TokenSnapshot,
): Promise<boolean> {
  if (!found.device) return false;
  const username = snapshot.accessClaims.username || found.username;
  await deviceStore(internals, provider.userPoolId).save(username, found.device);
  return true;
}

const isSignedIn = (session: Session) => session.getState().status === 'signedIn';

/**
 * Takes over the session Amplify v6 (`aws-amplify/auth`) left in `localStorage`, so users of an
 * app that moves from Amplify to sessionkit stay signed in. Call it once at start-up, before
 * showing a sign-in page; the session must use `cognito()` with the app client Amplify used.
 *
 * It reads Amplify's keys of the session's app client (`CognitoIdentityServiceProvider.<clientId>
 * .LastAuthUser`, then that user's tokens, clock drift and device), checks the tokens as
 * `setTokens` does, adopts them, moves Amplify's remembered device (device key, group and
 * password) to the session's device store, and only then removes all of that user's Amplify keys
 * and `LastAuthUser`. Tokens Amplify received within the last 10 seconds are adopted with no
 * request; older ones (a returning user's) are refreshed first, once, with the device key, so
 * their expiry is measured from fresh tokens rather than guessed from stale ones.
 *
 * Rejects with `invalid_token` when Amplify's tokens are malformed or belong to another pool,
 * client or issuer, with `storage` when the storage throws on read, and with the refresh's own
 * error when that refresh fails for another reason than a dead refresh token (`network`,
 * `timeout`, …); in all those cases Amplify's keys are left untouched, so a later call can try
 * again; with `signed_out` when a sign-out overtakes the adoption. A session that is already
 * signed in is never replaced (see {@link AmplifyAdoptionResult}). Keys the storage refuses to
 * remove after an adoption stay; the next call finds the session signed in and removes them.
 *
 * @example
 * ```ts
 * import { adoptAmplifySession, cognito, createSession } from '@sessionkit/core';
 *
 * const session = createSession({
 *   provider: cognito({ userPoolId: 'eu-west-1_AbC123', clientId: '4tq…' }),
 * });
 * const result = await adoptAmplifySession(session);
 * if (result.adopted) console.info(`Welcome back, ${result.user.email ?? 'user'}`);
 * else if (session.getState().status !== 'signedIn') showSignIn();
 * ```
 */
export async function adoptAmplifySession(
  session: Session,
  options: AdoptAmplifySessionOptions = {},
): Promise<AmplifyAdoptionResult> {
  const internals = internalsOf(session);
  const provider = cognitoOf(internals);
  const read = readKeys(options.storage, provider.clientId);
  if (!read || read.found.kind === 'none') return { adopted: false, reason: 'none' };
  const { storage, found } = read;
  const discard = (reason: 'signedIn' | 'expired') => {
    removeKeys(storage, amplifyKeysOf(provider.clientId, found.username));
    return { adopted: false, reason } as const;
  };

  await session.ready;
  if (isSignedIn(session)) return discard('signedIn');
  if (found.kind === 'incomplete') return { adopted: false, reason: 'incomplete' };
  const snapshot = checkTokens(found.tokens, internals);

  let tokens: TokenSet = found.tokens;
  const asIs = canAdoptAsIs(snapshot, found.clockDriftMs, internals.now());
  if (!asIs) {
    try {
      tokens = await refreshFirst(internals, provider, found, snapshot);
    } catch (error) {
      if (!isSessionError(error) || error.code !== 'invalid_grant') throw error;
      await keepDevice(internals, provider, found, snapshot);
      return discard('expired');
    }
    // A sign-in that finished during the request wins.
    if (isSignedIn(session)) return discard('signedIn');
  }

  const state = await internals.establish(tokens, {});
  if (state.status !== 'signedIn') {
    throw new SessionError(
      'signed_out',
      "Adopting Amplify's session was overtaken by a sign-out or another sign-in.",
    );
  }
  // Another sign-in overtook this one: it stays.
  if (state.tokens.accessToken !== tokens.accessToken) return discard('signedIn');
  const device = await keepDevice(internals, provider, found, snapshot);
  removeKeys(storage, amplifyKeysOf(provider.clientId, found.username));
  return { adopted: true, user: state.user, refreshed: !asIs, device };
}
