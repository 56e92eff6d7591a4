/** Public types of the fake user pool. */

/**
 * Cognito user statuses the fake pool simulates at sign-in.
 *
 * @example
 * ```ts
 * await pool.addUser({ username: 'new-hire', password: 'Temp-Pass-1', status: 'FORCE_CHANGE_PASSWORD' });
 * ```
 */
export type FakeUserStatus =
  | 'CONFIRMED'
  | 'UNCONFIRMED'
  | 'RESET_REQUIRED'
  | 'FORCE_CHANGE_PASSWORD';

/**
 * The MFA factors of a user pool, in Cognito's challenge names (`SetUserMFAPreference`'s
 * `SoftwareTokenMfaSettings`, `SMSMfaSettings` and `EmailMfaSettings`).
 *
 * @example
 * ```ts
 * import { createFakeUserPool } from '@sessionkit/core/testing';
 *
 * createFakeUserPool({ ...config, mfa: 'required', mfaFactors: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] });
 * ```
 */
export type MfaFactor = 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA' | 'EMAIL_OTP';

/**
 * An MFA factor of a user added to the pool:
 * - `{ type, code }`: the factor accepts this fixed code (and SMS or email "sends" it).
 * - `{ type: 'SOFTWARE_TOKEN_MFA', secret }`: a real authenticator app; the pool checks RFC 6238
 *   codes of this base32 secret on its clock.
 * - `{ type: 'SMS_MFA' | 'EMAIL_OTP' }`: the pool sends a random code; read it with
 *   `pool.lastCode(username)`.
 *
 * @example
 * ```ts
 * await pool.addUser({ username: 'alice', password: 'Passw0rd!', mfa: { type: 'SMS_MFA', code: '246810' } });
 * await pool.addUser({ username: 'bob', password: 'Passw0rd!', mfa: { type: 'SOFTWARE_TOKEN_MFA', secret: 'JBSWY3DPEHPK3PXP' } });
 * ```
 */
export type FakeUserMfa =
  | { type: MfaFactor; code: string }
  | { type: 'SOFTWARE_TOKEN_MFA'; secret: string }
  | { type: 'SMS_MFA' | 'EMAIL_OTP' };

/**
 * A user's MFA as the pool stores it: what `SetUserMFAPreference`, `AssociateSoftwareToken` and
 * `VerifySoftwareToken` change.
 *
 * @example
 * ```ts
 * import type { FakeUserMfaSettings } from '@sessionkit/core/testing';
 *
 * const mfa: FakeUserMfaSettings = { enabled: ['SMS_MFA'], preferred: null, totpSecret: null, pendingTotpSecret: null, fixedCodes: {} };
 * ```
 */
export interface FakeUserMfaSettings {
  /** Factors turned on for the user. */
  enabled: MfaFactor[];
  /** The factor Cognito asks for when several are on (`PreferredMfa`); `null`: it asks the user to choose. */
  preferred: MfaFactor | null;
  /** The verified authenticator secret (base32). */
  totpSecret: string | null;
  /** A secret `AssociateSoftwareToken` (with an access token) handed out, not verified yet. */
  pendingTotpSecret: string | null;
  /** Fixed codes of `{ type, code }` factors. */
  fixedCodes: Partial<Record<MfaFactor, string>>;
  /**
   * Passkey MFA (`WebAuthnMfaSettings.Enabled`): a passkey that verifies the user signs in a user
   * who has MFA, where the pool's passkeys count as MFA. Absent in states stored before it.
   */
  passkeyMfa?: boolean;
}

/**
 * A user to add to the pool.
 *
 * @example
 * ```ts
 * await pool.addUser({
 *   username: 'alice',
 *   password: 'Passw0rd!',
 *   attributes: { email: 'alice@example.com', email_verified: 'true', 'custom:tenant': 'acme' },
 *   groups: ['admins'],
 *   mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '123456' },
 * });
 * ```
 */
export interface FakeUserInput {
  /**
   * The username: sign-in names the user by it, tokens carry it as `cognito:username`, and adding
   * it again replaces the user.
   */
  username: string;
  /**
   * The password, kept in clear as given (a test double) and not checked against `passwordPolicy`;
   * with `FORCE_CHANGE_PASSWORD`, the temporary one.
   */
  password: string;
  /** Standard and `custom:*` attributes, strings as in Cognito. `sub` is generated unless given. */
  attributes?: Record<string, string>;
  /** Groups the user is in: the tokens' `cognito:groups` claim (left out when there are none). */
  groups?: string[];
  /** @default 'CONFIRMED' */
  status?: FakeUserStatus;
  /** MFA factors turned on for the user: one, or several (then see `preferredMfa`). */
  mfa?: FakeUserMfa | readonly FakeUserMfa[];
  /** Which of several factors Cognito asks for. @default the only factor; with several, none (`SELECT_MFA_TYPE`) */
  preferredMfa?: MfaFactor;
}

/**
 * A user as the pool stores it (what `PoolState.users` holds).
 *
 * @example
 * ```ts
 * import type { FakeUser } from '@sessionkit/core/testing';
 *
 * const user: FakeUser = { username: 'alice', password: 'x', sub: crypto.randomUUID(), attributes: {}, groups: [], status: 'CONFIRMED', mfa: null };
 * ```
 */
export interface FakeUser {
  /**
   * The username, the key of `PoolState.users` (with `usernameAttributes`, the `sub` that `SignUp`
   * generated).
   */
  username: string;
  /**
   * The current password in clear (a test double: sign-in compares it as is); `''` after a
   * passwordless sign-up.
   */
  password: string;
  /**
   * The passwords before `password`, latest first, as many as the pool's
   * `passwordPolicy.passwordHistorySize` needs; absent when it keeps none.
   */
  previousPasswords?: string[];
  /**
   * The user's fixed id (`sub` claim): a random UUID unless `addUser` got `attributes.sub`;
   * replacing the user keeps it.
   */
  sub: string;
  /** Attributes by name, values as strings (`email_verified: 'true'`); `sub` is not among them. */
  attributes: Record<string, string>;
  /** Group names, put in the tokens' `cognito:groups` claim (left out when empty). */
  groups: string[];
  /**
   * Where the account stands: `UNCONFIRMED` from `SignUp` until confirmed, `FORCE_CHANGE_PASSWORD`
   * or `RESET_REQUIRED` as `addUser` set them until the password changes, else `CONFIRMED`.
   */
  status: FakeUserStatus;
  /**
   * The user's MFA factors and preference; `null` until `addUser` gave a factor or an MFA operation
   * changed them.
   */
  mfa: FakeUserMfaSettings | null;
  /**
   * `FORCE_CHANGE_PASSWORD` only: when `addUser` set the temporary password, in ms on the pool
   * clock; it expires `passwordPolicy.temporaryPasswordValidityDays` later.
   */
  temporaryPasswordSetAt?: number;
  /** Set by `pool.disableUser` (Cognito's `Enabled: false`): no sign-in, no refresh. */
  isDisabled?: boolean;
}

/**
 * A code the pool "sent" by SMS or email for an `SMS_MFA` or `EMAIL_OTP` challenge, a sign-up
 * (`SignUp`, `ResendConfirmationCode`), a password reset (`ForgotPassword`) or an attribute's
 * verification (`UpdateUserAttributes`, `GetUserAttributeVerificationCode`)
 * (`pool.sentCodes`, `pool.lastCode`).
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 *
 * const [sent] = await pool.sentCodes('alice');
 * expect(sent).toMatchObject({ medium: 'EMAIL', destination: 'alice@example.com' });
 * ```
 */
export interface SentCode {
  /** The user it was sent to, by username (not the address a request named). */
  username: string;
  /** `SMS` to a phone number, `EMAIL` to an email address. */
  medium: 'SMS' | 'EMAIL';
  /** The phone number or email address it went to, unmasked. */
  destination: string;
  /**
   * The code in clear: 6 random digits (8 for a choice-based sign-in), or an MFA factor's fixed
   * `code`.
   */
  code: string;
  /** The pool clock when it was sent, in ms. */
  time: number;
  /**
   * What it confirms: a sign-up, a password reset, an attribute, or a choice-based sign-in
   * (`EMAIL_OTP`, `SMS_OTP`); absent for an MFA code.
   */
  purpose?: 'SIGN_UP' | 'FORGOT_PASSWORD' | 'VERIFY_ATTRIBUTE' | 'SIGN_IN';
}

/**
 * A first sign-in factor of a user pool's sign-in policy (Cognito's `AllowedFirstAuthFactors`,
 * Essentials plan): what choice-based sign-in (`USER_AUTH`) may offer. `PASSWORD` offers both
 * `PASSWORD` and `PASSWORD_SRP`.
 *
 * @example
 * ```ts
 * import { createFakeUserPool } from '@sessionkit/core/testing';
 *
 * createFakeUserPool({ ...config, userAuthFactors: ['PASSWORD', 'EMAIL_OTP'] });
 * ```
 */
export type UserAuthFactor = 'PASSWORD' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/**
 * An app-client setting of Cognito's `ExplicitAuthFlows` that the fake pool checks: `InitiateAuth`
 * refuses a flow whose setting the client lacks (`ALLOW_ADMIN_USER_PASSWORD_AUTH` is left out:
 * the pool has no admin API).
 *
 * @example
 * ```ts
 * import { createFakeUserPool, type ExplicitAuthFlow } from '@sessionkit/core/testing';
 *
 * const flows: ExplicitAuthFlow[] = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
 * createFakeUserPool({ ...config, explicitAuthFlows: flows });
 * ```
 */
export type ExplicitAuthFlow =
  | 'ALLOW_USER_SRP_AUTH'
  | 'ALLOW_USER_PASSWORD_AUTH'
  | 'ALLOW_REFRESH_TOKEN_AUTH'
  | 'ALLOW_CUSTOM_AUTH'
  | 'ALLOW_USER_AUTH';

/**
 * What the pool calls each request it answers (`pool.requests[i].operation`).
 *
 * @example
 * ```ts
 * const revocations = pool.requests.filter((r) => r.operation === 'oauth2/revoke');
 * ```
 */
export type PoolOperation =
  | 'InitiateAuth'
  | 'RespondToAuthChallenge'
  | 'GetTokensFromRefreshToken'
  | 'RevokeToken'
  | 'GlobalSignOut'
  | 'GetUser'
  | 'AssociateSoftwareToken'
  | 'VerifySoftwareToken'
  | 'SetUserMFAPreference'
  | 'ConfirmDevice'
  | 'UpdateDeviceStatus'
  | 'ForgetDevice'
  | 'ListDevices'
  | 'SignUp'
  | 'ConfirmSignUp'
  | 'ResendConfirmationCode'
  | 'ForgotPassword'
  | 'ConfirmForgotPassword'
  | 'ChangePassword'
  | 'StartWebAuthnRegistration'
  | 'CompleteWebAuthnRegistration'
  | 'ListWebAuthnCredentials'
  | 'DeleteWebAuthnCredential'
  | 'UpdateUserAttributes'
  | 'DeleteUserAttributes'
  | 'GetUserAttributeVerificationCode'
  | 'VerifyUserAttribute'
  | 'DeleteUser'
  | 'GetId'
  | 'GetCredentialsForIdentity'
  | 'oauth2/authorize'
  | 'oauth2/token'
  | 'oauth2/revoke'
  | 'oauth2/userInfo'
  | 'logout'
  | 'openid-configuration'
  | 'jwks';

/**
 * One request that reached the pool.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 *
 * const refreshes = pool.requests.filter((r) => r.operation === 'GetTokensFromRefreshToken');
 * expect(refreshes).toHaveLength(1);
 * expect(refreshes[0]?.headers['x-amz-target']).toBe(
 *   'AWSCognitoIdentityProviderService.GetTokensFromRefreshToken',
 * );
 * ```
 */
export interface PoolRequest {
  /** A {@link PoolOperation}, or the raw `X-Amz-Target` operation name when the pool does not know it. */
  operation: PoolOperation | (string & {});
  /** The full request URL, query string included. */
  url: string;
  /** The HTTP method, `GET` or `POST`. */
  method: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Parsed JSON (JSON API), form fields (`/oauth2/token`, `/oauth2/revoke`), query fields (GET), or `null`. */
  body: unknown;
  /** The pool clock (`now`) when the request arrived, in ms. */
  time: number;
}

/**
 * A fault `pool.failNext` injects.
 *
 * | kind | JSON API | OAuth2 endpoints |
 * |---|---|---|
 * | `network` | fetch rejects (`HttpResponse.error()`) | same |
 * | `server` | 500 `InternalErrorException` | 500 `{"error":"server_error"}` |
 * | `throttle` | 400 `TooManyRequestsException` | 429 `{"error":"too_many_requests"}` |
 * | `invalid_grant` | 400 `NotAuthorizedException` "Invalid Refresh Token." | 400 `{"error":"invalid_grant"}` |
 * | `html` | 502 with an HTML page (a proxy or load balancer answered) | same |
 * | `unavailable` | 503 with `Retry-After` | same |
 * | `garbage` | 200 with a body that is not JSON | same |
 * | `missing_tokens` | 200 `AuthenticationResult` without `IdToken`/`AccessToken` | 200 without `id_token`/`access_token` |
 *
 * @example
 * ```ts
 * pool.failNext('throttle', 3); // the next three token requests are throttled
 * ```
 */
export type FaultKind =
  | 'network'
  | 'server'
  | 'throttle'
  | 'limit_exceeded'
  | 'invalid_grant'
  | 'html'
  | 'unavailable'
  | 'garbage'
  | 'missing_tokens';

/**
 * Options of `pool.failNext`.
 *
 * @example
 * ```ts
 * pool.failNext('unavailable', 1, { retryAfterSeconds: 5 });
 * pool.failNext('server', 2, { operations: ['RevokeToken', 'oauth2/revoke'] });
 * ```
 */
export interface FailNextOptions {
  /**
   * Which operations the fault hits. A request of any other operation passes untouched and does
   * not use up the count.
   * @default DEFAULT_FAULT_OPERATIONS: the token-issuing ones (`InitiateAuth`,
   * `RespondToAuthChallenge`, `GetTokensFromRefreshToken`, `oauth2/token`)
   */
  operations?: readonly PoolOperation[];
  /** `Retry-After` of the `unavailable` fault, in seconds. @default 1 */
  retryAfterSeconds?: number;
}

/**
 * Options of `pool.issueTokens`.
 *
 * @example
 * ```ts
 * const tokens = await pool.issueTokens('alice', { nonce: 'n-0S6_WzA2Mj', scopes: ['openid', 'email'] });
 * ```
 */
export interface IssueTokensOptions {
  /** Put into the ID token's `nonce` claim, as after a hosted-UI sign-in. */
  nonce?: string;
  /** The access token's `scope` claim. @default ['aws.cognito.signin.user.admin'] */
  scopes?: readonly string[];
}

/**
 * The pool's device tracking (Cognito's `DeviceConfiguration`, docs/cognito-wire.md section 7):
 * `'off'`, `'always'` (every confirmed device is remembered) or `'userOptIn'` (a confirmed device
 * is remembered once `UpdateDeviceStatus` says so; `ConfirmDevice` answers
 * `UserConfirmationNecessary: true`).
 *
 * @example
 * ```ts
 * import { createFakeUserPool } from '@sessionkit/core/testing';
 *
 * createFakeUserPool({ ...config, deviceTracking: 'userOptIn' });
 * ```
 */
export type DeviceTracking = 'off' | 'always' | 'userOptIn';

/**
 * A device the pool tracks for a user (`pool.devices(username)`). Times in ms on the pool clock.
 *
 * @example
 * ```ts
 * import { expect } from 'vitest';
 *
 * const [device] = await pool.devices('alice');
 * expect(device).toMatchObject({ confirmed: true, remembered: true });
 * ```
 */
export interface FakeDevice {
  /** The `DeviceKey`, `{region}_{uuid}` as Cognito makes them. */
  deviceKey: string;
  /** The `DeviceGroupKey` the user's devices share (`-` and 8 random base64url characters). */
  deviceGroupKey: string;
  /** `ConfirmDevice`'s `DeviceName`, if it had one. */
  name: string | null;
  /** `ConfirmDevice` registered its verifier. */
  confirmed: boolean;
  /** Remembered: a sign-in presenting it proves it (`DEVICE_SRP_AUTH`) instead of answering MFA. */
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
