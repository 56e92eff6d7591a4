/**
 * The signed-in user's profile as pure changes of {@link PoolState} (AWS's API reference of
 * `UpdateUserAttributes`, `DeleteUserAttributes`, `GetUserAttributeVerificationCode`,
 * `VerifyUserAttribute`, `DeleteUser`; docs/cognito-wire.md section 10). Errors are thrown as {@link CognitoApiError},
 * which aborts the transaction.
 *
 * As built, the pool is one AWS creates through the API: `email` and `phone_number` are verified
 * automatically and `AttributesRequireVerificationBeforeUpdate` is not set (unless the option
 * `attributesRequireVerificationBeforeUpdate` sets it), so a new email address or phone number
 * replaces the old one at once, unverified, and a code goes to it. With the setting, a verified
 * value stays until the code sent to the new one is verified.
 * The pool has no schema option: a `custom:` attribute is in its schema when some user of the
 * pool has it. Verification codes are 6 digits and last 24 hours; a newer one replaces the older.
 */
import { isBuiltInAttribute, isReadOnlyAttribute } from './attributeRules.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import { maskEmail, maskPhoneNumber } from './mfaPolicy.js';
import { takePendingCode } from './pendingCodes.js';
import type { PoolState } from './poolState.js';
import { forgetUserRecords } from './userDeletion.js';

/** The attributes Cognito verifies with a code. */
export type VerifiedAttribute = 'email' | 'phone_number';

/** The pending attribute codes of a pool (`PoolState.profile`), by `username:attribute`. */
export interface ProfileState {
  /**
   * The code pending per `username:attribute` (`alice:email`) and its expiry, in ms on the pool
   * clock (24 hours after it was sent).
   */
  codes: Record<string, { code: string; expiresAt: number }>;
  /**
   * New values waiting for their code (`AttributesRequireVerificationBeforeUpdate`), by
   * `username:attribute` (absent in states stored before it existed).
   */
  pending?: Record<string, string>;
}

/** How long an attribute verification code lasts, in seconds. */
export const ATTRIBUTE_CODE_LIFETIME_SECONDS = 24 * 3600;

const MEDIUM: Record<VerifiedAttribute, 'EMAIL' | 'SMS'> = { email: 'EMAIL', phone_number: 'SMS' };

function profileOf(state: PoolState): ProfileState {
  state.profile ??= { codes: {} };
  return state.profile;
}

export function isVerifiedAttribute(name: string): name is VerifiedAttribute {
  return name === 'email' || name === 'phone_number';
}

/** Checks the option `attributesRequireVerificationBeforeUpdate`: `email`, `phone_number`. */
export function resolveKeepUntilVerified(
  value: readonly VerifiedAttribute[] = [],
): readonly VerifiedAttribute[] {
  const wrong = value.find((name) => !isVerifiedAttribute(name));
  if (wrong !== undefined) {
    throw new TypeError(
      `createFakeUserPool(): attributesRequireVerificationBeforeUpdate takes 'email' and 'phone_number', got ${JSON.stringify(wrong)}.`,
    );
  }
  return Object.freeze([...value]);
}

/**
 * Refuses what Cognito refuses before changing anything: attributes not in the schema and those
 * that cannot be updated (or deleted), one line each (`user.<name>: …`), as Cognito's message
 * lists them.
 */
export function requireWritable(
  state: PoolState,
  names: readonly string[],
  change: 'updated' | 'deleted' = 'updated',
): void {
  const inSchema = (name: string) =>
    isBuiltInAttribute(name) ||
    (name.startsWith('custom:') &&
      Object.values(state.users).some((user) => Object.hasOwn(user.attributes, name)));
  const problems = names.flatMap((name) =>
    !inSchema(name)
      ? [`user.${name}: Attribute does not exist in the schema.\n`]
      : isReadOnlyAttribute(name)
        ? [`user.${name}: Attribute cannot be ${change}.\n`]
        : [],
  );
  if (problems.length > 0)
    throw new CognitoApiError('InvalidParameterException', problems.join(''));
}

/**
 * "Sends" a verification code for `attribute` to its current value (recorded in `sentCodes`,
 * purpose `VERIFY_ATTRIBUTE`), replacing a pending one; the masked `CodeDeliveryDetails`.
 */
export function sendAttributeCode(
  state: PoolState,
  user: FakeUser,
  attribute: VerifiedAttribute,
  now: number,
) {
  const destination =
    profileOf(state).pending?.[`${user.username}:${attribute}`] ?? user.attributes[attribute];
  if (!destination) {
    throw new CognitoApiError(
      'InvalidParameterException',
      `user.${attribute}: Attribute is not set.`,
    );
  }
  const [value] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  const code = String(value! % 1_000_000).padStart(6, '0');
  profileOf(state).codes[`${user.username}:${attribute}`] = {
    code,
    expiresAt: now + ATTRIBUTE_CODE_LIFETIME_SECONDS * 1000,
  };
  const medium = MEDIUM[attribute];
  state.sentCodes ??= [];
  state.sentCodes.push({
    username: user.username,
    medium,
    destination,
    code,
    time: now,
    purpose: 'VERIFY_ATTRIBUTE',
  });
  const masked = medium === 'EMAIL' ? maskEmail(destination) : maskPhoneNumber(destination);
  return { Destination: masked, DeliveryMedium: medium, AttributeName: attribute };
}

/**
 * `UpdateUserAttributes`: writes the values (an empty one removes the attribute); a new email
 * address or phone number becomes unverified and gets a code, or, when it is one of
 * `keepUntilVerified` and the old value is verified, waits for that code while the old value
 * stays. Returns `CodeDeliveryDetailsList`.
 */
export function updateAttributes(
  state: PoolState,
  user: FakeUser,
  attributes: Record<string, string>,
  now: number,
  keepUntilVerified: readonly VerifiedAttribute[] = [],
) {
  requireWritable(state, Object.keys(attributes));
  const changed: VerifiedAttribute[] = [];
  const profile = profileOf(state);
  for (const [name, value] of Object.entries(attributes)) {
    const key = `${user.username}:${name}`;
    if (profile.pending?.[key] !== undefined) delete profile.pending[key];
    if (user.attributes[name] === value) continue;
    const keeps =
      isVerifiedAttribute(name) &&
      keepUntilVerified.includes(name) &&
      value !== '' &&
      user.attributes[`${name}_verified`] === 'true';
    if (keeps) {
      profile.pending ??= {};
      profile.pending[key] = value;
      changed.push(name);
      continue;
    }
    if (value === '') delete user.attributes[name];
    else user.attributes[name] = value;
    if (!isVerifiedAttribute(name)) continue;
    user.attributes[`${name}_verified`] = 'false';
    if (value === '') delete user.attributes[`${name}_verified`];
    else changed.push(name);
  }
  return changed.map((name) => sendAttributeCode(state, user, name, now));
}

/**
 * `VerifyUserAttribute`: the pending code of `attribute` marks it verified. Wrong:
 * `CodeMismatchException` (the code stays pending); expired or none pending: `ExpiredCodeException`.
 */
export function verifyAttribute(
  state: PoolState,
  user: FakeUser,
  attribute: string,
  code: string,
  now: number,
): void {
  if (!isVerifiedAttribute(attribute)) {
    throw new CognitoApiError(
      'InvalidParameterException',
      `user.${attribute}: Attribute cannot be verified.`,
    );
  }
  const profile = profileOf(state);
  const key = `${user.username}:${attribute}`;
  takePendingCode(profile.codes, key, code, now);
  const waiting = profile.pending?.[key];
  if (waiting !== undefined) {
    user.attributes[attribute] = waiting;
    delete profile.pending?.[key];
  }
  user.attributes[`${attribute}_verified`] = 'true';
}

/**
 * `DeleteUserAttributes`: the attributes go (an email address or phone number with its
 * verification mark, and a new value waiting for its code); an alias goes with its attribute.
 * A required one is refused before (`requireKeptRequired`).
 */
export function deleteAttributes(state: PoolState, user: FakeUser, names: readonly string[]): void {
  requireWritable(state, names, 'deleted');
  const { codes, pending = {} } = profileOf(state);
  for (const name of names) {
    delete user.attributes[name];
    if (!isVerifiedAttribute(name)) continue;
    delete user.attributes[`${name}_verified`];
    delete codes[`${user.username}:${name}`];
    delete pending[`${user.username}:${name}`];
  }
}

/** `DeleteUser`: the user and everything it holds go (userDeletion.ts). */
export function deleteUser(state: PoolState, username: string): void {
  delete state.users[username];
  forgetUserRecords(state, username);
  const { codes, pending = {} } = profileOf(state);
  // Keyed `<username>:<attribute>`, and only verified attributes have codes: named exactly, so a
  // user whose name is this one's and a `:` more keeps its own.
  for (const table of [codes, pending]) {
    for (const attribute of ['email', 'phone_number'] satisfies VerifiedAttribute[]) {
      delete table[`${username}:${attribute}`];
    }
  }
}
