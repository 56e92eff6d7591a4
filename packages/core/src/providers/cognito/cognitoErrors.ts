import { SessionError } from '../../errors.js';
import { type ProviderResponse, parseRetryAfter } from '../http.js';

/**
 * The error name of a Cognito JSON API answer, parsed the way that survives every shape seen on
 * the wire (COGNITO.md section 1): the `x-amzn-ErrorType` header, else `body.code`, else
 * `body.__type`; cut at the first `:` or `,`; keep what follows a `#`.
 */
export function cognitoErrorName(response: ProviderResponse): string | undefined {
  const body = (response.isJson ? response.json : {}) as Record<string, unknown> | null;
  const raw =
    response.headers.get('x-amzn-errortype') ??
    (typeof body?.code === 'string' ? body.code : undefined) ??
    (typeof body?.__type === 'string' ? body.__type : undefined);
  if (!raw) return undefined;
  const name = raw.split(/[:,]/)[0] ?? '';
  const hash = name.lastIndexOf('#');
  return (hash >= 0 ? name.slice(hash + 1) : name).trim() || undefined;
}

function cognitoErrorMessage(response: ProviderResponse): string | undefined {
  const body = (response.isJson ? response.json : {}) as Record<string, unknown> | null;
  const message = body?.message ?? body?.Message;
  return typeof message === 'string' ? message : undefined;
}

/** Errors during refresh that mean the refresh token can no longer be used: end the session. */
const SESSION_ENDING = new Set([
  'NotAuthorizedException',
  'RefreshTokenReuseException',
  'UserNotFoundException',
  'PasswordResetRequiredException',
  'UserNotConfirmedException',
]);

/** Errors that a later retry may not meet. */
const TRANSIENT = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'InternalErrorException',
]);

/**
 * Maps a failed Cognito answer to a SessionError (COGNITO.md section 1 table). Classifies by the
 * error name, never by the status (real traffic sends 400 for throttling too); the status decides
 * only when no name came back (a 5xx from a load balancer, a 429 from a proxy).
 */
export function cognitoError(response: ProviderResponse, now: number): SessionError {
  const name = cognitoErrorName(response);
  const message = cognitoErrorMessage(response);
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  const said = message ? `: ${message}` : '';
  const base = {
    status,
    ...(name ? { providerCode: name } : {}),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };

  if (name && SESSION_ENDING.has(name)) {
    const reason =
      name === 'NotAuthorizedException' && !/revoked/i.test(message ?? '') ? 'expired' : 'revoked';
    return new SessionError(
      'invalid_grant',
      `Cognito refused the refresh token (${name}${said}).`,
      {
        ...base,
        signOutReason: reason,
      },
    );
  }
  if (name === 'TooManyRequestsException' || name === 'LimitExceededException' || status === 429) {
    return new SessionError(
      'rate_limited',
      `Cognito is throttling requests (${name ?? 'HTTP 429'}).`,
      {
        ...base,
        retryable: true,
      },
    );
  }
  if ((name && TRANSIENT.has(name)) || status >= 500) {
    return new SessionError('provider', `Cognito failed (${name ?? `HTTP ${status}`}${said}).`, {
      ...base,
      retryable: true,
    });
  }
  if (!name) {
    return new SessionError(
      'invalid_response',
      `Cognito answered HTTP ${status} without an error name.`,
      {
        ...base,
        retryable: !response.isJson,
      },
    );
  }
  // InvalidParameterException, ResourceNotFoundException, UnsupportedOperationException, ...:
  // configuration errors. Retrying cannot help and ending the session would hide the problem.
  return new SessionError('provider', `Cognito refused the request (${name}${said}).`, base);
}
