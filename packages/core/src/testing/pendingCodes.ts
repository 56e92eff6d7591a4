import { CognitoApiError } from './cognitoResponses.js';

/** Cognito's words for a code that is not (or no longer) pending, and for a wrong one. */
export const EXPIRED_CODE = 'Invalid code provided, please request a code again.';
export const CODE_MISMATCH = 'Invalid verification code provided, please try again.';

/** A code the fake pool "sent" and waits for, until `expiresAt` (pool clock, ms). */
export interface PendingCode {
  code: string;
  expiresAt: number;
}

/**
 * Uses up the pending code under `key` as Cognito does for confirmation, reset and attribute
 * codes: none, expired or already used → `ExpiredCodeException`; a different code →
 * `CodeMismatchException`, leaving it pending for another try; the right one is deleted.
 */
export function takePendingCode(
  codes: Record<string, PendingCode>,
  key: string,
  code: string,
  now: number,
): void {
  const pending = codes[key];
  if (!pending || pending.expiresAt <= now) {
    throw new CognitoApiError('ExpiredCodeException', EXPIRED_CODE);
  }
  if (pending.code !== code) {
    throw new CognitoApiError('CodeMismatchException', CODE_MISMATCH);
  }
  delete codes[key];
}
