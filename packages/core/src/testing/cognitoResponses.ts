/** The response shapes of Cognito's JSON API and of its OAuth2 endpoints (docs/cognito-wire.md §1–3). */
import { HttpResponse } from 'msw';

/** Content type of every JSON API answer, success or error. */
export const AMZ_JSON = 'application/x-amz-json-1.1';

/**
 * A JSON API error: thrown inside the fake, answered as HTTP 400 (unless `status` says otherwise)
 * with `{"__type","message"}` and `x-amzn-ErrorType: <name>:`.
 */
export class CognitoApiError extends Error {
  override readonly name = 'CognitoApiError';
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** An OAuth2 error of the pool domain: `{"error": code}` with `status` (400 by default). */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly code: string,
    readonly status = 400,
  ) {
    super(code);
  }
}

/** The headers of every JSON API answer. */
export function amzHeaders(): Record<string, string> {
  return { 'Content-Type': AMZ_JSON, 'x-amzn-RequestId': globalThis.crypto.randomUUID() };
}

/** A JSON API success. */
export function apiSuccess(body: unknown): Response {
  return new HttpResponse(JSON.stringify(body), { status: 200, headers: amzHeaders() });
}

/**
 * A JSON API error. `type` may carry an AWS namespace (`com.amazon.coral.service#…`); the
 * `x-amzn-ErrorType` header then names only what follows the `#`, as AWS does.
 */
export function apiError(type: string, message: string, status = 400): Response {
  const shortName = type.slice(type.indexOf('#') + 1);
  return new HttpResponse(JSON.stringify({ __type: type, message }), {
    status,
    headers: { ...amzHeaders(), 'x-amzn-ErrorType': `${shortName}:` },
  });
}

/** The headers of the OAuth2 endpoints' JSON (never cached, as Cognito's token endpoint says). */
export const OAUTH_JSON_HEADERS = {
  'Content-Type': 'application/json;charset=UTF-8',
  'Cache-Control': 'no-store',
} as const;

/** A JSON response of the OAuth2 endpoints. */
export function oauthJson(body: unknown, status = 200): Response {
  return new HttpResponse(JSON.stringify(body), { status, headers: OAUTH_JSON_HEADERS });
}

/** An OAuth2 error body `{"error": code}`. */
export function oauthError(code: string, status = 400): Response {
  return oauthJson({ error: code }, status);
}

/** A 302 to `location`. */
export function redirect(location: string): Response {
  return new HttpResponse(null, { status: 302, headers: { Location: location } });
}
