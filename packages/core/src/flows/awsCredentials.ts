/**
 * AWS credentials from a Cognito identity pool for the signed-in user, or a guest
 * (docs/cognito-wire.md section 13): what Amplify's `fetchAuthSession()` gives as `credentials`
 * and `identityId`, in the shape the AWS SDK v3 takes as a credentials provider.
 */
import { SessionError } from '../errors.js';
import type { CognitoProvider } from '../providers/cognito/cognito.js';
import {
  getCredentialsForIdentity,
  getIdentityId,
  type IdentityCredentials,
  identityPoolRegion,
} from '../providers/cognito/identityPoolApi.js';
import { internalsOf } from '../session/internals.js';
import type { Session } from '../session.js';
import { memoryStorage } from '../storage/memoryStorage.js';

/** Options of {@link createAwsCredentials}. */
export interface AwsCredentialsOptions {
  /** The identity pool's id, `{region}:{GUID}`, e.g. `eu-west-1:0d6b8c5e-1f0a-4c1e-9d0b-2a3c4d5e6f70`. */
  identityPoolId: string;
  /**
   * Credentials for nobody signed in too (the identity pool's unauthenticated role, which it must
   * allow). Without it, asking with nobody signed in rejects with `signed_out`. @default false
   */
  allowGuest?: boolean;
  /** Replaces `https://cognito-identity.{region}.amazonaws.com/` (emulators, proxies). */
  endpoint?: string;
}

/** Credentials from the identity pool: what the AWS SDK v3 takes, with the identity they are for. */
export interface AwsCredentials {
  /** The temporary access key id (the identity pool's `AccessKeyId`). */
  accessKeyId: string;
  /** The secret access key that goes with `accessKeyId` (the identity pool's `SecretKey`). */
  secretAccessKey: string;
  /** The session token temporary credentials need with every request (`SessionToken`). */
  sessionToken: string;
  /** When they stop working; a new call after that (or near it) gets new ones. */
  expiration: Date;
  /** The identity pool's id for the user (the same each time), or for this browser's guest. */
  identityId: string;
  /** `true` for the signed-in user's credentials, `false` for a guest's. */
  authenticated: boolean;
}

/** Resolves the current credentials; `forceRefresh` asks for new ones. */
export type AwsCredentialsProvider = (options?: {
  forceRefresh?: boolean;
}) => Promise<AwsCredentials>;

/** Credentials this close to their expiration are renewed first (as the AWS SDK does). */
const RENEW_MARGIN_MS = 5 * 60_000;

/**
 * Makes a provider of AWS credentials from a Cognito identity pool that trusts the session's
 * user pool: for the signed-in user, logged in with the ID token (refreshed first when it has less
 * than a minute left), and, with `allowGuest`, for nobody signed in. Pass it to an AWS SDK v3
 * client as its `credentials`. Credentials are kept in memory until 5 minutes before they expire,
 * or until the user changes (a sign-out drops the user's at once); concurrent calls share one
 * request. A guest's identity id is kept in the session's storage (in memory with
 * `persist: 'none'`), so the identity pool does not count a new guest on every page load. Rejects
 * with `signed_out` when nobody is signed in (without `allowGuest`), `provider` when the identity
 * pool refuses (its words in `providerMessage`), `rate_limited`, `network`.
 *
 * @example
 * ```ts
 * import { createAwsCredentials } from '@sessionkit/core';
 *
 * const credentials = createAwsCredentials(session, {
 *   identityPoolId: 'eu-west-1:0d6b8c5e-1f0a-4c1e-9d0b-2a3c4d5e6f70',
 *   allowGuest: true,
 * });
 * const { accessKeyId, identityId, expiration } = await credentials();
 * // With the AWS SDK v3: new S3Client({ region: 'eu-west-1', credentials })
 * ```
 */
export function createAwsCredentials(
  session: Session,
  options: AwsCredentialsOptions,
): AwsCredentialsProvider {
  const internals = internalsOf(session);
  const region = identityPoolRegion(options?.identityPoolId ?? '');
  if (!region) {
    throw new TypeError(
      `createAwsCredentials(): identityPoolId must look like "eu-west-1:0d6b8c5e-…", got ${JSON.stringify(options?.identityPoolId)}.`,
    );
  }
  const provider = internals.provider as Partial<CognitoProvider>;
  if (provider.kind !== 'cognito') {
    throw new TypeError('createAwsCredentials() needs a session with the cognito() provider.');
  }
  const { identityPoolId } = options;
  const endpoint = options.endpoint ?? `https://cognito-identity.${region}.amazonaws.com/`;
  // The identity pool knows the user pool by its original issuer, without the scheme.
  const poolRegion = provider.userPoolId?.split('_')[0];
  const loginName = `cognito-idp.${poolRegion}.amazonaws.com/${provider.userPoolId}`;
  const guestKey = `sessionkit-identity:${identityPoolId}`;
  /** The user's identity id per `sub` (it never changes for a user). */
  const userIdentities = new Map<string, string>();
  let cached: { sub: string | null; credentials: AwsCredentials } | undefined;
  let pending: { sub: string | null; promise: Promise<AwsCredentials> } | undefined;

  // persist: 'none' keeps nothing in storage: the guest's identity lives in this page's memory.
  const storage = internals.persist === 'none' ? memoryStorage() : internals.storage;
  const storedGuest = async () => {
    const value = await storage.get(guestKey).catch(() => undefined);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const dropGuest = () => storage.remove(guestKey).catch(() => {});
  // Signed out: the user's credentials leave memory at once, not at the next call.
  session.on('signedOut', () => {
    if (cached?.sub !== null) cached = undefined;
  });
  const credentialsOf = (identityId: string, logins: Record<string, string> | undefined) =>
    internals.call((context) => getCredentialsForIdentity(context, endpoint, identityId, logins));
  const newIdentity = (logins: Record<string, string> | undefined) =>
    internals.call((context) => getIdentityId(context, endpoint, identityPoolId, logins));

  /**
   * The credentials of `sub` (null: a guest). A known identity is asked for first: the user's, or
   * for a user signing in, this browser's guest identity, which the identity pool then links to
   * the user (or merges into the user's own) as it does for Amplify; its answer names the
   * identity. A stored identity it refuses or no longer knows is dropped for a new one, once.
   */
  async function fetchCredentials(sub: string | null): Promise<AwsCredentials> {
    // A token that still has a minute: it must not expire between here and the identity pool.
    const idToken = sub === null ? undefined : await session.getIdToken({ minValiditySeconds: 60 });
    const logins = idToken === undefined ? undefined : { [loginName]: idToken };
    const own = sub === null ? undefined : userIdentities.get(sub);
    const guest = own ? undefined : await storedGuest();
    const known = own ?? guest;
    let credentials: IdentityCredentials | undefined;
    if (known) {
      try {
        credentials = await credentialsOf(known, logins);
      } catch (error) {
        const code = (error as SessionError).providerCode;
        if (code !== 'ResourceNotFoundException' && code !== 'NotAuthorizedException') throw error;
        if (own) userIdentities.delete(sub as string);
        else await dropGuest();
      }
    }
    if (!credentials) {
      const identityId = await newIdentity(logins);
      if (sub === null) await storage.set(guestKey, identityId).catch(() => {});
      credentials = await credentialsOf(identityId, logins);
    }
    if (sub !== null) {
      // A guest identity used for the user is the user's now (linked, or merged into theirs).
      if (guest) await dropGuest();
      userIdentities.set(sub, credentials.identityId);
    }
    return { ...credentials, authenticated: sub !== null };
  }

  return async (request = {}) => {
    await session.ready;
    const state = session.getState();
    const sub = state.status === 'signedIn' ? state.user.sub : null;
    if (sub === null && !options.allowGuest) {
      throw new SessionError(
        'signed_out',
        'No user is signed in; pass allowGuest: true for guest credentials.',
      );
    }
    const fresh =
      cached?.sub === sub &&
      cached.credentials.expiration.getTime() - internals.now() > RENEW_MARGIN_MS;
    if (fresh && !request.forceRefresh) return cached!.credentials;
    if (pending?.sub === sub) return pending.promise;
    const promise = fetchCredentials(sub).then((credentials) => {
      // A sign-in or sign-out while asking: these credentials are for who asked.
      cached = { sub, credentials };
      return credentials;
    });
    pending = { sub, promise };
    const clear = () => {
      if (pending?.promise === promise) pending = undefined;
    };
    promise.then(clear, clear);
    return promise;
  };
}
