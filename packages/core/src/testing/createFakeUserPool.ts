/** `createFakeUserPool`: a Cognito user pool in MSW handlers, for tests and demos. */
import { resolveRequiredAttributes } from './attributeRules.js';
import { createCognitoApiHandlers } from './cognitoApiHandlers.js';
import { resolveDeviceTracking } from './devices.js';
import { createDiscoveryHandlers } from './discoveryHandlers.js';
import type { ExplicitAuthFlow, PoolRequest } from './fakePoolTypes.js';
import type { FakeUserPool, FakeUserPoolOptions } from './fakeUserPoolApi.js';
import { createFaultQueue, faultResponse } from './faults.js';
import { createIdentityPoolHandlers, resolveIdentityPool } from './identityPool.js';
import type { StoredSigningKey } from './jwt.js';
import { resolveMfaConfig } from './mfaPolicy.js';
import { createOAuthHandlers } from './oauthHandlers.js';
import { resolvePasswordPolicy } from './passwordPolicy.js';
import { trackActivity } from './poolActivity.js';
import type { PoolContext, ResolvedPoolConfig } from './poolContext.js';
import { createReaderMethods } from './poolReaders.js';
import { loadSigningKeys } from './poolSigningKeys.js';
import {
  createEmptyPoolState,
  createMemoryPoolStore,
  type PoolState,
  type PoolStore,
} from './poolState.js';
import { createUserMethods } from './poolUsers.js';
import { resolveKeepUntilVerified } from './profileState.js';
import { createSharedPoolStore } from './sharedPoolStore.js';
import { cognitoIssuer } from './tokenClaims.js';
import { checkFirstFactorsUnderRequiredMfa, resolveUserAuthFactors } from './userAuthSteps.js';
import { resolveSignInNames } from './usernames.js';
import { resolveWebAuthnConfig } from './webAuthnState.js';

// The public interfaces live in fakeUserPoolApi.ts; importers keep getting them from here.
export type { FakeUserPool, FakeUserPoolOptions } from './fakeUserPoolApi.js';

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
    ...createIdentityPoolHandlers(context),
  ]);

  return {
    handlers: activity.handlers,
    settled: activity.settled,
    issuer: config.issuer,
    jwksUri: `${config.issuer}/.well-known/jwks.json`,
    domainUrl: config.domainUrl,
    requests,
    ...createUserMethods(context),
    ...createReaderMethods(context),
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
    clearRequests() {
      requests.length = 0;
    },
    async reset() {
      faults.clear();
      latencyMs = 0;
      tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
      requests.length = 0;
      await store.transact((state) => {
        // Every part, the optional ones too (passkeys, lockouts, identities…), not only those
        // an empty state names.
        const { signingKeys } = state;
        for (const part of Object.keys(state)) delete state[part as keyof PoolState];
        Object.assign(state, createEmptyPoolState(), { signingKeys });
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
  const mfa = resolveMfaConfig(options.mfa, options.mfaFactors);
  const userAuthFactors = resolveUserAuthFactors(options.userAuthFactors);
  const domainUrl = options.domain ? normalizeDomain(options.domain) : null;
  const webAuthn = resolveWebAuthnConfig(options.webAuthn, domainUrl);
  checkFirstFactorsUnderRequiredMfa(mfa.mode, userAuthFactors, webAuthn?.factorConfiguration);
  return {
    region: options.region,
    userPoolId: options.userPoolId,
    clientId: options.clientId,
    issuer: cognitoIssuer(options.region, options.userPoolId, options.issuer),
    endpoint: endpoint.endsWith('/') ? endpoint : `${endpoint}/`,
    domainUrl,
    refreshTokenLifetimeSeconds:
      options.refreshTokenLifetimeSeconds ?? DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS,
    isRotating: options.refreshTokenRotation ?? false,
    retryGracePeriodSeconds,
    callbackUrls: options.callbackUrls ?? null,
    logoutUrls: options.logoutUrls ?? null,
    explicitAuthFlows: [...(options.explicitAuthFlows ?? DEFAULT_EXPLICIT_AUTH_FLOWS)],
    mfa,
    deviceTracking: resolveDeviceTracking(options.deviceTracking),
    tokenRevocation: options.tokenRevocation ?? true,
    userAuthFactors,
    webAuthn,
    passwordPolicy: resolvePasswordPolicy(options.passwordPolicy),
    requiredAttributes: resolveRequiredAttributes(options.requiredAttributes),
    signInNames: resolveSignInNames(
      options.usernameAttributes,
      options.aliasAttributes,
      options.usernameCaseSensitive,
    ),
    keepUntilVerified: resolveKeepUntilVerified(options.attributesRequireVerificationBeforeUpdate),
    customAuth: options.customAuth ?? null,
    preSignUp: options.preSignUp ?? null,
    identityPool: resolveIdentityPool(options.identityPool),
    writeAttributes: options.writeAttributes ? [...options.writeAttributes] : null,
    allowAdminCreateUserOnly: options.allowAdminCreateUserOnly ?? false,
    preventUserExistenceErrors: options.preventUserExistenceErrors ?? false,
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
