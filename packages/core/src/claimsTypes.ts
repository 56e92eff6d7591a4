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
  sub: string;
  iss: string;
  exp: number;
  iat: number;
  token_use?: 'access';
  client_id?: string;
  /** OIDC providers put the audience here instead of `client_id`. */
  aud?: string | string[];
  scope?: string;
  username?: string;
  'cognito:groups'?: string[];
  device_key?: string;
  auth_time?: number;
  jti?: string;
  origin_jti?: string;
  event_id?: string;
  version?: number;
}
