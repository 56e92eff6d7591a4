/**
 * Ending the user's account or every session of it (docs/cognito-wire.md section 10): sign out
 * on every device (`GlobalSignOut`), delete the user (`DeleteUser`). Each is authorised by the
 * session's access token; once Cognito has done it, the session ends here and in every tab
 * (`signOut({ revoke: false })`: Cognito has already invalidated the refresh token, so no
 * revocation request follows).
 */
import { signedInCall } from '../providers/cognito/accountApi.js';
import type { Session } from '../session.js';

/**
 * Signs the user out on every device (`GlobalSignOut`): Cognito invalidates every refresh token
 * of the user and refuses its access tokens in its own API ("Access Token has been revoked"),
 * then this session ends in every tab with reason `'user'` (other tabs: `'otherTab'`), without
 * a revocation request. Other devices' sessions end at their next refresh (reason `'revoked'`).
 * ID and access tokens stay valid elsewhere (your API's JWT check) until they expire. When
 * Cognito refuses or cannot be reached (`network`, `rate_limited`…) nothing ends: the error is
 * thrown and the session stays, so the user can try again. Rejects with `signed_out` when nobody
 * is signed in.
 *
 * @example
 * ```ts
 * import { globalSignOut, isSessionError } from '@sessionkit/core';
 *
 * try {
 *   await globalSignOut(session);
 * } catch (error) {
 *   if (isSessionError(error)) showError(error.message);
 * }
 * ```
 */
export async function globalSignOut(session: Session): Promise<void> {
  await signedInCall(session, 'globalSignOut()', 'GlobalSignOut', {});
  await session.signOut({ revoke: false });
}

/**
 * Deletes the signed-in user from the user pool (`DeleteUser`), then ends the session in every
 * tab with reason `'user'` (other tabs: `'otherTab'`), without a revocation request (the user's
 * tokens died with it). A later sign-in as that user fails as for an unknown user. When Cognito
 * refuses or cannot be reached, nothing is deleted or ended and the error is thrown. Rejects
 * with `signed_out` when nobody is signed in.
 *
 * @example
 * ```ts
 * import { deleteUser, isSessionError } from '@sessionkit/core';
 *
 * await deleteUser(session).catch((error) => {
 *   if (isSessionError(error)) showError(error.message);
 * });
 * ```
 */
export async function deleteUser(session: Session): Promise<void> {
  await signedInCall(session, 'deleteUser()', 'DeleteUser', {});
  await session.signOut({ revoke: false });
}
