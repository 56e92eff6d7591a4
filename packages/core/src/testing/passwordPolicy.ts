/**
 * The fake pool's password policy (option `passwordPolicy`), checked wherever Cognito checks it:
 * `SignUp`, `ConfirmForgotPassword`, `ChangePassword` and the `NEW_PASSWORD_REQUIRED` answer.
 */
import { modelShape, requireModelShape } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';

/**
 * A user pool's password policy, as Cognito's `PasswordPolicyType` (camelCase). Every field is
 * optional: what is left out keeps AWS's default.
 *
 * @example
 * ```ts
 * import { createFakeUserPool } from '@sessionkit/core/testing';
 *
 * // A pool that asks for 12 characters and no symbol.
 * const pool = createFakeUserPool({
 *   region: 'eu-west-1',
 *   userPoolId: 'eu-west-1_AbC123',
 *   clientId: 'client',
 *   passwordPolicy: { minimumLength: 12, requireSymbols: false },
 * });
 * ```
 */
export interface FakePasswordPolicy {
  /** The fewest characters a password may have, 6 to 99. @default 8 */
  minimumLength?: number;
  /** At least one of A–Z. @default true */
  requireUppercase?: boolean;
  /** At least one of a–z. @default true */
  requireLowercase?: boolean;
  /** At least one of 0–9. @default true */
  requireNumbers?: boolean;
  /**
   * At least one of Cognito's special characters (`^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' :
   * ; | _ ~ = + -` and the backtick), or a space that is neither first nor last. @default true
   */
  requireSymbols?: boolean;
  /**
   * How many of the user's latest passwords (the current one among them) `ChangePassword` and
   * `ConfirmForgotPassword` refuse to set again, 0 to 24, with Cognito's
   * `PasswordHistoryPolicyViolationException`; 0 keeps no history. Cognito offers it on the
   * Essentials and Plus feature plans. @default 0
   */
  passwordHistorySize?: number;
  /**
   * How many days a temporary password (a user added with status `FORCE_CHANGE_PASSWORD`) signs
   * in, 0 to 365; after that, sign-in answers `NotAuthorizedException` "User account has expired,
   * it must be reset by an administrator." until the user is added again (Cognito:
   * `AdminCreateUser` with `MessageAction: 'RESEND'`). @default 7
   */
  temporaryPasswordValidityDays?: number;
}

/** A password policy with every field set. */
export type ResolvedPasswordPolicy = Readonly<Required<FakePasswordPolicy>>;

/** What a pool created without a password policy has (AWS's default). */
export const DEFAULT_PASSWORD_POLICY: ResolvedPasswordPolicy = Object.freeze({
  minimumLength: 8,
  requireUppercase: true,
  requireLowercase: true,
  requireNumbers: true,
  requireSymbols: true,
  passwordHistorySize: 0,
  temporaryPasswordValidityDays: 7,
});

/** Fills in AWS's defaults; throws for a length Cognito would not take. */
export function resolvePasswordPolicy(policy: FakePasswordPolicy = {}): ResolvedPasswordPolicy {
  const resolved = { ...DEFAULT_PASSWORD_POLICY, ...policy };
  const { minimumLength } = resolved;
  if (!Number.isInteger(minimumLength) || minimumLength < 6 || minimumLength > 99) {
    throw new TypeError(
      `createFakeUserPool(): passwordPolicy.minimumLength must be a whole number from 6 to 99, got ${minimumLength}.`,
    );
  }
  const { passwordHistorySize } = resolved;
  if (
    !Number.isInteger(passwordHistorySize) ||
    passwordHistorySize < 0 ||
    passwordHistorySize > 24
  ) {
    throw new TypeError(
      `createFakeUserPool(): passwordPolicy.passwordHistorySize must be a whole number from 0 to 24, got ${passwordHistorySize}.`,
    );
  }
  const { temporaryPasswordValidityDays: days } = resolved;
  if (!Number.isInteger(days) || days < 0 || days > 365) {
    throw new TypeError(
      `createFakeUserPool(): passwordPolicy.temporaryPasswordValidityDays must be a whole number from 0 to 365, got ${days}.`,
    );
  }
  return Object.freeze(resolved);
}

const SPECIAL = /[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+-]/;

/** The first rule of `policy` that `password` breaks, in Cognito's words, or `null`. */
export function passwordPolicyViolation(
  password: string,
  policy: ResolvedPasswordPolicy,
): string | null {
  if (password.length < policy.minimumLength) return 'Password not long enough';
  if (policy.requireUppercase && !/[A-Z]/.test(password)) {
    return 'Password must have uppercase characters';
  }
  if (policy.requireLowercase && !/[a-z]/.test(password)) {
    return 'Password must have lowercase characters';
  }
  if (policy.requireNumbers && !/[0-9]/.test(password)) {
    return 'Password must have numeric characters';
  }
  if (policy.requireSymbols && !SPECIAL.test(password) && !password.slice(1, -1).includes(' ')) {
    return 'Password must have symbol characters';
  }
  return null;
}

/**
 * Refuses a password `policy` does not allow with Cognito's `InvalidPasswordException`. Cognito
 * words the prefix two ways: "Password did not conform with policy" (`SignUp`, `ChangePassword`,
 * `ConfirmForgotPassword`) and "Password does not conform to policy" (`NEW_PASSWORD_REQUIRED`).
 */
export function requirePolicy(
  password: string,
  policy: ResolvedPasswordPolicy,
  prefix = 'Password did not conform with policy',
): void {
  const violation = passwordPolicyViolation(password, policy);
  if (violation) throw new CognitoApiError('InvalidPasswordException', `${prefix}: ${violation}`);
}

/** What Cognito's API takes as a new password: no space at its start or end, 256 at most. */
const PASSWORD_SHAPE = modelShape(256, '^[\\S]+.*[\\S]+$');

/**
 * Refuses what the API refuses before any policy, in its words, which never quote the password:
 * a space at the start or end ("1 validation error detected: Value at 'password' failed to
 * satisfy constraint: Member must satisfy regular expression pattern: ^[\S]+.*[\S]+$", as users
 * of real pools report it; docs/cognito-wire.md section 8), or over 256 characters. `field` is
 * the request's member in camel case (`password`, `proposedPassword`).
 */
export function requirePasswordShape(password: string, field: string): void {
  requireModelShape(password, field, PASSWORD_SHAPE);
}

/** The kit's wording of a reused password (docs/cognito-wire.md section 7, "As built"). */
export const PASSWORD_REUSED = 'Password has previously been used.';

/**
 * Gives `user` a new password that `policy` allows (the caller has checked the rest): refuses one
 * of its latest `passwordHistorySize` passwords, and keeps the ones the policy remembers.
 */
export function setUserPassword(
  user: { password: string; previousPasswords?: string[] },
  password: string,
  policy: ResolvedPasswordPolicy,
): void {
  const size = policy.passwordHistorySize;
  const latest = [user.password, ...(user.previousPasswords ?? [])].slice(0, size);
  if (latest.includes(password)) {
    throw new CognitoApiError('PasswordHistoryPolicyViolationException', PASSWORD_REUSED);
  }
  if (size > 1) user.previousPasswords = latest.slice(0, size - 1);
  user.password = password;
}

/**
 * Cognito's answer to a temporary password past `passwordPolicy.temporaryPasswordValidityDays`
 * (as reported by users of real pools; AWS's reference does not quote it).
 */
export const TEMPORARY_PASSWORD_EXPIRED =
  'User account has expired, it must be reset by an administrator.';

/** Whether the temporary password of `user` (status `FORCE_CHANGE_PASSWORD`) has expired at `now`. */
export function isTemporaryPasswordExpired(
  user: { temporaryPasswordSetAt?: number },
  policy: ResolvedPasswordPolicy,
  now: number,
): boolean {
  const days = policy.temporaryPasswordValidityDays;
  return now >= (user.temporaryPasswordSetAt ?? now) + days * 86_400_000;
}
