/**
 * The pool's durable state and the port it is kept behind.
 *
 * Everything two browser tabs of one origin must agree on lives here (signing keys, users,
 * refresh tokens and their rotations, revocations, challenge sessions, authorization codes);
 * per-page test controls (faults, latency, the request log) do not.
 */

import type { AccountState } from './accountState.js';
import type { CustomAuthRecord } from './customAuthTypes.js';
import type { FakeUser, SentCode } from './fakePoolTypes.js';
import type { IdentityRecord } from './identityPool.js';
import type { StoredSigningKey } from './jwt.js';
import type { PasswordAttempts } from './passwordAttempts.js';
import type { ProfileState } from './profileState.js';
import type { UserAuthRecord } from './userAuthSteps.js';
import type { WebAuthnState } from './webAuthnState.js';

/** A refresh token the pool issued. Times in ms on the pool clock. */
export interface RefreshTokenRecord {
  /** The user it signs in, by username (the key of `PoolState.users`). */
  username: string;
  /** The app client it was issued to: only that client may refresh or revoke it. */
  clientId: string;
  /** Shared by the refresh token and every ID/access token minted from it (`origin_jti`). */
  originJti: string;
  /** `event_id` of the sign-in that started this chain. */
  eventId: string;
  /** `auth_time` of the original sign-in, in seconds; refresh never changes it. */
  authTime: number;
  /**
   * The `scope` claim of the access tokens minted from it: `aws.cognito.signin.user.admin` after a
   * JSON API sign-in, `issueTokens`' `scopes`, or what the hosted UI granted.
   */
  scopes: string[];
  /**
   * When it stops working, in ms on the pool clock: the sign-in plus `refreshTokenLifetimeSeconds`
   * (a rotated-in token keeps the original's).
   */
  expiresAt: number;
  /**
   * Set by `RevokeToken`, `/oauth2/revoke`, `GlobalSignOut`, `pool.revokeAll` and
   * `pool.disableUser`; a revoked token is refused.
   */
  isRevoked: boolean;
  /** When rotation replaced this token; it then works only during the retry grace period. */
  rotatedAt: number | null;
  /**
   * The device the sign-in was bound to (devices.ts): refreshes must send its key, and the access
   * tokens carry it as `device_key`. Absent without device tracking.
   */
  deviceKey?: string;
}

/** The managed-login session a hosted-UI sign-in leaves in the browser. */
export interface HostedUiSession {
  /** The user who signed in at the hosted UI, by username (the key of `PoolState.users`). */
  username: string;
  /** That user's `sub`: a user deleted and added again under the name is someone else. */
  sub: string;
  /** When the session cookie stops working, in ms on the pool clock: 1 hour after that sign-in. */
  expiresAt: number;
}

/** A challenge in progress (`Session` of `InitiateAuth`/`RespondToAuthChallenge`). */
export interface ChallengeRecord {
  /** The user signing in, by username (the key of `PoolState.users`). */
  username: string;
  /** The app client that opened it; an answer through another client is refused. */
  clientId: string;
  /**
   * The step it waits for: the SRP proof (`PASSWORD_VERIFIER`), a new password, an MFA code, the
   * choice of factor (`SELECT_MFA_TYPE`) or a factor's setup (`MFA_SETUP`).
   */
  challengeName:
    | 'NEW_PASSWORD_REQUIRED'
    | 'SOFTWARE_TOKEN_MFA'
    | 'SMS_MFA'
    | 'EMAIL_OTP'
    | 'SELECT_MFA_TYPE'
    | 'MFA_SETUP'
    | 'PASSWORD_VERIFIER';
  /** When it stops working, in ms on the pool clock: 3 minutes after the step opened. */
  expiresAt: number;
  /** `PASSWORD_VERIFIER` only: the SRP exchange (integers as hex, the secret block as sent). */
  srp?: { A: string; b: string; B: string; salt: string; secretBlock: string };
  /** The `DEVICE_KEY` the sign-in presented (devices.ts): the tokens it ends in are bound to it. */
  deviceKey?: string;
  /** `PASSWORD_VERIFIER` of a custom sign-in (customAuth.ts): answered only under its `Session`. */
  customAuth?: true;
  /** `SMS_MFA` and `EMAIL_OTP`: the code sent. */
  code?: string;
  /** `EMAIL_OTP` opened by `MFA_SETUP`: the right code turns the factor on. */
  setsUp?: 'EMAIL_OTP';
  /** `MFA_SETUP` after `AssociateSoftwareToken`: the secret, and whether `VerifySoftwareToken` accepted a code of it. */
  totp?: { secret: string; isVerified: boolean };
}

/**
 * A device the pool tracks (devices.ts, docs/cognito-wire.md section 7). Times in ms on the pool
 * clock.
 */
export interface DeviceRecord {
  /** The `DeviceKey`, `{region}_{uuid}` as Cognito makes them (the key of `PoolState.devices`). */
  deviceKey: string;
  /**
   * The `DeviceGroupKey` all of the user's devices share (`-` and 8 random base64url characters),
   * the SRP pool name of a device proof.
   */
  deviceGroupKey: string;
  /** The user it belongs to, by username. */
  username: string;
  /** What `ConfirmDevice` registered (v and the salt as hex), or `null` before it. */
  verifier: { v: string; salt: string } | null;
  /** `ConfirmDevice`'s `DeviceName`. */
  name: string | null;
  /**
   * Whether a sign-in presenting it proves the device (`DEVICE_SRP_AUTH`) instead of answering MFA:
   * set by `ConfirmDevice` under `'always'`, else by `UpdateDeviceStatus`.
   */
  remembered: boolean;
  /** When the sign-in that created it got its tokens, in ms on the pool clock. */
  createdAt: number;
  /** When it was created, confirmed or last given a remembered status, in ms on the pool clock. */
  lastModifiedAt: number;
  /**
   * The last sign-in that presented or proved it (at first, the one that created it), in ms on the
   * pool clock; the pool itself never leaves it `null`.
   */
  lastAuthenticatedAt: number | null;
}

/**
 * A device proof in progress (deviceSrpSignIn.ts): `DEVICE_SRP_AUTH` under its `Session`, then
 * `DEVICE_PASSWORD_VERIFIER` under its `SECRET_BLOCK` (with the SRP exchange, as `srp` above).
 */
export interface DeviceChallengeRecord {
  /**
   * `DEVICE_SRP_AUTH` until the device sends its `SRP_A`, then `DEVICE_PASSWORD_VERIFIER` until it
   * answers with its proof.
   */
  challengeName: 'DEVICE_SRP_AUTH' | 'DEVICE_PASSWORD_VERIFIER';
  /** The user signing in, by username. */
  username: string;
  /** The app client of the sign-in; an answer through another client is refused. */
  clientId: string;
  /** The remembered device that must prove itself: both answers must name it as `DEVICE_KEY`. */
  deviceKey: string;
  /** When both steps stop working, in ms on the pool clock: that of the MFA challenge replaced. */
  expiresAt: number;
  /**
   * `DEVICE_PASSWORD_VERIFIER` only: the SRP exchange with the device's verifier (integers as hex,
   * the secret block as sent).
   */
  srp?: { A: string; b: string; B: string; salt: string; secretBlock: string };
}

/** An authorization code of the hosted UI. */
export interface AuthorizationCodeRecord {
  /**
   * The user the fake hosted UI signed in: managed login's session's while it lasts (unless
   * `prompt=login`), else `setHostedUiUser`'s, else the first user added.
   */
  username: string;
  /** The `client_id` of `/oauth2/authorize`; the code is exchanged only by the same client. */
  clientId: string;
  /** The `redirect_uri` of `/oauth2/authorize`; the exchange must send the same one. */
  redirectUri: string;
  /**
   * The PKCE `code_challenge` (S256: the base64url SHA-256 of the verifier), or `null` when the
   * request sent none and the exchange needs no `code_verifier`.
   */
  codeChallenge: string | null;
  /** The `nonce` of `/oauth2/authorize`, put into the ID token; `null` when none was sent. */
  nonce: string | null;
  /**
   * The granted scopes: the `scope` of `/oauth2/authorize`, else `openid`, `email`, `phone`,
   * `profile` and `aws.cognito.signin.user.admin`; an ID token comes only with `openid`.
   */
  scopes: string[];
  /** When the code stops working, in ms on the pool clock: 5 minutes after `/oauth2/authorize`. */
  expiresAt: number;
  /** Set by the first exchange at `/oauth2/token`, a failed one included: a code works once. */
  isUsed: boolean;
}

/**
 * The whole durable state of one pool: plain, structured-clonable data.
 * @example
 * ```ts
 * import type { PoolState } from '@sessionkit/core/testing';
 * import { createMemoryPoolStore } from '@sessionkit/core/testing';
 *
 * const store = createMemoryPoolStore();
 * const usernames = await store.transact((state: PoolState) => Object.keys(state.users));
 * ```
 */
export interface PoolState {
  /**
   * The keys that sign ID tokens (`id`) and access tokens (`access`); `null` until the pool first
   * needs them, and kept by `pool.reset()`.
   */
  signingKeys: { id: StoredSigningKey; access: StoredSigningKey } | null;
  /** Users by username, the name every other record uses for them. */
  users: Record<string, FakeUser>;
  /** Refresh tokens the pool issued, by the token itself (rotated-out and revoked ones stay). */
  refreshTokens: Record<string, RefreshTokenRecord>;
  /** `origin_jti`s whose ID and access tokens were revoked. */
  revokedOriginJtis: Record<string, true>;
  /** Sign-in challenges in progress, by `Session` (by `SECRET_BLOCK` for `PASSWORD_VERIFIER`). */
  challenges: Record<string, ChallengeRecord>;
  /** Authorization codes of the hosted UI, by the code itself (used and expired ones stay). */
  codes: Record<string, AuthorizationCodeRecord>;
  /** The user `pool.setHostedUiUser` chose for the hosted UI; `null`: the first user added. */
  hostedUiUsername: string | null;
  /**
   * The browser's managed-login session (Cognito's session cookie): who signed in at the hosted
   * UI and until when, in ms on the pool clock; `/logout` ends it (absent in older states).
   */
  hostedUiSession?: HostedUiSession | null;
  /** Codes sent by SMS or email, oldest first (absent in states stored before MFA codes existed). */
  sentCodes?: SentCode[];
  /** Tracked devices by device key (absent in states stored before device tracking existed). */
  devices?: Record<string, DeviceRecord>;
  /** Device proofs in progress, by `Session` or `SECRET_BLOCK`. */
  deviceChallenges?: Record<string, DeviceChallengeRecord>;
  /** Sign-up and reset codes, sign-up sessions (accountState.ts; absent in older states). */
  account?: AccountState;
  /** Attribute verification codes (profileState.ts; absent in older states). */
  profile?: ProfileState;
  /** Passkeys and passkey registrations in progress (webAuthnState.ts; absent in older states). */
  webAuthn?: WebAuthnState;
  /** Custom challenges waiting for an answer, by `Session` (customAuth.ts; absent in older states). */
  customAuth?: Record<string, CustomAuthRecord>;
  /** The identity pool's identities, by `IdentityId` (identityPool.ts; absent until one exists). */
  identities?: Record<string, IdentityRecord>;
  /** Choice-based sign-in challenges in progress, by `Session` (userAuth.ts; absent in older states). */
  userAuth?: Record<string, UserAuthRecord>;
  /** Runs of wrong passwords, by username (passwordAttempts.ts; absent until one is wrong). */
  passwordAttempts?: Record<string, PasswordAttempts>;
  /**
   * Challenge `Session`s answered already, with when each would have expired (pool clock, ms):
   * a second answer is "session can only be used once" (spentSessions.ts; absent until one is).
   */
  spentSessions?: Record<string, number>;
}

/** A state with no users and no keys yet. */
export function createEmptyPoolState(): PoolState {
  return {
    signingKeys: null,
    users: {},
    refreshTokens: {},
    revokedOriginJtis: {},
    challenges: {},
    codes: {},
    hostedUiUsername: null,
    sentCodes: [],
    devices: {},
    deviceChallenges: {},
    account: { codes: {}, sessions: {} },
  };
}

/**
 * Where a pool keeps its {@link PoolState}. Implement it to share a pool between processes or
 * pages; {@link createMemoryPoolStore} and `createSharedPoolStore` (IndexedDB) are provided.
 *
 * @example
 * ```ts
 * import { createFakeUserPool, createMemoryPoolStore } from '@sessionkit/core/testing';
 *
 * const pool = createFakeUserPool({ ...config, storage: createMemoryPoolStore() });
 * ```
 */
export interface PoolStore {
  /**
   * Runs `change` on the current state and commits what it did, atomically with respect to
   * every other `transact` on the same store, in any page. `change` must be synchronous (an
   * IndexedDB transaction commits as soon as it has nothing pending). When it throws, nothing is
   * committed and the promise rejects with that error.
   */
  transact<Result>(change: (state: PoolState) => Result): Promise<Result>;
}

/**
 * An in-memory {@link PoolStore}: the default in Node and whenever the pool is not `shared`.
 * `change` runs synchronously on a copy, which replaces the state only if it returns, so calls
 * are applied in call order even when nobody awaits them. What is kept is a copy of the state as
 * `change` left it, as IndexedDB keeps it: whatever writes later to the state or to the result
 * (which may be part of the state) changes nothing, in memory as in `createSharedPoolStore`.
 *
 * @example
 * ```ts
 * import { createMemoryPoolStore } from '@sessionkit/core/testing';
 *
 * const storage = createMemoryPoolStore();
 * ```
 */
export function createMemoryPoolStore(): PoolStore {
  let state = createEmptyPoolState();
  return {
    transact(change) {
      try {
        const draft = structuredClone(state);
        const result = change(draft);
        state = structuredClone(draft);
        return Promise.resolve(result);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
