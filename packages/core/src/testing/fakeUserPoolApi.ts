/**
 * The public shape of a fake user pool: the options of `createFakeUserPool` and the pool it
 * returns (createFakeUserPool.ts re-exports both).
 */
import type { HttpHandler } from 'msw';
import type { TokenSet } from '../types.js';
import type { createFakeUserPool } from './createFakeUserPool.js';
import type {
  DeviceTracking,
  ExplicitAuthFlow,
  FailNextOptions,
  FakeDevice,
  FakeUserInput,
  FaultKind,
  IssueTokensOptions,
  MfaFactor,
  PoolRequest,
  SentCode,
  UserAuthFactor,
} from './fakePoolTypes.js';
import type { PublicJwk } from './jwt.js';
import type { FakePasswordPolicy } from './passwordPolicy.js';
import type { PoolStore } from './poolState.js';
import type { UsernameAttribute } from './usernames.js';
import type { FakeWebAuthnOptions, WebAuthnCredentialRecord } from './webAuthnState.js';

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
  /**
   * The pool's password policy (see {@link FakePasswordPolicy}), checked by `SignUp`,
   * `ChangePassword`, `ConfirmForgotPassword` and the `NEW_PASSWORD_REQUIRED` answer with
   * Cognito's `InvalidPasswordException`. @default AWS's: 8 characters, upper and lower case, a
   * number and a symbol
   */
  passwordPolicy?: FakePasswordPolicy;
  /**
   * What users sign in with besides the username (Cognito's `UsernameAttributes`): `SignUp` then
   * takes an email address or phone number as `Username` and gives the user a generated username
   * (its `sub`), and every request naming a user (`InitiateAuth`, `RespondToAuthChallenge`, the
   * account operations) may name it by that attribute. The answers name the username
   * (`USER_ID_FOR_SRP`, `cognito:username`). @default none: sign-in by username only
   */
  usernameAttributes?: readonly UsernameAttribute[];
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
