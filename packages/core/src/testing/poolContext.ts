/** What the handlers of one fake pool share: resolved settings, the state store, clock, controls. */

import type { FakeCustomAuthTriggers } from './customAuthTypes.js';
import type {
  DeviceTracking,
  ExplicitAuthFlow,
  PoolRequest,
  UserAuthFactor,
} from './fakePoolTypes.js';
import type { Protocol } from './faults.js';
import type { ResolvedIdentityPool } from './identityPool.js';
import type { StoredSigningKey } from './jwt.js';
import type { PoolMfaConfig } from './mfaPolicy.js';
import type { ResolvedPasswordPolicy } from './passwordPolicy.js';
import type { PoolStore } from './poolState.js';
import type { FakePreSignUpTrigger } from './preSignUp.js';
import type { VerifiedAttribute } from './profileState.js';
import type { SignInContext } from './signIn.js';
import type { SignInNames } from './usernames.js';
import type { ResolvedWebAuthnConfig } from './webAuthnState.js';

/** The pool's options, defaulted and normalised once. */
export interface ResolvedPoolConfig {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  readonly issuer: string;
  /** The JSON API address, with a trailing slash. */
  readonly endpoint: string;
  /** `https://<domain>` without a trailing slash, or `null` when the pool has no domain. */
  readonly domainUrl: string | null;
  readonly refreshTokenLifetimeSeconds: number;
  readonly isRotating: boolean;
  readonly retryGracePeriodSeconds: number;
  /** Allowed `redirect_uri`s, or `null` for any https or loopback URL. */
  readonly callbackUrls: readonly string[] | null;
  /** Allowed `logout_uri`s, or `null` for any https or loopback URL. */
  readonly logoutUrls: readonly string[] | null;
  /** The app client's `ExplicitAuthFlows` (option `explicitAuthFlows`, else AWS's default). */
  readonly explicitAuthFlows: readonly ExplicitAuthFlow[];
  /** The pool's MFA configuration (options `mfa` and `mfaFactors`). */
  readonly mfa: PoolMfaConfig;
  /** The pool's device tracking (option `deviceTracking`). */
  readonly deviceTracking: DeviceTracking;
  /** The app client's `EnableTokenRevocation` (option `tokenRevocation`). */
  readonly tokenRevocation: boolean;
  /** The sign-in policy's first factors (option `userAuthFactors`, else `['PASSWORD']`). */
  readonly userAuthFactors: readonly UserAuthFactor[];
  /** Passkeys (option `webAuthn`), or `null` when off. */
  readonly webAuthn: ResolvedWebAuthnConfig | null;
  /** The pool's password policy (option `passwordPolicy`, else AWS's default). */
  readonly passwordPolicy: ResolvedPasswordPolicy;
  /** The schema's required attributes (option `requiredAttributes`, else none). */
  readonly requiredAttributes: readonly string[];
  /** What users may sign in with besides the username (`usernameAttributes`, `aliasAttributes`). */
  readonly signInNames: SignInNames;
  /** Custom authentication's triggers (option `customAuth`), or `null` when the pool has none. */
  readonly customAuth: FakeCustomAuthTriggers | null;
  /** The pre sign-up trigger (option `preSignUp`), or `null` when the pool has none. */
  readonly preSignUp: FakePreSignUpTrigger | null;
  /** Attributes whose new value waits for its code (option `attributesRequireVerificationBeforeUpdate`). */
  readonly keepUntilVerified: readonly VerifiedAttribute[];
  /** Whether `SignUp` is refused (option `allowAdminCreateUserOnly`). */
  readonly allowAdminCreateUserOnly: boolean;
  /** The app client's `PreventUserExistenceErrors` `ENABLED` (option `preventUserExistenceErrors`). */
  readonly preventUserExistenceErrors: boolean;
  /** What the app client may write (option `writeAttributes`), or `null` for every attribute. */
  readonly writeAttributes: readonly string[] | null;
  /** The identity pool beside the user pool (option `identityPool`), if any. */
  readonly identityPool: ResolvedIdentityPool | null;
}

/** Internal handle the request handlers work through. */
export interface PoolContext {
  readonly config: ResolvedPoolConfig;
  readonly store: PoolStore;
  /** The pool clock, in ms. */
  now(): number;
  tokenLifetimeSeconds(): number;
  /** Logs the request, waits the configured latency, and returns a fault response if one applies. */
  begin(request: PoolRequest, protocol: Protocol): Promise<Response | null>;
  /** The ID- and access-token keys, created once per store (per origin when shared). */
  signingKeys(): Promise<{ id: StoredSigningKey; access: StoredSigningKey }>;
}

/** What the sign-in steps of signIn.ts need of a pool, now. */
export function signInContext(context: PoolContext): SignInContext {
  return {
    clientId: context.config.clientId,
    now: context.now(),
    refreshTokenLifetimeSeconds: context.config.refreshTokenLifetimeSeconds,
    mfa: context.config.mfa,
    passwordPolicy: context.config.passwordPolicy,
    requiredAttributes: context.config.requiredAttributes,
    writeAttributes: context.config.writeAttributes,
    signInNames: context.config.signInNames,
  };
}
