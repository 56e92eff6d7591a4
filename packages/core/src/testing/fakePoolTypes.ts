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
 * An MFA factor with the code the test will answer with.
 *
 * @example
 * ```ts
 * await pool.addUser({ username: 'alice', password: 'Passw0rd!', mfa: { type: 'SMS_MFA', code: '246810' } });
 * ```
 */
export interface FakeUserMfa {
  type: 'SOFTWARE_TOKEN_MFA' | 'SMS_MFA';
  code: string;
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
  username: string;
  password: string;
  /** Standard and `custom:*` attributes, strings as in Cognito. `sub` is generated unless given. */
  attributes?: Record<string, string>;
  groups?: string[];
  /** @default 'CONFIRMED' */
  status?: FakeUserStatus;
  mfa?: FakeUserMfa;
}

/**
 * A user as the pool stores it (what `PoolState.users` holds).
 *
 * @example
 * ```ts
 * const user: FakeUser = { username: 'alice', password: 'x', sub: crypto.randomUUID(), attributes: {}, groups: [], status: 'CONFIRMED', mfa: null };
 * ```
 */
export interface FakeUser {
  username: string;
  password: string;
  sub: string;
  attributes: Record<string, string>;
  groups: string[];
  status: FakeUserStatus;
  mfa: FakeUserMfa | null;
}

/**
 * An app-client setting of Cognito's `ExplicitAuthFlows` that the fake pool checks: `InitiateAuth`
 * refuses a flow whose setting the client lacks (`ALLOW_ADMIN_USER_PASSWORD_AUTH` is left out:
 * the pool has no admin API).
 *
 * @example
 * ```ts
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
  | 'oauth2/authorize'
  | 'oauth2/token'
  | 'oauth2/revoke'
  | 'logout'
  | 'openid-configuration'
  | 'jwks';

/**
 * One request that reached the pool.
 *
 * @example
 * ```ts
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
  url: string;
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
