/**
 * The options of `createFakeUserPool` (fakeUserPoolApi.ts re-exports them with the pool's own
 * shape).
 */

import type { createFakeUserPool } from './createFakeUserPool.js';
import type { FakeCustomAuthTriggers } from './customAuthTypes.js';
import type {
  DeviceTracking,
  ExplicitAuthFlow,
  MfaFactor,
  UserAuthFactor,
} from './fakePoolTypes.js';
import type { FakeIdentityPoolOptions } from './identityPool.js';
import type { FakePasswordPolicy } from './passwordPolicy.js';
import type { PoolStore } from './poolState.js';
import type { FakePreSignUpTrigger } from './preSignUp.js';
import type { VerifiedAttribute } from './profileState.js';
import type { AliasAttribute, UsernameAttribute } from './usernames.js';
import type { FakeWebAuthnOptions } from './webAuthnState.js';

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
  /** The AWS region (`eu-west-1`), part of the issuer, the default `endpoint` and device keys. */
  region: string;
  /**
   * The pool id, `{region}_{id}` (`eu-west-1_AbC123`): the end of the issuer URL, the SRP pool name
   * (after the `_`) and a `shared` pool's IndexedDB key.
   */
  userPoolId: string;
  /**
   * The id of the pool's one app client: the ID tokens' `aud` and the access tokens' `client_id`; a
   * request naming another is refused.
   */
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
   * Custom authentication (`InitiateAuth` `CUSTOM_AUTH`): the pool's define, create and verify
   * auth challenge triggers, as functions (see {@link FakeCustomAuthTriggers}). Without them a
   * client that allows `ALLOW_CUSTOM_AUTH` is refused as Cognito refuses a pool with no triggers
   * (`InvalidParameterException` "Custom auth lambda trigger is not configured for the user
   * pool.").
   */
  customAuth?: FakeCustomAuthTriggers;
  /**
   * The pool's pre sign-up Lambda trigger, as a function (see {@link FakePreSignUpTrigger}): told
   * of every `SignUp` (username, attributes, `ValidationData`, `ClientMetadata`) before the user
   * is made. Throwing refuses the sign-up (`UserLambdaValidationException` "PreSignUp failed with
   * error <message>."); answering `autoConfirmUser` confirms the user at once (`UserConfirmed:
   * true`, no code sent), and `autoVerifyEmail` / `autoVerifyPhone` mark those attributes
   * verified. @default none
   */
  preSignUp?: FakePreSignUpTrigger;
  /**
   * An identity pool that trusts this user pool, for AWS credentials (`GetId`,
   * `GetCredentialsForIdentity` on `https://cognito-identity.{region}.amazonaws.com/`): signed-in
   * users log in with their ID token; guests only with `allowUnauthenticated`.
   *
   * @example
   * ```ts
   * import { createFakeUserPool } from '@sessionkit/core/testing';
   *
   * const pool = createFakeUserPool({
   *   region: 'eu-west-1',
   *   userPoolId: 'eu-west-1_AbC123',
   *   clientId: 'client',
   *   identityPool: { identityPoolId: 'eu-west-1:0d6b8c5e-1f0a-4c1e-9d0b-2a3c4d5e6f70' },
   * });
   * ```
   */
  identityPool?: FakeIdentityPoolOptions;
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
   * The attributes the pool's schema marks required (`Required: true`), such as `['email',
   * 'name']`. A user an administrator created (`FORCE_CHANGE_PASSWORD`) without them is asked for
   * them at `NEW_PASSWORD_REQUIRED` (its `requiredAttributes`, as `userAttributes.<name>`) and
   * must answer them: else `InvalidParameterException` "Invalid attributes given, name is
   * missing". `SignUp` without one is `InvalidParameterException` "Attributes did not conform to
   * the schema: name: The attribute is required", one line each (a name outside the schema is
   * refused there too: "favorite_flavor: Attribute does not exist in the schema."), and
   * `DeleteUserAttributes` (or an empty value in `UpdateUserAttributes`) cannot remove one.
   * Standard attributes only: a `custom:` one throws, as `CreateUserPool` refuses it.
   * @default none
   */
  requiredAttributes?: readonly string[];
  /**
   * What users sign in with besides the username (Cognito's `UsernameAttributes`): `SignUp` then
   * takes an email address or phone number as `Username` and gives the user a generated username
   * (its `sub`), and every request naming a user (`InitiateAuth`, `RespondToAuthChallenge`, the
   * account operations) may name it by that attribute. The answers name the username
   * (`USER_ID_FOR_SRP`, `cognito:username`). @default none: sign-in by username only
   */
  usernameAttributes?: readonly UsernameAttribute[];
  /**
   * What users may sign in with besides their username (Cognito's `AliasAttributes`; a pool has
   * these or `usernameAttributes`, not both): an email address or phone number once verified,
   * a `preferred_username` always. Confirming a sign-up (or verifying an attribute) with an
   * address or number another user has verified is refused with `AliasExistsException`, unless
   * `ConfirmSignUp` says `ForceAliasCreation` (the alias moves). @default none
   */
  aliasAttributes?: readonly AliasAttribute[];
  /**
   * Cognito's `UsernameConfiguration.CaseSensitive`. `false`, what the console sets for a new
   * pool: a username matches in any case (`Alice` signs in as `alice`, and `SignUp` of `Alice`
   * is `UsernameExistsException` while `alice` exists); answers and tokens keep the username's
   * own case. @default true
   */
  usernameCaseSensitive?: boolean;
  /**
   * The pool's `AttributesRequireVerificationBeforeUpdate` (`UserAttributeUpdateSettings`, the
   * console's "keep original attribute value active"): a new value of a listed attribute waits
   * for the code sent to it, while the verified old value stays in `GetUser` and the tokens;
   * `VerifyUserAttribute` puts it in place. @default none: a new value replaces the old at once,
   * unverified
   */
  attributesRequireVerificationBeforeUpdate?: readonly VerifiedAttribute[];
  /**
   * The attributes the app client may write (its `WriteAttributes`) in `SignUp`,
   * `UpdateUserAttributes` and `DeleteUserAttributes`: a request naming another is refused with
   * `NotAuthorizedException` "A client attempted to write unauthorized attribute" before anything
   * changes. A list without `custom:role` is how an app keeps users from giving themselves a
   * role. @default every attribute, as the console and the CDK give a new app client
   */
  writeAttributes?: readonly string[];
  /**
   * The pool's `AdminCreateUserConfig.AllowAdminCreateUserOnly` (the console's "self-registration"
   * off; what the CDK sets unless `selfSignUpEnabled`): `SignUp` is refused with
   * `NotAuthorizedException` "SignUp is not permitted for this user pool", and users come only
   * from `addUser`. @default false, as `CreateUserPool` sets it
   */
  allowAdminCreateUserOnly?: boolean;
  /**
   * The app client's `PreventUserExistenceErrors` `ENABLED` (what the console sets for a new app
   * client, the CDK's `preventUserExistenceErrors: true`): a username nobody has gets "Incorrect
   * username or password." at sign-in (after a simulated SRP challenge), a simulated code
   * delivery from `ForgotPassword` and `ResendConfirmationCode`, and a code refusal from
   * `ConfirmForgotPassword` and `ConfirmSignUp`, never `UserNotFoundException`.
   * @default false (`LEGACY`), as `CreateUserPoolClient` sets it
   */
  preventUserExistenceErrors?: boolean;
}
