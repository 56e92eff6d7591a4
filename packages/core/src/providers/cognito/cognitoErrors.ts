import { SessionError, type SessionErrorDetails } from '../../errors.js';
import type { SignOutReason } from '../../types.js';
import { type ProviderResponse, parseRetryAfter } from '../http.js';

/**
 * The error name of a Cognito JSON API answer, parsed the way that survives every shape seen on
 * the wire (docs/cognito-wire.md section 1): the `x-amzn-ErrorType` header, else `body.code`, else
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

/**
 * A Lambda trigger of the pool threw (pre sign-up, pre authentication, a custom challenge…):
 * Cognito answers `UserLambdaValidationException` "<Trigger> failed with error <its message>.",
 * which is the app's own check refusing what the user entered, so the user can act on it.
 */
export const LAMBDA_REFUSAL = {
  code: 'challenge',
  hint: 'A Lambda trigger of the user pool refused this; see providerMessage.',
} as const;

/**
 * `NotAuthorizedException` covers very different answers; its message tells them apart
 * (docs/cognito-wire.md sections 1 and 7). A client secret is a configuration error that must not end a
 * session; the others end it, each with its own reason.
 */
export function readNotAuthorized(
  message: string | undefined,
): { kind: 'clientSecret' } | { kind: 'ended'; reason: SignOutReason; what: string } {
  const text = message ?? '';
  if (/secret hash|SECRET_HASH|configured with secret/i.test(text)) return { kind: 'clientSecret' };
  if (/user is disabled/i.test(text)) {
    return { kind: 'ended', reason: 'revoked', what: 'The user is disabled in the user pool' };
  }
  if (/revoked/i.test(text)) {
    return { kind: 'ended', reason: 'revoked', what: 'The refresh token was revoked' };
  }
  if (/invalid refresh token/i.test(text)) {
    // Another app client's token, or a missing device key: not an expiry.
    return { kind: 'ended', reason: 'invalid', what: 'Cognito does not accept this refresh token' };
  }
  return { kind: 'ended', reason: 'expired', what: 'The refresh token has expired' };
}

/** The configuration error of an app client that has a secret. */
export function clientSecretError(base: SessionErrorDetails): SessionError {
  return new SessionError(
    'provider',
    'The app client has a client secret (Cognito asks for SECRET_HASH): a browser app needs a ' +
      'public app client, created without a secret.',
    base,
  );
}

/**
 * The name of the app-client setting that allows the flow a refused request used. Cognito words
 * the refusal two ways: "USER_PASSWORD_AUTH flow not enabled for this client" and
 * "USER_SRP_AUTH is not enabled for the client." (also CUSTOM_AUTH); see `FLOW_REFUSALS` in
 * testing/cognitoApiInput.ts.
 */
function disabledFlowSetting(message: string | undefined): string | undefined {
  if (!/flow not enabled|not enabled for (?:this|the) client/i.test(message ?? ''))
    return undefined;
  const flow =
    /\b(USER_SRP_AUTH|USER_PASSWORD_AUTH|REFRESH_TOKEN_AUTH|CUSTOM_AUTH|USER_AUTH)\b/.exec(
      message ?? '',
    )?.[1];
  if (!flow && /refresh token/i.test(message ?? '')) return 'ALLOW_REFRESH_TOKEN_AUTH';
  return flow
    ? `ALLOW_${flow}`
    : 'the one this app uses (ALLOW_USER_SRP_AUTH, ALLOW_USER_PASSWORD_AUTH or ALLOW_REFRESH_TOKEN_AUTH)';
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
 * Maps a failed Cognito answer to a SessionError (docs/cognito-wire.md section 1 table). Classifies by the
 * error name, never by the status (real traffic sends 400 for throttling too); the status decides
 * only when no name came back (a 5xx from a load balancer, a 429 from a proxy). Cognito's own
 * words are always in `providerMessage`; `quote: false` (sign-in, whose messages apps show to
 * users) keeps them out of `message` too.
 */
export function cognitoError(response: ProviderResponse, now: number, quote = true): SessionError {
  const name = cognitoErrorName(response);
  const message = cognitoErrorMessage(response);
  const status = response.status;
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  const said = message && quote ? `: ${message}` : '';
  const base = {
    status,
    ...(name ? { providerCode: name } : {}),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(message ? { providerMessage: message } : {}),
  };

  if (name === 'NotAuthorizedException') {
    const meaning = readNotAuthorized(message);
    if (meaning.kind === 'clientSecret') return clientSecretError(base);
    return new SessionError('invalid_grant', `${meaning.what} (${name}${said}).`, {
      ...base,
      signOutReason: meaning.reason,
    });
  }
  if (name && SESSION_ENDING.has(name)) {
    return new SessionError(
      'invalid_grant',
      `Cognito refused the refresh token (${name}${said}).`,
      {
        ...base,
        signOutReason: 'revoked',
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
  const setting = disabledFlowSetting(message);
  if (setting) {
    return new SessionError(
      'provider',
      `The app client does not allow this sign-in flow${said ? ` (${name}${said})` : ''}: turn on ${setting} in its authentication flows.`,
      base,
    );
  }
  return new SessionError('provider', `Cognito refused the request (${name}${said}).`, base);
}
