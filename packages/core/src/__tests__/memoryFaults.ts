/**
 * Failures the in-memory provider (memoryProvider.ts) injects, as the SessionErrors the Cognito
 * provider makes of the same answers: each wire-level fault of the fake pool
 * (testing/faults.ts) becomes the answer it would be on the wire, classified by
 * providers/cognito/cognitoErrors.ts and providers/http.ts exactly as a real refresh would be.
 * That the wire really carries these answers is proven over MSW (cognitoWire.test.ts, the fault
 * matrix); here only what the session does with them matters.
 */
import { SessionError } from '../errors.js';
import { cognitoError } from '../providers/cognito/cognitoErrors.js';
import { invalidResponse, type ProviderResponse } from '../providers/http.js';
import type { FaultKind } from '../testing/fakePoolTypes.js';
import type { RefreshRejection } from '../testing/refreshTokens.js';

/**
 * The fake pool's faults, plus:
 * - `timeout`: no answer at all, until the call's signal aborts (the session's request timeout,
 *   sign-out or dispose);
 * - `revoked`: `NotAuthorizedException` "Refresh Token has been revoked" (`invalid_grant` with
 *   reason `revoked`; the pool's own `invalid_grant` fault reads as `expired`).
 */
export type MemoryFault = FaultKind | 'timeout' | 'revoked';

/** Which provider call a fault hits. */
export type MemoryOperation = 'refresh' | 'revoke';

export interface MemoryFaultOptions {
  /** `Retry-After` of `unavailable` (and of `throttle` when given), in seconds. @default 1 */
  retryAfterSeconds?: number;
  /** @default 'refresh' */
  operation?: MemoryOperation;
}

interface PendingFault {
  kind: MemoryFault;
  remaining: number;
  retryAfterSeconds: number | undefined;
  operation: MemoryOperation;
}

/** The host the Cognito provider names in its messages (providers/http.ts `send`). */
export const MEMORY_HOST = 'cognito-idp.eu-west-1.amazonaws.com';
const OPERATION = 'GetTokensFromRefreshToken';

/** A FIFO of pending faults; a call takes the first one for its operation. */
export function createMemoryFaults() {
  let pending: PendingFault[] = [];
  return {
    add(kind: MemoryFault, count: number, options: MemoryFaultOptions): void {
      if (!Number.isInteger(count) || count < 1) {
        throw new RangeError(`failNext count must be a positive integer, got ${count}`);
      }
      const { retryAfterSeconds, operation = 'refresh' } = options;
      pending.push({ kind, remaining: count, retryAfterSeconds, operation });
    },
    take(operation: MemoryOperation): PendingFault | null {
      const fault = pending.find((candidate) => candidate.operation === operation);
      if (!fault) return null;
      fault.remaining -= 1;
      if (fault.remaining === 0) pending = pending.filter((candidate) => candidate !== fault);
      return fault;
    },
    clear(): void {
      pending = [];
    },
  };
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}) {
  const isJson = typeof body !== 'string';
  const response: ProviderResponse = {
    status,
    ok: status >= 200 && status < 300,
    headers: new Headers(headers),
    json: isJson ? body : undefined,
    isJson,
  };
  return response;
}

const apiError = (name: string, message: string, status = 400) =>
  answer(status, { __type: name, message });

/** What fetch rejecting (offline, DNS, an aborted request) becomes in providers/http.ts. */
export function networkError(cause: unknown): SessionError {
  return new SessionError('network', `Could not reach ${MEMORY_HOST}.`, { cause, retryable: true });
}

/** `answer`, unless `signal` aborts first: then a network error, as fetch rejects. */
export function untilAborted<T>(answer: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(networkError(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    answer.finally(() => signal.removeEventListener('abort', onAbort)).then(resolve, reject);
  });
}

/** The error a fault other than `timeout` makes the call reject with; `now` is the session clock. */
export function faultError(
  fault: { kind: Exclude<MemoryFault, 'timeout'>; retryAfterSeconds: number | undefined },
  now: number,
): SessionError {
  const retryAfter = String(fault.retryAfterSeconds ?? 1);
  switch (fault.kind) {
    case 'network':
      return networkError(new TypeError('fetch failed'));
    case 'server':
      return cognitoError(apiError('InternalErrorException', 'Internal server error.', 500), now);
    case 'throttle': {
      const response = apiError('TooManyRequestsException', 'Rate exceeded');
      if (fault.retryAfterSeconds !== undefined) response.headers.set('retry-after', retryAfter);
      return cognitoError(response, now);
    }
    case 'limit_exceeded':
      return cognitoError(
        apiError('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
        now,
      );
    case 'invalid_grant':
      return cognitoError(apiError('NotAuthorizedException', 'Invalid Refresh Token.'), now);
    case 'revoked':
      return rejection('revoked', now);
    case 'html':
      return cognitoError(answer(502, '<html><body><h1>502 Bad Gateway</h1></body></html>'), now);
    case 'unavailable':
      return cognitoError(answer(503, 'Service Unavailable', { 'retry-after': retryAfter }), now);
    case 'garbage':
      return invalidResponse(
        answer(200, '{"AuthenticationResult":{"AccessToken":'),
        `Cognito answered ${OPERATION} with a body that is not JSON`,
      );
    case 'missing_tokens':
      return invalidResponse(
        answer(200, { AuthenticationResult: { ExpiresIn: 3600, TokenType: 'Bearer' } }),
        `Cognito's ${OPERATION} answer lacks IdToken or AccessToken`,
      );
  }
}

/** Cognito's answers for a refused refresh token (as testing/refreshFlow.ts words them). */
const REJECTIONS: Record<RefreshRejection, readonly [string, string]> = {
  invalid: ['NotAuthorizedException', 'Invalid Refresh Token.'],
  disabled: ['NotAuthorizedException', 'User is disabled.'],
  expired: ['NotAuthorizedException', 'Refresh Token has expired'],
  revoked: ['NotAuthorizedException', 'Refresh Token has been revoked'],
  reused: ['RefreshTokenReuseException', 'Refresh Token has been rotated and is no longer valid.'],
};

/** The `invalid_grant` error of a refresh token the provider refused. */
export function rejection(reason: RefreshRejection, now: number): SessionError {
  const [name, message] = REJECTIONS[reason];
  return cognitoError(apiError(name, message), now);
}
