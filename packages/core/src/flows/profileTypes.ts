/**
 * The types of the profile flows (profile.ts): the attributes `GetUser` returns, and the profile
 * `getUserAttributes` resolves (docs/cognito-wire.md section 10).
 */
import type { MfaPreference } from './mfaSettings.js';

/** Cognito's standard attributes (besides `sub`), as `GetUser` and the ID token name them. */
export type StandardAttributeName =
  | 'address'
  | 'birthdate'
  | 'email'
  | 'email_verified'
  | 'family_name'
  | 'gender'
  | 'given_name'
  | 'locale'
  | 'middle_name'
  | 'name'
  | 'nickname'
  | 'phone_number'
  | 'phone_number_verified'
  | 'picture'
  | 'preferred_username'
  | 'profile'
  | 'updated_at'
  | 'website'
  | 'zoneinfo';

/** The attributes Cognito verifies with a code it sends: an email address or a phone number. */
export type VerifiableAttributeName = 'email' | 'phone_number';

/**
 * A user's attributes as `GetUser` returns them: strings, as Cognito stores them
 * (`email_verified` is `'true'` or `'false'`), custom ones with their `custom:` prefix.
 *
 * @example
 * ```ts
 * import { getUserAttributes, type UserAttributes } from '@sessionkit/core';
 *
 * const { attributes }: { attributes: UserAttributes } = await getUserAttributes(session);
 * const tenant = attributes['custom:tenant'];
 * const verified = attributes.email_verified === 'true';
 * ```
 */
export type UserAttributes = { readonly [Name in StandardAttributeName]?: string } & {
  readonly sub: string;
  readonly [name: string]: string | undefined;
};

/**
 * What `getUserAttributes` resolves: the username, the attributes and the MFA factors on.
 *
 * @example
 * ```ts
 * import { getUserAttributes, type UserProfile } from '@sessionkit/core';
 *
 * const profile: UserProfile = await getUserAttributes(session);
 * const needsMfa = profile.mfa.enabled.length === 0;
 * ```
 */
export interface UserProfile {
  /** The user's Cognito username; where users sign in by email or phone, a generated id. */
  username: string;
  /** The user's attributes, `sub` always among them. */
  attributes: UserAttributes;
  /** The factors turned on, and the one asked for at sign-in (`null`: none preferred). */
  mfa: { enabled: (keyof MfaPreference)[]; preferred: keyof MfaPreference | null };
}
