/** `createFakeUserPool`: a Cognito user pool in MSW handlers, for tests and demos. */
import type { HttpHandler } from 'msw';
import type { TokenSet } from '../types.js';
import { createCognitoApiHandlers } from './cognitoApiHandlers.js';
import { devicesOf, resolveDeviceTracking } from './devices.js';
import { createDiscoveryHandlers } from './discoveryHandlers.js';
import type {
  DeviceTracking,
  ExplicitAuthFlow,
  FailNextOptions,
  FakeDevice,
  FakeUser,
  FakeUserInput,
  FaultKind,
  IssueTokensOptions,
  MfaFactor,
  PoolRequest,
  SentCode,
  UserAuthFactor,
} from './fakePoolTypes.js';
import { createFaultQueue, faultResponse } from './faults.js';
import { createSigningKey, type PublicJwk, type StoredSigningKey, toPublicJwk } from './jwt.js';
import { lastSentCode, sentCodesOf } from './mfaChallenges.js';
import { mfaSettingsFromInput, resolveMfaConfig } from './mfaPolicy.js';
import { createOAuthHandlers } from './oauthHandlers.js';
import type { PoolContext, ResolvedPoolConfig } from './poolContext.js';
import { createEmptyPoolState, createMemoryPoolStore, type PoolStore } from './poolState.js';
import { registerSignIn, revokeUser } from './refreshTokens.js';
import { createSharedPoolStore } from './sharedPoolStore.js';
import { ADMIN_SCOPE, cognitoIssuer } from './tokenClaims.js';
import { signTokens } from './tokenIssuer.js';
import { resolveUserAuthFactors } from './userAuthSteps.js';
import {
  type FakeWebAuthnOptions,
  resolveWebAuthnConfig,
  type WebAuthnCredentialRecord,
  webAuthnStateOf,
} from './webAuthnState.js';

/**
 * ID and access token lifetime unless set: Cognito's default, 1 hour.
 * @example
 * ```ts
 * import { DEFAULT_TOKEN_LIFETIME_SECONDS } from '@sessionkit/core/testing';
 *
 * pool.setTokenLifetime(DEFAULT_TOKEN_LIFETIME_SECONDS / 12); // 5 minutes, Cognito's minimum
 * ```
 */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
/**
 * Refresh token lifetime unless set: Cognito's default, 30 days.
 * @example
 * ```ts
 * import { vi } from 'vitest';
 * import { DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS } from '@sessionkit/core/testing';
 *
 * vi.setSystemTime(Date.now() + DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS * 1000); // refresh tokens now expired
 * ```
 */
export const DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;
/**
 * Grace period of a rotated-out refresh token unless set (Cognito allows 0–60 s).
 * @example
 * ```ts
 * import { createFakeUserPool } from '@sessionkit/core/testing';
 *
 * createFakeUserPool({ ...config, refreshTokenRotation: true, retryGracePeriodSeconds: 10 });
 * ```
 */
export const DEFAULT_RETRY_GRACE_PERIOD_SECONDS = 0;
/**
 * The auth flows of an app client created without `ExplicitAuthFlows` (through the API,
 * CloudFormation or the CDK): SRP, refresh and custom, not `USER_PASSWORD_AUTH` (docs/cognito-wire.md §7,
 * from the `CreateUserPoolClient` reference).
 * @example
 * ```ts
 * import { createFakeUserPool, DEFAULT_EXPLICIT_AUTH_FLOWS } from '@sessionkit/core/testing';
 *
 * createFakeUserPool({ ...config, explicitAuthFlows: [...DEFAULT_EXPLICIT_AUTH_FLOWS, 'ALLOW_USER_PASSWORD_AUTH'] });
 * ```
 */
export const DEFAULT_EXPLICIT_AUTH_FLOWS: readonly ExplicitAuthFlow[] = Object.freeze([
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_CUSTOM_AUTH',
]);

/**
 * Options of {@link createFakeUserPool}.
 *
 * @example
 * ```ts
 * import type { FakeUserPoolOptions } from '@sessionkit/core/testing';
 *
 * const options: FakeUserPoolOptions = {
 *   region: 'eu-west-1',
 *   userPoolId: 'eu-west-1_AbC123',
 *   clientId: 'client',
 *   domain: 'demo.auth.eu-west-1.amazoncognito.com',
 *   refreshTokenRotation: true,
 *   retryGracePeriodSeconds: 30,
 * };
 * ```
 */
export interface FakeUserPoolOptions {
  region: string;
  userPoolId: string;
  clientId: string;
  /** Hosted-UI domain, as a host (`demo.auth.us-east-1.amazoncognito.com`) or an https URL. Without it, no OAuth2 handlers. */
  domain?: string;
  /** @default DEFAULT_TOKEN_LIFETIME_SECONDS (3600) */
  tokenLifetimeSeconds?: number;
  /** @default DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS (30 days) */
  refreshTokenLifetimeSeconds?: number;
  /** The app client rotates refresh tokens (then `REFRESH_TOKEN_AUTH` is refused). @default false */
  refreshTokenRotation?: boolean;
  /** How long a rotated-out refresh token still works, 0–60. @default 0 */
  retryGracePeriodSeconds?: number;
  /** The JSON API address. @default `https://cognito-idp.{region}.amazonaws.com/` */
  endpoint?: string;
  /** The pool clock in ms, called at every use. @default () => Date.now() */
  now?: () => number;
  /** Where durable state lives. @default in memory, or IndexedDB when `shared` */
  storage?: PoolStore;
  /**
   * Share the pool between the tabs of an origin through IndexedDB (when `indexedDB` exists and
   * no `storage` is given). Use it where MSW runs in the browser. @default false
   */
  shared?: boolean;
  /** Allowed `redirect_uri`s of `/oauth2/authorize`. @default any https or loopback URL */
  callbackUrls?: string[];
  /** Allowed `logout_uri`s of `/logout`. @default any https or loopback URL */
  logoutUrls?: string[];
  /**
   * The pool's issuer configuration, as Cognito's `IssuerConfiguration`: `'original'`
   * (`https://cognito-idp.{region}.amazonaws.com/{userPoolId}`) or `'updated'`
   * (`https://issuer-cognito-idp.{region}.amazonaws.com/{userPoolId}`); it names the tokens' `iss`
   * and where discovery and the JWKS are served. @default 'original'
   */
  issuer?: 'original' | 'updated';
  /**
   * The app client's `ExplicitAuthFlows`. `InitiateAuth` refuses a flow the list does not allow
   * with Cognito's `InvalidParameterException` (`USER_PASSWORD_AUTH` without
   * `ALLOW_USER_PASSWORD_AUTH`: "USER_PASSWORD_AUTH flow not enabled for this client").
   * `GetTokensFromRefreshToken` and the `/oauth2/token` refresh grant work without
   * `ALLOW_REFRESH_TOKEN_AUTH`, as in Cognito; only `REFRESH_TOKEN_AUTH` needs it.
   * @default DEFAULT_EXPLICIT_AUTH_FLOWS: what AWS gives a client created without the setting
   * (`ALLOW_USER_SRP_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`, `ALLOW_CUSTOM_AUTH`)
   */
  explicitAuthFlows?: readonly ExplicitAuthFlow[];
  /**
   * The pool's `MfaConfiguration`. `'required'`: a user without a factor gets `MFA_SETUP` after the
   * password (`AssociateSoftwareToken`, `VerifySoftwareToken`, then `MFA_SETUP` answered with the
   * verified session). `'optional'` and `'off'`: only users with a factor on are asked for it
   * (`'off'` keeps users added with `mfa` challenged, as the kit always did).
   * @default 'off'
   */
  mfa?: 'off' | 'optional' | 'required';
  /** The factors the pool enables. @default all three: `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, `EMAIL_OTP` */
  mfaFactors?: readonly MfaFactor[];
  /**
   * Device tracking (see {@link DeviceTracking}): a sign-in without a known `DEVICE_KEY` gets
   * `NewDeviceMetadata`, its tokens are bound to that device (refreshes must send its key), and a
   * remembered device proves itself with `DEVICE_SRP_AUTH` instead of MFA. @default 'off'
   */
  deviceTracking?: DeviceTracking;
  /**
   * The app client's `EnableTokenRevocation` (on for clients created today). Off: tokens carry no
   * `origin_jti`, and `RevokeToken` and `/oauth2/revoke` refuse (wordings not in AWS's reference).
   * @default true
   */
  tokenRevocation?: boolean;
  /**
   * Passkeys (Cognito's `WebAuthnConfiguration`, see {@link FakeWebAuthnOptions}): the passkey
   * operations register and verify real WebAuthn credentials. Off without it
   * (`WebAuthnNotEnabledException`).
   */
  webAuthn?: FakeWebAuthnOptions;
  /**
   * The user pool's sign-in policy (Cognito's `SignInPolicy.AllowedFirstAuthFactors`, Essentials
   * plan): the ways choice-based sign-in (`InitiateAuth` `USER_AUTH`, with `ALLOW_USER_AUTH` in
   * `explicitAuthFlows`) may offer. `PASSWORD` offers `PASSWORD` and `PASSWORD_SRP`; `EMAIL_OTP`
   * and `SMS_OTP` send an 8-digit code to a verified `email` or `phone_number`
   * (`pool.lastCode(username)`, purpose `'SIGN_IN'`); `WEB_AUTHN` offers the user's passkeys.
   * @default ['PASSWORD'] (AWS's default sign-in policy)
   */
  userAuthFactors?: readonly UserAuthFactor[];
}

/**
 * A fake Cognito user pool with one app client. Create it with {@link createFakeUserPool}.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { expect } from 'vitest';
 *
 * const server = setupServer(...pool.handlers);
 * server.listen();
 * await pool.addUser({ username: 'alice', password: 'Passw0rd!' });
 * await session.setTokens(await pool.issueTokens('alice'));
 * await pool.revokeAll('alice');
 * expect(pool.requests.at(-1)?.operation).toBe('GetTokensFromRefreshToken');
 * ```
 */
export interface FakeUserPool {
  /** MSW handlers: the JSON API, the OAuth2 endpoints of the domain, discovery and JWKS. */
  readonly handlers: HttpHandler[];
  /** The tokens' `iss`: the original or the updated issuer URL of the pool (option `issuer`). */
  readonly issuer: string;
  readonly jwksUri: string;
  /** `https://<domain>`, or `null` without a domain. */
  readonly domainUrl: string | null;
  /** Every request that reached the pool, oldest first (faulted ones included). */
  readonly requests: readonly PoolRequest[];
  /** Adds (or replaces) a user. Safe to call without awaiting: later pool calls see it. */
  addUser(user: FakeUserInput): Promise<void>;
  /** Whether the pool has this user (a shared pool keeps users across page loads). */
  hasUser(username: string): Promise<boolean>;
  /** Mints a full token set as after a password sign-in; the refresh token is registered. */
  issueTokens(username: string, options?: IssueTokensOptions): Promise<TokenSet>;
  /** Revokes every refresh token of a user and every ID/access token minted from them. */
  revokeAll(username: string): Promise<void>;
  /** Codes sent by SMS or email (MFA challenges, sign-up, password reset; to one user, if given), oldest first. */
  sentCodes(username?: string): Promise<SentCode[]>;
  /**
   * The newest code sent to a user (by `'SMS'` or `'EMAIL'`, if given); rejects when none was.
   *
   * @example
   * ```ts
   * import { signInWithPassword } from '@sessionkit/core';
   *
   * const step = await signInWithPassword(session, 'alice', password);
   * if (step.status === 'challenge' && step.name === 'EMAIL_OTP') {
   *   await step.respond({ EMAIL_OTP_CODE: await pool.lastCode('alice', 'EMAIL') });
   * }
   * ```
   */
  lastCode(username: string, medium?: 'SMS' | 'EMAIL'): Promise<string>;
  /**
   * The devices the pool tracks for a user (confirmed or not, remembered or not), oldest first.
   *
   * @example
   * ```ts
   * import { expect } from 'vitest';
   * import { signInWithPassword } from '@sessionkit/core';
   *
   * await signInWithPassword(session, 'alice', password);
   * expect(await pool.devices('alice')).toEqual([expect.objectContaining({ confirmed: true })]);
   * ```
   */
  devices(username: string): Promise<FakeDevice[]>;
  /**
   * The passkeys registered for a user, oldest first (copies: changing them changes nothing).
   *
   * @example
   * ```ts
   * import { expect } from 'vitest';
   * import { registerPasskey } from '@sessionkit/core';
   *
   * await registerPasskey(session);
   * expect(await pool.passkeys('alice')).toEqual([expect.objectContaining({ algorithm: -7 })]);
   * ```
   */
  passkeys(username: string): Promise<WebAuthnCredentialRecord[]>;
  /** Picks who the fake hosted UI signs in. @default the first user added */
  setHostedUiUser(username: string): Promise<void>;
  /** Makes the next `count` matching requests fail with `kind`. See {@link FaultKind}. */
  failNext(kind: FaultKind, count?: number, options?: FailNextOptions): void;
  /** Delays every answer by `ms` (through `setTimeout`, so fake timers drive it). */
  setLatency(ms: number): void;
  /** Lifetime of ID and access tokens minted from now on. */
  setTokenLifetime(seconds: number): void;
  /** The served JWKS: `{ keys: [idKey, accessKey] }`. */
  getJwks(): Promise<{ keys: PublicJwk[] }>;
  clearRequests(): void;
  /**
   * Resolves once no request is being answered and the app had a few turns of the event loop to
   * take the answers in. Answers are signed with WebCrypto, which takes real time that fake timers
   * do not see: call this after moving fake time past a refresh, before asserting on it.
   *
   * @example
   * ```ts
   * import { expect, vi } from 'vitest';
   *
   * await vi.advanceTimersByTimeAsync(3_541_000); // just past the refresh time
   * await pool.settled();
   * expect(pool.requests.filter((r) => r.operation === 'GetTokensFromRefreshToken')).toHaveLength(1);
   * ```
   */
  settled(): Promise<void>;
  /** Forgets users, tokens, codes, faults, latency and requests; keeps the signing keys. */
  reset(): Promise<void>;
}

/**
 * Creates a fake Cognito user pool whose `handlers` answer like Cognito: real RS256 tokens,
 * refresh with expiry, revocation and rotation, challenges, hosted-UI code flow with PKCE.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createFakeUserPool } from '@sessionkit/core/testing';
 *
 * const pool = createFakeUserPool({ region: 'us-east-1', userPoolId: 'us-east-1_Test', clientId: 'client' });
 * const server = setupServer(...pool.handlers);
 * server.listen();
 * await pool.addUser({ username: 'alice', password: 'Passw0rd!', groups: ['admins'] });
 * const tokens = await pool.issueTokens('alice');
 * pool.failNext('network');
 * ```
 */
export function createFakeUserPool(options: FakeUserPoolOptions): FakeUserPool {
  const config = resolveConfig(options);
  const store = options.storage ?? defaultStore(options);
  const now = options.now ?? (() => Date.now());
  const faults = createFaultQueue();
  const requests: PoolRequest[] = [];
  let latencyMs = 0;
  let tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  let keys: Promise<{ id: StoredSigningKey; access: StoredSigningKey }> | null = null;

  const context: PoolContext = {
    config,
    store,
    now: () => now(),
    tokenLifetimeSeconds: () => tokenLifetimeSeconds,
    async begin(request, protocol) {
      requests.push(request);
      if (latencyMs > 0) {
        const delay = latencyMs;
        await new Promise((resolve) => globalThis.setTimeout(resolve, delay));
      }
      const fault = faults.take(request.operation);
      return fault ? faultResponse(fault, protocol) : null;
    },
    signingKeys() {
      if (!keys) {
        keys = loadSigningKeys(store, config.userPoolId);
        // A failed load (IndexedDB closed under us) is retried by the next request.
        keys.catch(() => {
          keys = null;
        });
      }
      return keys;
    },
  };

  const activity = trackActivity([
    ...createCognitoApiHandlers(context),
    ...createOAuthHandlers(context),
    ...createDiscoveryHandlers(context),
  ]);

  return {
    handlers: activity.handlers,
    settled: activity.settled,
    issuer: config.issuer,
    jwksUri: `${config.issuer}/.well-known/jwks.json`,
    domainUrl: config.domainUrl,
    requests,
    addUser(input) {
      const user = toFakeUser(input);
      return store.transact((state) => {
        state.users[user.username] = user;
      });
    },
    hasUser(username) {
      return store.transact((state) => state.users[username] !== undefined);
    },
    async issueTokens(username, issueOptions = {}) {
      const issued = await store.transact((state) => {
        const user = state.users[username];
        if (!user) throw new Error(`issueTokens: the pool has no user "${username}"`);
        const signIn = registerSignIn(state, {
          username,
          clientId: config.clientId,
          scopes: issueOptions.scopes ?? [ADMIN_SCOPE],
          now: now(),
          refreshTokenLifetimeSeconds: config.refreshTokenLifetimeSeconds,
        });
        return { ...signIn, user };
      });
      const tokens = await signTokens(context, issued.user, issued.record, {
        nonce: issueOptions.nonce ?? null,
      });
      return { ...tokens, refreshToken: issued.refreshToken };
    },
    revokeAll(username) {
      return store.transact((state) => revokeUser(state, username));
    },
    sentCodes(username) {
      return store.transact((state) => sentCodesOf(state, username));
    },
    lastCode(username, medium) {
      return store.transact((state) => lastSentCode(state, username, medium));
    },
    devices(username) {
      return store.transact((state) => devicesOf(state, username));
    },
    passkeys(username) {
      return store.transact((state) =>
        Object.values(webAuthnStateOf(state).credentials)
          .filter((credential) => credential.username === username)
          .sort((a, b) => a.createdAt - b.createdAt),
      );
    },
    setHostedUiUser(username) {
      return store.transact((state) => {
        if (!state.users[username])
          throw new Error(`setHostedUiUser: the pool has no user "${username}"`);
        state.hostedUiUsername = username;
      });
    },
    failNext(kind, count = 1, failOptions = {}) {
      faults.add(kind, count, failOptions);
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    setTokenLifetime(seconds) {
      if (!(seconds > 0)) throw new RangeError(`Token lifetime must be positive, got ${seconds}`);
      tokenLifetimeSeconds = seconds;
    },
    async getJwks() {
      const { id, access } = await context.signingKeys();
      return { keys: [toPublicJwk(id), toPublicJwk(access)] };
    },
    clearRequests() {
      requests.length = 0;
    },
    async reset() {
      faults.clear();
      latencyMs = 0;
      tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
      requests.length = 0;
      await store.transact((state) => {
        Object.assign(state, { ...createEmptyPoolState(), signingKeys: state.signingKeys });
      });
    },
  };
}

function resolveConfig(options: FakeUserPoolOptions): ResolvedPoolConfig {
  const retryGracePeriodSeconds =
    options.retryGracePeriodSeconds ?? DEFAULT_RETRY_GRACE_PERIOD_SECONDS;
  if (!(retryGracePeriodSeconds >= 0 && retryGracePeriodSeconds <= 60)) {
    throw new RangeError(`retryGracePeriodSeconds must be 0–60, got ${retryGracePeriodSeconds}`);
  }
  const endpoint = options.endpoint ?? `https://cognito-idp.${options.region}.amazonaws.com/`;
  return {
    region: options.region,
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    issuer: cognitoIssuer(options.region, options.userPoolId, options.issuer),
    endpoint: endpoint.endsWith('/') ? endpoint : `${endpoint}/`,
    domainUrl: options.domain ? normalizeDomain(options.domain) : null,
    refreshTokenLifetimeSeconds:
      options.refreshTokenLifetimeSeconds ?? DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS,
    isRotating: options.refreshTokenRotation ?? false,
    retryGracePeriodSeconds,
    callbackUrls: options.callbackUrls ?? null,
    logoutUrls: options.logoutUrls ?? null,
    explicitAuthFlows: [...(options.explicitAuthFlows ?? DEFAULT_EXPLICIT_AUTH_FLOWS)],
    mfa: resolveMfaConfig(options.mfa, options.mfaFactors),
    deviceTracking: resolveDeviceTracking(options.deviceTracking),
    tokenRevocation: options.tokenRevocation ?? true,
    userAuthFactors: resolveUserAuthFactors(options.userAuthFactors),
    webAuthn: resolveWebAuthnConfig(
      options.webAuthn,
      options.domain ? normalizeDomain(options.domain) : null,
    ),
  };
}

/** `demo.auth.us-east-1.amazoncognito.com` and `https://demo.auth…/` both become `https://demo.auth…`. */
function normalizeDomain(domain: string): string {
  const url = new URL(/^https?:\/\//.test(domain) ? domain : `https://${domain}`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function defaultStore(options: FakeUserPoolOptions): PoolStore {
  if (options.shared && typeof globalThis.indexedDB !== 'undefined') {
    return createSharedPoolStore({ key: options.userPoolId });
  }
  return createMemoryPoolStore();
}

// RSA key generation takes a few hundred ms; a test suite creates hundreds of pools. One user
// pool id keeps one key pair per JS realm, as a real pool keeps its keys.
const generatedKeys = new Map<
  string,
  Promise<{ id: StoredSigningKey; access: StoredSigningKey }>
>();

function generateSigningKeys(userPoolId: string) {
  let pair = generatedKeys.get(userPoolId);
  if (!pair) {
    pair = Promise.all([createSigningKey(), createSigningKey()]).then(([id, access]) => ({
      id,
      access,
    }));
    generatedKeys.set(userPoolId, pair);
    pair.catch(() => generatedKeys.delete(userPoolId));
  }
  return pair;
}

// Two tabs may both find no keys and both generate a pair: the first write wins and both use it.
async function loadSigningKeys(store: PoolStore, userPoolId: string) {
  const existing = await store.transact((state) => state.signingKeys);
  if (existing) return existing;
  const { id, access } = await generateSigningKeys(userPoolId);
  return store.transact((state) => {
    state.signingKeys ??= { id, access };
    return state.signingKeys;
  });
}

function toFakeUser(input: FakeUserInput): FakeUser {
  if (!input.username) throw new TypeError('addUser: username is required');
  const { sub, ...attributes } = input.attributes ?? {};
  return {
    username: input.username,
    password: input.password,
    sub: sub ?? globalThis.crypto.randomUUID(),
    attributes,
    groups: [...(input.groups ?? [])],
    status: input.status ?? 'CONFIRMED',
    mfa: mfaSettingsFromInput(input),
  };
}

/** One macrotask turn that fake timers do not control (MessageChannel is never faked). */
function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      channel.port2.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Turns of the event loop with nothing in flight before `settled()` calls the pool idle. */
const IDLE_TURNS = 30;

/** Counts the requests the handlers are answering, for `pool.settled()`. */
function trackActivity(handlers: HttpHandler[]) {
  let answering = 0;
  for (const handler of handlers) {
    const run = handler.run.bind(handler);
    handler.run = async (args) => {
      answering++;
      try {
        return await run(args);
      } finally {
        answering--;
      }
    };
  }
  return {
    handlers,
    async settled() {
      for (let idle = 0; idle < IDLE_TURNS; ) {
        await macrotask();
        idle = answering > 0 ? 0 : idle + 1;
      }
    },
  };
}
