/**
 * The device operations of the user-pool API (docs/cognito-wire.md section 7): `ConfirmDevice`,
 * `UpdateDeviceStatus`, `ForgetDevice` and `ListDevices`, each authorised by the signed-in user's
 * access token, so their refusals mean something else than a refresh's.
 */
import { SessionError } from '../../errors.js';
import { type ProviderResponse, send } from '../http.js';
import type { ProviderContext } from '../types.js';
import { cognitoError, cognitoErrorName } from './cognitoErrors.js';

/** Refusals of the access token itself: the user must sign in again. */
const ACCESS_REFUSED = new Set([
  'NotAuthorizedException',
  'UserNotFoundException',
  'UserNotConfirmedException',
  'PasswordResetRequiredException',
]);

/**
 * Maps a failed device operation: a refused access token is `invalid_token`, an unknown device
 * `provider` (with what to do); throttling, service and configuration errors as anywhere else.
 */
export function deviceApiError(response: ProviderResponse, now: number): SessionError {
  const name = cognitoErrorName(response);
  const body = (response.isJson ? response.json : null) as { message?: unknown } | null;
  const message = typeof body?.message === 'string' ? body.message : '';
  const said = message ? `: "${message}"` : '';
  const details = { status: response.status, providerCode: name };
  if (name && ACCESS_REFUSED.has(name)) {
    return new SessionError(
      'invalid_token',
      `Cognito refused the access token (${name}${said}); sign in again.`,
      details,
    );
  }
  if (name === 'ResourceNotFoundException' && /device/i.test(message)) {
    return new SessionError(
      'provider',
      `Cognito has no such device for this user (${name}${said}); listDevices() lists the user's devices.`,
      details,
    );
  }
  return cognitoError(response, now);
}

/**
 * Sends a device operation whose success carries nothing to read (`UpdateDeviceStatus` answers
 * `{}`, `ForgetDevice` HTTP 200 with an empty body): any 2xx is success.
 */
export async function sendDeviceOperation(
  context: ProviderContext,
  endpoint: string,
  operation: 'UpdateDeviceStatus' | 'ForgetDevice',
  input: object,
): Promise<void> {
  const response = await send(context, endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      'Cache-Control': 'no-store',
    },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw deviceApiError(response, context.now());
}
