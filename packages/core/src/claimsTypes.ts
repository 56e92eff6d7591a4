/**
 * Declare your app's custom ID-token claims once, and every claims type (`getState().user`,
 * `useUser()`, events) carries them without a cast:
 *
 * @example
 * ```ts
 * declare module '@sessionkit/core' {
 *   interface Register {
 *     claims: { 'custom:tenant': string; 'custom:plan': 'free' | 'pro' };
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: apps augment it (declaration merging).
export interface Register {}

/** The custom claims declared in {@link Register}, or none. */
export type RegisteredClaims = Register extends { claims: infer Claims extends object }
  ? Claims
  : Record<never, never>;

/**
 * Claims of a Cognito ID token (docs/cognito-wire.md section 5) plus the standard OIDC ones.
 * `Custom` adds your pool's `custom:*` attributes (Cognito always sends them as strings); it
 * defaults to what the app declared in {@link Register}.
 *
 * @example
 * ```ts
 * import type { IdTokenClaims } from '@sessionkit/core';
 *
 * type Claims = IdTokenClaims<{ 'custom:tenant': string }>;
 * ```
 */
export type IdTokenClaims<Custom extends object = RegisteredClaims> = {
  sub: string;
  iss: string;
  aud: string;
  exp: number;
  iat: number;
  token_use?: 'id';
  auth_time?: number;
  nonce?: string;
  at_hash?: string;
  azp?: string;
  jti?: string;
  origin_jti?: string;
  event_id?: string;
  'cognito:username'?: string;
  'cognito:groups'?: string[];
  'cognito:roles'?: string[];
  'cognito:preferred_role'?: string;
  email?: string;
  email_verified?: boolean;
  phone_number?: string;
  phone_number_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  preferred_username?: string;
  picture?: string;
  locale?: string;
  identities?: Array<Record<string, unknown>>;
  [claim: `custom:${string}`]: string | undefined;
} & Custom;

/** Claims of a Cognito access token (docs/cognito-wire.md section 5). It has `client_id`, not `aud`. */
export interface AccessTokenClaims {
  /** The user's unique, unchanging id, the same as the ID token's `sub`. */
  sub: string;
  /** The issuer URL, the same as the ID token's (a Cognito pool's original or updated issuer). */
  iss: string;
  /** Expiry in epoch seconds, issuer's clock; for an opaque OIDC access token, the ID token's. */
  exp: number;
  /** When the token was issued, in epoch seconds on the issuer's clock. */
  iat: number;
  /** Always `'access'` in a Cognito access token (cognito() checks it). */
  token_use?: 'access';
  /** The app client the token was issued to; cognito() checks it equals its `clientId`. */
  client_id?: string;
  /** OIDC providers put the audience here instead of `client_id`. */
  aud?: string | string[];
  /** The granted scopes, space-separated, e.g. `'openid email aws.cognito.signin.user.admin'`. */
  scope?: string;
  /** The user's Cognito username; where users sign in by email or phone, a generated id. */
  username?: string;
  /** The user pool groups the user belongs to; absent when in none. */
  'cognito:groups'?: string[];
  /** The device this sign-in is bound to; present only when the user pool tracks devices. */
  device_key?: string;
  /** When the user signed in, in epoch seconds; refreshes keep the original time. */
  auth_time?: number;
  /** This token's own unique id. */
  jti?: string;
  /**
   * The id shared by the refresh token and every token issued from it; present only when the app
   * client has token revocation on (sign-out revokes only then).
   */
  origin_jti?: string;
  /** The id of the sign-in (authentication event) the tokens come from. */
  event_id?: string;
  /** The version number of Cognito's access-token format. */
  version?: number;
}
