import type { SessionError } from '../../errors.js';
import type { TokenSet } from '../../types.js';
import { invalidResponse, type ProviderResponse, send, stringField } from '../http.js';
import type { ProviderContext } from '../types.js';
import { cognitoError } from './cognitoErrors.js';

/** One Cognito JSON API call; resolves with a JSON answer or rejects with a SessionError. */
export type CognitoApiCall = (
  context: ProviderContext,
  operation: string,
  input: object,
  mapError?: (response: ProviderResponse, now: number) => SessionError,
) => Promise<ProviderResponse>;

/**
 * The Cognito user-pool JSON API (docs/cognito-wire.md section 1): a POST to the regional endpoint with
 * the operation in `X-Amz-Target`. No SigV4 for the operations a browser uses.
 */
export function createCognitoApi(endpoint: string): CognitoApiCall {
  return async (context, operation, input, mapError = cognitoError) => {
    const response = await send(context, endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
        // Both AWS clients send it; an answer carrying tokens must never be cached.
        'Cache-Control': 'no-store',
      },
      body: JSON.stringify(input),
    });
    if (!response.ok) throw mapError(response, context.now());
    if (!response.isJson) {
      throw invalidResponse(response, `Cognito answered ${operation} with a body that is not JSON`);
    }
    return response;
  };
}

/** Reads `AuthenticationResult`; its `RefreshToken` only when present (rotation, sign-in). */
export function readAuthenticationResult(response: ProviderResponse, operation: string): TokenSet {
  const result = (response.json as { AuthenticationResult?: unknown }).AuthenticationResult;
  const idToken = stringField(result, 'IdToken');
  const accessToken = stringField(result, 'AccessToken');
  if (!idToken || !accessToken) {
    throw invalidResponse(response, `Cognito's ${operation} answer lacks IdToken or AccessToken`);
  }
  const tokens: TokenSet = { idToken, accessToken };
  const refreshToken = stringField(result, 'RefreshToken');
  if (refreshToken) tokens.refreshToken = refreshToken;
  return tokens;
}
