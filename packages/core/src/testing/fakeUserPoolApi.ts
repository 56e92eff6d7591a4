/**
 * The public shape of a fake user pool: the pool `createFakeUserPool` returns, and its options
 * (fakeUserPoolOptions.ts; createFakeUserPool.ts re-exports both).
 */
import type { HttpHandler } from 'msw';
import type { TokenSet } from '../types.js';
import type { createFakeUserPool } from './createFakeUserPool.js';
import type {
  FailNextOptions,
  FakeDevice,
  FakeUserInput,
  FaultKind,
  IssueTokensOptions,
  PoolRequest,
  SentCode,
} from './fakePoolTypes.js';
import type { PublicJwk } from './jwt.js';
import type { WebAuthnCredentialRecord } from './webAuthnState.js';

export type { FakeUserPoolOptions } from './fakeUserPoolOptions.js';

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
  /** `{issuer}/.well-known/jwks.json`, where the pool serves its ID and access token keys. */
  readonly jwksUri: string;
  /** `https://<domain>`, or `null` without a domain. */
  readonly domainUrl: string | null;
  /** Every request that reached the pool, oldest first (faulted ones included). */
  readonly requests: readonly PoolRequest[];
  /**
   * Adds (or replaces) a user. Safe to call without awaiting: later pool calls see it. A replaced
   * user keeps its `sub`, so its tokens keep working, unless `attributes.sub` names another.
   */
  addUser(user: FakeUserInput): Promise<void>;
  /** Whether the pool has this user (a shared pool keeps users across page loads). */
  hasUser(username: string): Promise<boolean>;
  /** Mints a full token set as after a password sign-in; the refresh token is registered. */
  issueTokens(username: string, options?: IssueTokensOptions): Promise<TokenSet>;
  /** Revokes every refresh token of a user and every ID/access token minted from them. */
  revokeAll(username: string): Promise<void>;
  /**
   * Disables a user, as `AdminDisableUser` does: every sign-in of the user and every refresh
   * answers `NotAuthorizedException` "User is disabled.", and the user's tokens are revoked (so
   * after {@link FakeUserPool.enableUser} the user signs in again). Rejects for an unknown user.
   *
   * @example
   * ```ts
   * await pool.disableUser('alice');
   * await session.refresh().catch(() => {}); // the session ends: signOutReason 'revoked'
   * ```
   */
  disableUser(username: string): Promise<void>;
  /** Enables a disabled user again (`AdminEnableUser`): sign-in works, old tokens stay revoked. */
  enableUser(username: string): Promise<void>;
  /** Codes sent by SMS or email (MFA challenges, sign-up, password reset; to one user, if given), oldest first. */
  sentCodes(username?: string): Promise<SentCode[]>;
  /**
   * The newest code sent to a user (named as requests may name it; by `'SMS'` or `'EMAIL'`, if given); rejects when none was.
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
  /** Empties `requests` in place (a reference to the array sees it empty). */
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
  /**
   * Forgets everything the pool holds (users, tokens, codes, devices, passkeys, identities,
   * lockouts, challenges in progress) and its faults, latency, token lifetime and requests; keeps
   * the signing keys.
   */
  reset(): Promise<void>;
}
