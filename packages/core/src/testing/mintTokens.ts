/** `mintTokens`: a Cognito-shaped, really signed token set without a pool or a network. */
import type { TokenSet } from '../types.js';
import { createSigningKey, type JwtClaims, type PublicJwk, signJwt, toPublicJwk } from './jwt.js';
import { createRefreshTokenString } from './refreshTokens.js';
import { ADMIN_SCOPE, buildAccessClaims, buildIdClaims, cognitoIssuer } from './tokenClaims.js';

/**
 * Defaults of {@link mintTokens}: a made-up pool in us-east-1.
 * @example
 * ```ts
 * import { cognito } from '@sessionkit/core';
 * import { MINT_DEFAULTS } from '@sessionkit/core/testing';
 *
 * const provider = cognito({ region: MINT_DEFAULTS.region, userPoolId: MINT_DEFAULTS.userPoolId, clientId: MINT_DEFAULTS.clientId });
 * ```
 */
export const MINT_DEFAULTS = {
  region: 'us-east-1',
  userPoolId: 'us-east-1_TestPool',
  clientId: 'testclientid',
  username: 'test-user',
  lifetimeSeconds: 3600,
} as const;

/**
 * Claims for both tokens. `sub`, `cognito:username` and `cognito:groups` go into both (the
 * access token calls the username `username`); every other claim goes into the ID token.
 *
 * @example
 * ```ts
 * import { mintTokens } from '@sessionkit/core/testing';
 *
 * await mintTokens({ sub: 'user-1', 'cognito:username': 'alice', email: 'alice@example.com' });
 * ```
 */
export type MintClaims = JwtClaims & {
  sub?: string;
  'cognito:username'?: string;
  'cognito:groups'?: string[];
};

/**
 * Options of {@link mintTokens}.
 * @example
 * ```ts
 * import { mintTokens } from '@sessionkit/core/testing';
 *
 * await mintTokens({}, { clientId: 'abc', lifetimeSeconds: 300, accessClaims: { scope: 'openid' } });
 * ```
 */
export interface MintTokensOptions {
  /** @default 'us-east-1' */
  region?: string;
  /** @default 'us-east-1_TestPool' */
  userPoolId?: string;
  /** @default 'testclientid' */
  clientId?: string;
  /** @default 3600 */
  lifetimeSeconds?: number;
  /** The clock `iat`/`exp`/`auth_time` come from, in ms. @default Date.now() */
  now?: number | (() => number);
  /** Claims written last into the ID token; `undefined` removes a claim. For wrong `aud`, `iss`, `token_use`, `exp`… */
  idClaims?: Record<string, unknown>;
  /** Claims written last into the access token; `undefined` removes a claim. */
  accessClaims?: Record<string, unknown>;
  /** Include an opaque refresh token. @default true */
  withRefreshToken?: boolean;
}

let mintingKeys: Promise<{
  id: Awaited<ReturnType<typeof createSigningKey>>;
  access: Awaited<ReturnType<typeof createSigningKey>>;
}> | null = null;

function getMintingKeys() {
  mintingKeys ??= Promise.all([createSigningKey(), createSigningKey()]).then(([id, access]) => ({
    id,
    access,
  }));
  return mintingKeys;
}

/**
 * Mints an RS256-signed ID and access token with Cognito's claim set, for unit tests that need
 * valid (or deliberately invalid) tokens without a pool. Keys are generated once per module.
 *
 * @example
 * ```ts
 * import { mintTokens } from '@sessionkit/core/testing';
 *
 * const tokens = await mintTokens({ 'cognito:groups': ['admins'], email: 'a@example.com' }, { clientId: 'abc' });
 * const expired = await mintTokens({}, { now: Date.now() - 7200_000 });
 * const wrongAudience = await mintTokens({}, { idClaims: { aud: 'someone-else' } });
 * ```
 */
export async function mintTokens(
  claims: MintClaims = {},
  options: MintTokensOptions = {},
): Promise<TokenSet> {
  const region = options.region ?? MINT_DEFAULTS.region;
  const userPoolId = options.userPoolId ?? MINT_DEFAULTS.userPoolId;
  const nowMs = typeof options.now === 'function' ? options.now() : (options.now ?? Date.now());
  const {
    sub = globalThis.crypto.randomUUID(),
    'cognito:username': username = MINT_DEFAULTS.username,
    'cognito:groups': groups = [],
    ...idExtras
  } = claims;
  const issuedAt = Math.floor(nowMs / 1000);
  const context = {
    issuer: cognitoIssuer(region, userPoolId),
    clientId: options.clientId ?? MINT_DEFAULTS.clientId,
    user: {
      username,
      password: '',
      sub,
      attributes: {},
      groups,
      status: 'CONFIRMED' as const,
      mfa: null,
    },
    authTime: issuedAt,
    originJti: globalThis.crypto.randomUUID(),
    eventId: globalThis.crypto.randomUUID(),
    scopes: [ADMIN_SCOPE],
    issuedAt,
    lifetimeSeconds: options.lifetimeSeconds ?? MINT_DEFAULTS.lifetimeSeconds,
    nonce: null,
  };
  const keys = await getMintingKeys();
  const idClaims = applyOverrides({ ...buildIdClaims(context), ...idExtras }, options.idClaims);
  const accessClaims = applyOverrides(buildAccessClaims(context), options.accessClaims);
  const [idToken, accessToken] = await Promise.all([
    signJwt(idClaims, keys.id),
    signJwt(accessClaims, keys.access),
  ]);
  return options.withRefreshToken === false
    ? { idToken, accessToken }
    : { idToken, accessToken, refreshToken: createRefreshTokenString() };
}

/**
 * The JWKS that verifies tokens from {@link mintTokens}.
 *
 * @example
 * ```ts
 * import { getMintTokensJwks } from '@sessionkit/core/testing';
 *
 * const { keys } = await getMintTokensJwks();
 * ```
 */
export async function getMintTokensJwks(): Promise<{ keys: PublicJwk[] }> {
  const { id, access } = await getMintingKeys();
  return { keys: [toPublicJwk(id), toPublicJwk(access)] };
}

function applyOverrides(
  claims: JwtClaims,
  overrides: Record<string, unknown> | undefined,
): JwtClaims {
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete claims[name];
    else claims[name] = value;
  }
  return claims;
}
