/**
 * An in-memory Cognito for session-logic tests (issue 13): an IdentityProvider that keeps its
 * users and refresh tokens in this process and mints unsigned JWTs with Cognito's claim sets.
 * No WebCrypto, no MSW, no real time: a call's latency is a `setTimeout`, so under fake timers
 * `vi.advanceTimersByTimeAsync` alone drives every refresh, and tests are deterministic.
 *
 * It shares its rules with the MSW fake pool instead of copying them: refresh-token expiry,
 * revocation and rotation with its retry grace period are testing/refreshTokens.ts, the claims
 * are testing/tokenClaims.ts, and `validate` is the Cognito provider's check (claims.ts). Its
 * failures are the errors the Cognito provider makes of the pool's faults (memoryFaults.ts).
 *
 * As with a real server, an answer the session stopped waiting for (timeout, sign-out) was still
 * worked out: a refresh that outlives its caller redeems the refresh token all the same.
 */
import { validateCognitoClaims } from '../claims.js';
import type { IdentityProvider, ProviderContext } from '../providers/types.js';
import { textToBase64url } from '../testing/base64url.js';
import type { FakeUser } from '../testing/fakePoolTypes.js';
import { createEmptyPoolState, type RefreshTokenRecord } from '../testing/poolState.js';
import {
  redeemRefreshToken,
  registerSignIn,
  revokeRefreshToken,
  revokeUser,
} from '../testing/refreshTokens.js';
import {
  ADMIN_SCOPE,
  buildAccessClaims,
  buildIdClaims,
  cognitoIssuer,
} from '../testing/tokenClaims.js';
import type { TokenSet } from '../types.js';
import {
  createMemoryFaults,
  faultError,
  type MemoryFault,
  type MemoryFaultOptions,
  type MemoryOperation,
  networkError,
  rejection,
  untilAborted,
} from './memoryFaults.js';

export type { MemoryFault, MemoryFaultOptions, MemoryOperation } from './memoryFaults.js';

export interface MemoryProviderOptions {
  /** @default 'eu-west-1' */
  region?: string;
  /** @default 'eu-west-1_TestPool1' */
  userPoolId?: string;
  /** @default 'sessionkittestclient01' */
  clientId?: string;
  /** ID and access token lifetime. @default 3600 */
  tokenLifetimeSeconds?: number;
  /** @default 30 days */
  refreshTokenLifetimeSeconds?: number;
  /** Every refresh returns a new refresh token and retires the one it used. @default false */
  refreshTokenRotation?: boolean;
  /** How long a retired refresh token still works, 0–60 s. @default 0 */
  retryGracePeriodSeconds?: number;
  /**
   * The provider's (server's) clock in ms; a session's `now` is its local clock and may differ.
   * `context.now()` is used only where the Cognito provider uses it: reading `Retry-After`.
   * @default Date.now (moved by fake timers)
   */
  now?: () => number;
}

/** One call the session made, faulted ones included. */
export interface MemoryCall {
  operation: MemoryOperation;
  /** The refresh token sent (refreshed or revoked). */
  refreshToken: string;
  /** Provider clock when the call arrived (ms). */
  time: number;
  /** The fault injected into it, once answered; `null` when none. */
  fault: MemoryFault | null;
}

export interface MemoryProvider extends IdentityProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly userPoolId: string;
  /** Every call, oldest first. */
  readonly calls: readonly MemoryCall[];
  callsOf(operation: MemoryOperation): MemoryCall[];
  clearCalls(): void;
  addUser(user: { username: string; attributes?: Record<string, string>; groups?: string[] }): void;
  /** A token set as after a password sign-in, its refresh token registered. */
  issueTokens(username: string, options?: { nonce?: string }): TokenSet;
  /** Revokes every refresh token of the user: later refreshes fail with `invalid_grant`. */
  revokeAll(username: string): void;
  /** The next `count` calls of the operation (default refresh) fail with `kind`. */
  failNext(kind: MemoryFault, count?: number, options?: MemoryFaultOptions): void;
  /** Delays every answer by `ms` of (fake) timer time. */
  setLatency(ms: number): void;
  /** Lifetime of ID and access tokens minted from now on. */
  setTokenLifetime(seconds: number): void;
}

const HEADER = textToBase64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
/** `header.payload.` — an unsecured JWT (RFC 7519 section 6): no signature to check. */
const unsignedJwt = (claims: object) => `${HEADER}.${textToBase64url(JSON.stringify(claims))}.`;

export function memoryProvider(options: MemoryProviderOptions = {}): MemoryProvider {
  const region = options.region ?? 'eu-west-1';
  const userPoolId = options.userPoolId ?? 'eu-west-1_TestPool1';
  const clientId = options.clientId ?? 'sessionkittestclient01';
  const issuer = cognitoIssuer(region, userPoolId);
  const clock = options.now ?? (() => Date.now());
  const refreshTokenLifetimeSeconds = options.refreshTokenLifetimeSeconds ?? 30 * 24 * 3600;
  const policy = {
    clientId,
    isRotating: options.refreshTokenRotation ?? false,
    retryGracePeriodSeconds: options.retryGracePeriodSeconds ?? 0,
  };
  const state = createEmptyPoolState();
  const faults = createMemoryFaults();
  const calls: MemoryCall[] = [];
  let tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  let latencyMs = 0;
  let users = 0;

  function mint(user: FakeUser, record: RefreshTokenRecord, nonce: string | null): TokenSet {
    const claims = {
      issuer,
      clientId,
      user,
      authTime: record.authTime,
      originJti: record.originJti,
      eventId: record.eventId,
      scopes: record.scopes,
      issuedAt: Math.floor(clock() / 1000),
      lifetimeSeconds: tokenLifetimeSeconds,
      nonce,
    };
    return {
      idToken: unsignedJwt(buildIdClaims(claims)),
      accessToken: unsignedJwt(buildAccessClaims(claims)),
    };
  }

  /**
   * One call as the server sees it: logged on arrival, answered after the latency, and worked
   * out whether or not the caller still waits. `answer` runs once the latency has passed.
   */
  function call<T>(
    operation: MemoryOperation,
    refreshToken: string,
    context: ProviderContext,
    answer: () => T,
  ): Promise<T> {
    const { signal } = context;
    if (signal.aborted) return Promise.reject(networkError(signal.reason));
    const entry: MemoryCall = { operation, refreshToken, time: clock(), fault: null };
    calls.push(entry);
    const served = (async () => {
      if (latencyMs > 0) {
        const delay = latencyMs;
        await new Promise((resolve) => globalThis.setTimeout(resolve, delay));
      }
      const fault = faults.take(operation);
      entry.fault = fault?.kind ?? null;
      if (fault?.kind === 'timeout') return new Promise<never>(() => {});
      if (fault) throw faultError({ ...fault, kind: fault.kind }, context.now());
      return answer();
    })();
    // The caller's side: fetch rejects when its signal aborts, whatever the server still does.
    return untilAborted(served, signal);
  }

  return {
    id: `cognito:${userPoolId}:${clientId}`,
    issuer,
    clientId,
    userPoolId,
    calls,
    refresh(refreshToken, context) {
      return call('refresh', refreshToken, context, () => {
        const outcome = redeemRefreshToken(state, refreshToken, policy, clock());
        if (!outcome.ok) throw rejection(outcome.reason, context.now());
        // redeemRefreshToken refuses tokens of users that no longer exist.
        const user = state.users[outcome.record.username]!;
        const tokens = mint(user, outcome.record, null);
        if (outcome.rotatedRefreshToken) tokens.refreshToken = outcome.rotatedRefreshToken;
        return tokens;
      });
    },
    async revoke(tokens, snapshot, context) {
      // As the Cognito provider: nothing to revoke, or a client without token revocation.
      if (!tokens.refreshToken || !snapshot.accessClaims.origin_jti) return;
      const refreshToken = tokens.refreshToken;
      await call('revoke', refreshToken, context, () =>
        revokeRefreshToken(state, refreshToken, clientId),
      );
    },
    validate(snapshot, expected) {
      validateCognitoClaims(snapshot, { issuers: [issuer], clientId, ...expected });
    },
    callsOf: (operation) => calls.filter((entry) => entry.operation === operation),
    clearCalls() {
      calls.length = 0;
    },
    addUser({ username, attributes = {}, groups = [] }) {
      const { sub, ...rest } = attributes;
      users++;
      state.users[username] = {
        username,
        password: '',
        sub: sub ?? `00000000-0000-4000-8000-${String(users).padStart(12, '0')}`,
        attributes: rest,
        groups: [...groups],
        status: 'CONFIRMED',
        mfa: null,
      };
    },
    issueTokens(username, issueOptions = {}) {
      const user = state.users[username];
      if (!user) throw new Error(`issueTokens: the provider has no user "${username}"`);
      const signIn = registerSignIn(state, {
        username,
        clientId,
        scopes: [ADMIN_SCOPE],
        now: clock(),
        refreshTokenLifetimeSeconds,
      });
      const tokens = mint(user, signIn.record, issueOptions.nonce ?? null);
      return { ...tokens, refreshToken: signIn.refreshToken };
    },
    revokeAll(username) {
      revokeUser(state, username);
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
  };
}
