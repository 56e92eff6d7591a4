/**
 * The pool's durable state and the port it is kept behind.
 *
 * Everything two browser tabs of one origin must agree on lives here (signing keys, users,
 * refresh tokens and their rotations, revocations, challenge sessions, authorization codes);
 * per-page test controls (faults, latency, the request log) do not.
 */

import type { FakeUser } from './fakePoolTypes.js';
import type { StoredSigningKey } from './jwt.js';

/** A refresh token the pool issued. Times in ms on the pool clock. */
export interface RefreshTokenRecord {
  username: string;
  clientId: string;
  /** Shared by the refresh token and every ID/access token minted from it (`origin_jti`). */
  originJti: string;
  /** `event_id` of the sign-in that started this chain. */
  eventId: string;
  /** `auth_time` of the original sign-in, in seconds; refresh never changes it. */
  authTime: number;
  scopes: string[];
  expiresAt: number;
  isRevoked: boolean;
  /** When rotation replaced this token; it then works only during the retry grace period. */
  rotatedAt: number | null;
}

/** A challenge in progress (`Session` of `InitiateAuth`/`RespondToAuthChallenge`). */
export interface ChallengeRecord {
  username: string;
  clientId: string;
  challengeName: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'PASSWORD_VERIFIER';
  expiresAt: number;
  /** `PASSWORD_VERIFIER` only: the SRP exchange (integers as hex, the secret block as sent). */
  srp?: { A: string; b: string; B: string; salt: string; secretBlock: string };
}

/** An authorization code of the hosted UI. */
export interface AuthorizationCodeRecord {
  username: string;
  clientId: string;
  redirectUri: string;
  codeChallenge: string | null;
  nonce: string | null;
  scopes: string[];
  expiresAt: number;
  isUsed: boolean;
}

/**
 * The whole durable state of one pool: plain, structured-clonable data.
 * @example
 * ```ts
 * const usernames = await store.transact((state: PoolState) => Object.keys(state.users));
 * ```
 */
export interface PoolState {
  signingKeys: { id: StoredSigningKey; access: StoredSigningKey } | null;
  users: Record<string, FakeUser>;
  refreshTokens: Record<string, RefreshTokenRecord>;
  /** `origin_jti`s whose ID and access tokens were revoked. */
  revokedOriginJtis: Record<string, true>;
  challenges: Record<string, ChallengeRecord>;
  codes: Record<string, AuthorizationCodeRecord>;
  hostedUiUsername: string | null;
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
  };
}

/**
 * Where a pool keeps its {@link PoolState}. Implement it to share a pool between processes or
 * pages; {@link createMemoryPoolStore} and `createSharedPoolStore` (IndexedDB) are provided.
 *
 * @example
 * ```ts
 * const pool = createFakeUserPool({ region, userPoolId, clientId, storage: createMemoryPoolStore() });
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
 * are applied in call order even when nobody awaits them.
 *
 * @example
 * ```ts
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
        state = draft;
        return Promise.resolve(result);
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}
