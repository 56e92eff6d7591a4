/**
 * Removing attributes from the signed-in user's profile (`DeleteUserAttributes`,
 * docs/cognito-wire.md section 10): its own import, as each profile call is.
 */
import { signedInCall } from '../providers/cognito/accountApi.js';
import type { Session } from '../session.js';
import { refreshClaims } from './profile.js';

/**
 * Options of {@link deleteUserAttributes}.
 *
 * @example
 * ```ts
 * import { type DeleteUserAttributesOptions, deleteUserAttributes } from '@sessionkit/core';
 *
 * const options: DeleteUserAttributesOptions = { refresh: false };
 * await deleteUserAttributes(session, ['nickname'], options);
 * ```
 */
export interface DeleteUserAttributesOptions {
  /** Refresh afterwards, so the ID token's claims lose the attributes. @default true */
  refresh?: boolean;
}

/** What {@link deleteUserAttributes} resolves. */
export interface DeleteUserAttributesResult {
  /** Whether the session refreshed after the change (false: not asked, or the refresh failed). */
  claimsRefreshed: boolean;
}

/** Cognito takes 1 to 32 names per request. */
const MAX_NAMES = 32;

/**
 * Removes attributes from the signed-in user (`DeleteUserAttributes`): custom ones take their
 * `custom:` prefix; an email address or phone number goes with its verification, and with it
 * signing in by it where the pool takes it as an alias. Then the session refreshes, so
 * `getState().user` no longer shows them. Rejects with `provider` for an attribute not in the
 * schema, required by it, or not writable (`sub`, the `_verified` marks), Cognito's words in
 * `providerMessage`; `signed_out` when nobody is signed in.
 *
 * @example
 * ```ts
 * import { deleteUserAttributes } from '@sessionkit/core';
 *
 * await deleteUserAttributes(session, ['phone_number', 'custom:tenant']);
 * ```
 */
export async function deleteUserAttributes(
  session: Session,
  names: readonly string[],
  options: DeleteUserAttributesOptions = {},
): Promise<DeleteUserAttributesResult> {
  const valid =
    Array.isArray(names) &&
    names.length > 0 &&
    names.length <= MAX_NAMES &&
    names.every((name) => typeof name === 'string' && name !== '');
  if (!valid) {
    throw new TypeError(
      `deleteUserAttributes(): names must list 1 to ${MAX_NAMES} attribute names.`,
    );
  }
  await signedInCall(session, 'deleteUserAttributes()', 'DeleteUserAttributes', {
    UserAttributeNames: [...names],
  });
  return { claimsRefreshed: await refreshClaims(session, options.refresh) };
}
