/**
 * An Amazon Cognito identity pool beside the fake user pool (option `identityPool`): the two calls
 * a browser makes for AWS credentials, `GetId` and `GetCredentialsForIdentity`
 * (`POST https://cognito-identity.{region}.amazonaws.com/`, `X-Amz-Target:
 * AWSCognitoIdentityService.<Operation>`; AWS's Cognito Identity API reference;
 * docs/cognito-wire.md section 13). Signed-in users log in with the pool's ID token under
 * `cognito-idp.{region}.amazonaws.com/{userPoolId}`; guests, where the option allows them, with
 * nothing. The credentials are random strings that look like STS's and expire in an hour.
 */
import type { HttpHandler } from 'msw';
import { identityPoolRegion } from '../providers/cognito/identityPoolId.js';
import { randomBase64url } from './base64url.js';
import { createJsonApiHandler } from './cognitoApiHandlers.js';
import type { JsonObject } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import { toPublicJwk, verifyJwt } from './jwt.js';
import type { PoolContext } from './poolContext.js';

/** Option `identityPool` of createFakeUserPool. */
export interface FakeIdentityPoolOptions {
  /** `{region}:{GUID}`, e.g. `eu-west-1:0d6b8c5e-1f0a-4c1e-9d0b-2a3c4d5e6f70`. */
  identityPoolId: string;
  /** Guests get credentials too (the identity pool's `AllowUnauthenticatedIdentities`). @default false */
  allowUnauthenticated?: boolean;
}

/** The identity pool as the pool's context holds it. */
export interface ResolvedIdentityPool {
  readonly identityPoolId: string;
  readonly endpoint: string;
  readonly allowUnauthenticated: boolean;
}

/** An identity of the identity pool (`PoolState.identities`): a user's (`sub`) or a guest's. */
export interface IdentityRecord {
  /** The user pool user it belongs to; `null` for a guest identity. */
  sub: string | null;
}

/** How long the credentials last (STS's default for Cognito identity pools). */
const CREDENTIALS_LIFETIME_SECONDS = 3600;

/** Checks the option; the endpoint is the identity pool's region's. */
export function resolveIdentityPool(
  options: FakeIdentityPoolOptions | undefined,
): ResolvedIdentityPool | null {
  if (!options) return null;
  const region = identityPoolRegion(options.identityPoolId);
  if (!region) {
    throw new TypeError(
      `createFakeUserPool(): identityPool.identityPoolId must look like "eu-west-1:0d6b8c5e-…", got ${JSON.stringify(options.identityPoolId)}.`,
    );
  }
  return {
    identityPoolId: options.identityPoolId,
    endpoint: `https://cognito-identity.${region}.amazonaws.com/`,
    allowUnauthenticated: options.allowUnauthenticated ?? false,
  };
}

/** The identity pool's handler, when the option is set. */
export function createIdentityPoolHandlers(context: PoolContext): HttpHandler[] {
  const identityPool = context.config.identityPool;
  if (!identityPool) return [];
  return [
    createJsonApiHandler(context, identityPool.endpoint, 'AWSCognitoIdentityService.', {
      GetId: (_, input) => getId(context, identityPool, input),
      GetCredentialsForIdentity: (_, input) => getCredentials(context, identityPool, input),
    }),
  ];
}

/** The login name of the fake user pool in `Logins`. */
export function userPoolLoginName(context: PoolContext): string {
  return `cognito-idp.${context.config.region}.amazonaws.com/${context.config.userPoolId}`;
}

/**
 * The `sub` a `Logins` map proves, or `null` for none (a guest). Only the user pool's own login,
 * with an ID token of this pool and app client that has not expired. As built: the wordings.
 */
async function loggedInSub(context: PoolContext, logins: unknown): Promise<string | null> {
  if (logins === undefined) return null;
  const entries = Object.entries(typeof logins === 'object' && logins ? logins : {});
  if (entries.length === 0) return null;
  const name = userPoolLoginName(context);
  const token = entries.find(([key]) => key === name)?.[1];
  if (entries.length !== 1 || typeof token !== 'string') {
    throw new CognitoApiError(
      'NotAuthorizedException',
      `Invalid login token. Not a valid provider: ${entries.map(([key]) => key).join(', ')}`,
    );
  }
  const keys = await context.signingKeys();
  const claims = await verifyJwt(token, [toPublicJwk(keys.id)]);
  const { clientId, issuer } = context.config;
  if (claims?.token_use !== 'id' || claims.aud !== clientId || claims.iss !== issuer) {
    throw new CognitoApiError('NotAuthorizedException', 'Invalid login token. Not a valid token.');
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= context.now()) {
    throw new CognitoApiError('NotAuthorizedException', 'Invalid login token. Token expired.');
  }
  return String(claims.sub);
}

function requirePool(identityPool: ResolvedIdentityPool, input: JsonObject): void {
  if (input.IdentityPoolId !== identityPool.identityPoolId) {
    throw new CognitoApiError(
      'ResourceNotFoundException',
      `IdentityPool '${String(input.IdentityPoolId)}' not found.`,
    );
  }
}

const UNAUTHENTICATED = 'Unauthenticated access is not supported for this identity pool.';

/** `GetId`: the user's identity (always the same one), or a new guest identity. */
async function getId(context: PoolContext, identityPool: ResolvedIdentityPool, input: JsonObject) {
  requirePool(identityPool, input);
  const sub = await loggedInSub(context, input.Logins);
  if (sub === null && !identityPool.allowUnauthenticated) {
    throw new CognitoApiError('NotAuthorizedException', UNAUTHENTICATED);
  }
  const region = identityPool.identityPoolId.split(':')[0];
  return context.store.transact((state) => {
    state.identities ??= {};
    const known =
      sub === null
        ? undefined
        : Object.entries(state.identities).find(([, record]) => record.sub === sub)?.[0];
    const identityId = known ?? `${region}:${globalThis.crypto.randomUUID()}`;
    state.identities[identityId] = { sub };
    return { IdentityId: identityId };
  });
}

/**
 * `GetCredentialsForIdentity`: credentials for an identity its `Logins` prove (none: a guest's).
 * A guest identity with a user's `Logins` becomes that user's (as Amplify's sign-in after guest
 * use expects), or merges into the user's own; the answer's `IdentityId` says which.
 */
async function getCredentials(
  context: PoolContext,
  identityPool: ResolvedIdentityPool,
  input: JsonObject,
) {
  const identityId = input.IdentityId;
  if (typeof identityId !== 'string' || identityId === '') {
    throw new CognitoApiError('InvalidParameterException', 'Missing required parameter IdentityId');
  }
  const sub = await loggedInSub(context, input.Logins);
  const resolved = await context.store.transact((state) => {
    const identities = state.identities ?? {};
    const record = identities[identityId];
    if (!record) {
      throw new CognitoApiError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
    }
    if (sub === null) {
      if (record.sub !== null) {
        throw new CognitoApiError(
          'NotAuthorizedException',
          `Access to Identity '${identityId}' is forbidden.`,
        );
      }
      if (!identityPool.allowUnauthenticated) {
        throw new CognitoApiError('NotAuthorizedException', UNAUTHENTICATED);
      }
      return identityId;
    }
    if (record.sub === sub) return identityId;
    if (record.sub !== null) {
      throw new CognitoApiError(
        'NotAuthorizedException',
        "Logins don't match. Please include at least one valid login for this identity or identity pool.",
      );
    }
    // A guest signing in: the guest identity becomes the user's, or, when the user has one
    // already, merges into it (As built: the user's identity is kept, the guest's is gone).
    const own = Object.entries(identities).find(([, other]) => other.sub === sub)?.[0];
    if (own) {
      delete identities[identityId];
      return own;
    }
    record.sub = sub;
    return identityId;
  });
  const random = (bytes: number) => randomBase64url(bytes).replace(/[-_]/g, 'A');
  return {
    IdentityId: resolved,
    Credentials: {
      AccessKeyId: `ASIA${random(12).toUpperCase().slice(0, 16)}`,
      SecretKey: random(30),
      SessionToken: random(300),
      Expiration: Math.floor(context.now() / 1000) + CREDENTIALS_LIFETIME_SECONDS,
    },
  };
}
