/** Injected faults (`pool.failNext`): a per-page queue and the responses each kind produces. */
import { HttpResponse } from 'msw';
import {
  amzHeaders,
  apiError,
  apiSuccess,
  OAUTH_JSON_HEADERS,
  oauthError,
  oauthJson,
} from './cognitoResponses.js';
import type { FailNextOptions, FaultKind, PoolOperation } from './fakePoolTypes.js';

/**
 * Operations a fault hits unless `operations` says otherwise: those that issue tokens.
 * @example
 * ```ts
 * import { DEFAULT_FAULT_OPERATIONS } from '@sessionkit/core/testing';
 *
 * pool.failNext('server', 1, { operations: [...DEFAULT_FAULT_OPERATIONS, 'RevokeToken'] });
 * ```
 */
export const DEFAULT_FAULT_OPERATIONS: readonly PoolOperation[] = [
  'InitiateAuth',
  'RespondToAuthChallenge',
  'GetTokensFromRefreshToken',
  'oauth2/token',
];

/**
 * `Retry-After` of the `unavailable` fault unless given, in seconds.
 * @example
 * ```ts
 * pool.failNext('unavailable'); // 503 with `Retry-After: 1`
 * ```
 */
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/** Which protocol answers: the JSON API or the OAuth2 endpoints of the domain. */
export type Protocol = 'api' | 'oauth';

interface PendingFault {
  kind: FaultKind;
  remaining: number;
  operations: readonly PoolOperation[];
  retryAfterSeconds: number;
}

/** A FIFO of pending faults. */
export interface FaultQueue {
  add(kind: FaultKind, count: number, options: FailNextOptions): void;
  /** Takes the first fault that applies to `operation`, or `null`. */
  take(operation: string): PendingFault | null;
  clear(): void;
}

/** Creates an empty {@link FaultQueue}. */
export function createFaultQueue(): FaultQueue {
  let pending: PendingFault[] = [];
  return {
    add(kind, count, options) {
      if (!Number.isInteger(count) || count < 1) {
        throw new RangeError(`failNext count must be a positive integer, got ${count}`);
      }
      pending.push({
        kind,
        remaining: count,
        operations: options.operations ?? DEFAULT_FAULT_OPERATIONS,
        retryAfterSeconds: options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
      });
    },
    take(operation) {
      const fault = pending.find((candidate) =>
        (candidate.operations as readonly string[]).includes(operation),
      );
      if (!fault) return null;
      fault.remaining -= 1;
      if (fault.remaining === 0) pending = pending.filter((candidate) => candidate !== fault);
      return fault;
    },
    clear() {
      pending = [];
    },
  };
}

/** The response a fault produces on `protocol`. */
export function faultResponse(fault: PendingFault, protocol: Protocol): Response {
  const isApi = protocol === 'api';
  switch (fault.kind) {
    case 'network':
      return HttpResponse.error();
    case 'server':
      return isApi
        ? apiError('InternalErrorException', 'Internal server error.', 500)
        : oauthError('server_error', 500);
    case 'throttle':
      return isApi
        ? apiError('TooManyRequestsException', 'Rate exceeded')
        : oauthError('too_many_requests', 429);
    case 'limit_exceeded':
      // Cognito's per-user limit on an action (code requests, wrong codes or current passwords);
      // its numbers are not published, so tests ask for it.
      return isApi
        ? apiError('LimitExceededException', 'Attempt limit exceeded, please try after some time.')
        : oauthError('too_many_requests', 429);
    case 'invalid_grant':
      return isApi
        ? apiError('NotAuthorizedException', 'Invalid Refresh Token.')
        : oauthError('invalid_grant');
    case 'html':
      return new HttpResponse(
        '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>',
        { status: 502, headers: { 'Content-Type': 'text/html' } },
      );
    case 'unavailable':
      return new HttpResponse('Service Unavailable', {
        status: 503,
        headers: { 'Content-Type': 'text/plain', 'Retry-After': String(fault.retryAfterSeconds) },
      });
    case 'garbage':
      // Cut off mid-answer, under the headers a whole answer of the protocol has.
      return new HttpResponse('{"AuthenticationResult":{"AccessToken":', {
        status: 200,
        headers: isApi ? amzHeaders() : OAUTH_JSON_HEADERS,
      });
    case 'missing_tokens':
      return isApi
        ? apiSuccess({
            ChallengeParameters: {},
            AuthenticationResult: { ExpiresIn: 3600, TokenType: 'Bearer' },
          })
        : oauthJson({ token_type: 'Bearer', expires_in: 3600 });
  }
}
