/**
 * `ResendConfirmationCode` (AWS's API reference; docs/cognito-wire.md section 7, "Sign-up"): a new
 * sign-up code for an account not confirmed yet.
 */
import {
  accountApi,
  type CodeDeliveryDetails,
  metadata,
  readCodeDelivery,
  requireText,
} from '../providers/cognito/accountApi.js';
import { accountFlowError } from '../providers/cognito/accountFlowErrors.js';
import type { Session } from '../session.js';

/**
 * Sends the sign-up code again (`ResendConfirmationCode`), for a user who lost or let expire the
 * first one (a sign-up code lasts 24 hours); the previous code no longer works. Resolves where it
 * went. Rejects with `challenge` when the account is already confirmed, `invalid_grant` for an
 * unknown username, `rate_limited` when Cognito limits the attempts.
 *
 * @example
 * ```ts
 * import { resendSignUpCode } from '@sessionkit/core';
 *
 * const { codeDelivery } = await resendSignUpCode(session, 'alice');
 * ```
 */
export async function resendSignUpCode(
  session: Session,
  username: string,
  options: { clientMetadata?: Record<string, string> } = {},
): Promise<{ codeDelivery: CodeDeliveryDetails | undefined }> {
  const { internals, provider, callApi } = accountApi(session, 'resendSignUpCode()');
  requireText('resendSignUpCode()', 'username', username);
  const response = await internals.call((context) =>
    callApi(
      context,
      'ResendConfirmationCode',
      {
        ClientId: provider.clientId,
        Username: username,
        ...metadata('ClientMetadata', options.clientMetadata),
      },
      accountFlowError,
    ),
  );
  return { codeDelivery: readCodeDelivery(response.json) };
}
