/**
 * A forgotten password, reset with a code Cognito sends (`ForgotPassword`, then
 * `ConfirmForgotPassword`; AWS's API reference), and the signed-in user's password change
 * (`ChangePassword` with the access token). Neither signs anyone in or out.
 */
import {
  accountApi,
  type CodeDeliveryDetails,
  readCodeDelivery,
  requireText,
} from '../providers/cognito/accountApi.js';
import { accountFlowError } from '../providers/cognito/accountFlowErrors.js';
import type { Session } from '../session.js';

/**
 * Options of {@link resetPassword} and {@link confirmResetPassword}.
 *
 * @example
 * ```ts
 * import { type ResetPasswordOptions, resetPassword } from '@sessionkit/core';
 *
 * const options: ResetPasswordOptions = { clientMetadata: { source: 'web' } };
 * await resetPassword(session, 'alice', options);
 * ```
 */
export interface ResetPasswordOptions {
  /** `ClientMetadata`, for the Lambda triggers the call runs. */
  clientMetadata?: Record<string, string>;
}

/**
 * Starts resetting a forgotten password (`ForgotPassword`): Cognito sends a code to the user's
 * verified email address or phone number, and this resolves where it went. Then
 * {@link confirmResetPassword} with the code (it lasts an hour) and the new password. Also the
 * step of a user whose sign-in says `nextStep: { step: 'resetPassword' }`. Rejects with
 * `provider` when the user has no verified email or phone number (Cognito's
 * `InvalidParameterException`), `invalid_grant` for an unknown username (a pool that hides user
 * existence answers as if it sent a code), `rate_limited` when Cognito limits the attempts.
 *
 * @example
 * ```ts
 * import { resetPassword } from '@sessionkit/core';
 *
 * const { codeDelivery } = await resetPassword(session, 'alice');
 * showMessage(`Enter the code we sent to ${codeDelivery?.destination}.`);
 * ```
 */
export async function resetPassword(
  session: Session,
  username: string,
  options: ResetPasswordOptions = {},
): Promise<{ codeDelivery: CodeDeliveryDetails | undefined }> {
  const { internals, provider, callApi } = accountApi(session, 'resetPassword()');
  requireText('resetPassword()', 'username', username);
  const response = await internals.call((context) =>
    callApi(
      context,
      'ForgotPassword',
      {
        ClientId: provider.clientId,
        Username: username,
        ...(options.clientMetadata ? { ClientMetadata: options.clientMetadata } : {}),
      },
      accountFlowError,
    ),
  );
  return { codeDelivery: readCodeDelivery(response.json) };
}

/**
 * Sets a new password with the code {@link resetPassword} sent (`ConfirmForgotPassword`); the
 * old password stops working. Sign in afterwards. Rejects with a `challenge` SessionError for a
 * wrong code (`CodeMismatchException`), an expired or used one (`ExpiredCodeException`: start
 * again with resetPassword), a password the pool's policy refuses (`InvalidPasswordException`)
 * or one of the account's recent passwords where the pool keeps a password history
 * (`PasswordHistoryPolicyViolationException`); the message never repeats the code or the password.
 *
 * @example
 * ```ts
 * import { confirmResetPassword, signInWithPassword } from '@sessionkit/core';
 *
 * await confirmResetPassword(session, 'alice', '123456', newPassword);
 * await signInWithPassword(session, 'alice', newPassword);
 * ```
 */
export async function confirmResetPassword(
  session: Session,
  username: string,
  code: string,
  newPassword: string,
  options: ResetPasswordOptions = {},
): Promise<void> {
  const { internals, provider, callApi } = accountApi(session, 'confirmResetPassword()');
  requireText('confirmResetPassword()', 'username', username);
  requireText('confirmResetPassword()', 'code', code);
  requireText('confirmResetPassword()', 'newPassword', newPassword);
  await internals.call((context) =>
    callApi(
      context,
      'ConfirmForgotPassword',
      {
        ClientId: provider.clientId,
        Username: username,
        ConfirmationCode: code,
        Password: newPassword,
        ...(options.clientMetadata ? { ClientMetadata: options.clientMetadata } : {}),
      },
      accountFlowError,
    ),
  );
}

/**
 * Changes the signed-in user's password (`ChangePassword` with the session's access token,
 * refreshed first if about to expire). The session stays signed in. Rejects with `signed_out`
 * when nobody is signed in, `invalid_grant` when the old password is wrong
 * (`NotAuthorizedException`), `challenge` when the pool's policy refuses the new one
 * (`InvalidPasswordException`) or the account used it recently and the pool keeps a password
 * history (`PasswordHistoryPolicyViolationException`), `rate_limited` after too many attempts
 * (`LimitExceededException`).
 *
 * @example
 * ```ts
 * import { changePassword } from '@sessionkit/core';
 *
 * await changePassword(session, currentPassword, newPassword);
 * ```
 */
export async function changePassword(
  session: Session,
  oldPassword: string,
  newPassword: string,
): Promise<void> {
  const { internals, callApi } = accountApi(session, 'changePassword()');
  requireText('changePassword()', 'oldPassword', oldPassword);
  requireText('changePassword()', 'newPassword', newPassword);
  // Rejects with `signed_out` when nobody is signed in; refreshes a token about to expire.
  const accessToken = await session.getAccessToken();
  await internals.call((context) =>
    callApi(
      context,
      'ChangePassword',
      { AccessToken: accessToken, PreviousPassword: oldPassword, ProposedPassword: newPassword },
      accountFlowError,
    ),
  );
}
