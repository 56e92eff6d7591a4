import { SessionError } from '../errors.js';
import type { TokenSet } from '../types.js';
import { invalidResponse, parseRetryAfter, send, stringField } from './http.js';
import type { ProviderContext } from './types.js';

/** POSTs an `application/x-www-form-urlencoded` body (OAuth 2.0 token and revocation endpoints). */
export function postForm(context: ProviderContext, url: string, fields: Record<string, string>) {
  return send(context, url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/**
 * Maps an OAuth 2.0 error answer (RFC 6749 section 5.2) to a SessionError. `invalid_grant` means
 * the refresh token or code is dead; client and request errors are configuration problems; 429
 * and 5xx are transient.
 */
export function oauthError(
  response: Awaited<ReturnType<typeof postForm>>,
  now: number,
  host: string,
  /** What `invalid_grant` refers to: the refresh token, or an authorization code. */
  grant: 'refresh token' | 'authorization code' = 'refresh token',
): SessionError {
  const error = stringField(response.json, 'error');
  // Cognito sends `error` and sometimes `error_message`; standard servers `error_description`.
  const description =
    stringField(response.json, 'error_description') ?? stringField(response.json, 'error_message');
  const detail = description ? `: ${description}` : '';
  const status = response.status;
  if (status === 429) {
    return new SessionError('rate_limited', `${host} is throttling requests (HTTP 429).`, {
      status,
      retryable: true,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
      ...(error ? { providerCode: error } : {}),
    });
  }
  if (status >= 500) {
    return new SessionError('provider', `${host} failed with HTTP ${status}${detail}.`, {
      status,
      retryable: true,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now),
      ...(error ? { providerCode: error } : {}),
    });
  }
  if (!error)
    return invalidResponse(response, `${host} answered with an error that is not OAuth JSON`);
  if (error === 'invalid_grant') {
    return new SessionError('invalid_grant', `The ${grant} was refused (invalid_grant${detail}).`, {
      status,
      providerCode: error,
      signOutReason: /revoked/i.test(description ?? '') ? 'revoked' : 'expired',
    });
  }
  return new SessionError('provider', `${host} refused the request (${error}${detail}).`, {
    status,
    providerCode: error,
  });
}

/** Reads an OAuth token response; the refresh token is included only when the server sent one. */
export function readOAuthTokens(
  response: Awaited<ReturnType<typeof postForm>>,
  host: string,
): TokenSet {
  if (!response.isJson) {
    throw invalidResponse(
      response,
      `${host} answered the token request with a body that is not JSON`,
    );
  }
  const idToken = stringField(response.json, 'id_token');
  const accessToken = stringField(response.json, 'access_token');
  if (!idToken || !accessToken) {
    throw invalidResponse(response, `${host}'s token response lacks id_token or access_token`);
  }
  const tokens: TokenSet = { idToken, accessToken };
  const refreshToken = stringField(response.json, 'refresh_token');
  if (refreshToken) tokens.refreshToken = refreshToken;
  return tokens;
}
