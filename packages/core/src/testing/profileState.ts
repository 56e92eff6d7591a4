/**
 * The signed-in user's profile as pure changes of {@link PoolState} (AWS's API reference of
 * `UpdateUserAttributes`, `GetUserAttributeVerificationCode`, `VerifyUserAttribute`,
 * `DeleteUser`; docs/cognito-wire.md section 10). Errors are thrown as {@link CognitoApiError},
 * which aborts the transaction.
 *
 * As built, the pool is one AWS creates through the API: `email` and `phone_number` are verified
 * automatically and `AttributesRequireVerificationBeforeUpdate` is not set, so a new email
 * address or phone number replaces the old one at once, unverified, and a code goes to it.
 * The pool has no schema option: a `custom:` attribute is in its schema when some user of the
 * pool has it. Verification codes are 6 digits and last 24 hours; a newer one replaces the older.
 */
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import { maskEmail, maskPhoneNumber } from './mfaPolicy.js';
import { takePendingCode } from './pendingCodes.js';
import type { PoolState } from './poolState.js';

/** The attributes Cognito verifies with a code. */
export type VerifiedAttribute = 'email' | 'phone_number';

/** The pending attribute codes of a pool (`PoolState.profile`), by `username:attribute`. */
export interface ProfileState {
  codes: Record<string, { code: string; expiresAt: number }>;
}

/** How long an attribute verification code lasts, in seconds. */
export const ATTRIBUTE_CODE_LIFETIME_SECONDS = 24 * 3600;

/** Cognito's standard attributes a user may write (`sub` is not one: it never changes). */
const STANDARD_ATTRIBUTES = new Set([
  'address',
  'birthdate',
  'email',
  'family_name',
  'gender',
  'given_name',
  'locale',
  'middle_name',
  'name',
  'nickname',
  'phone_number',
  'picture',
  'preferred_username',
  'profile',
  'updated_at',
  'website',
  'zoneinfo',
]);

/** Attributes no user may write: the id, and the verification marks only a code sets. */
const READ_ONLY = new Set(['sub', 'email_verified', 'phone_number_verified']);

const MEDIUM: Record<VerifiedAttribute, 'EMAIL' | 'SMS'> = { email: 'EMAIL', phone_number: 'SMS' };

function profileOf(state: PoolState): ProfileState {
  state.profile ??= { codes: {} };
  return state.profile;
}

export function isVerifiedAttribute(name: string): name is VerifiedAttribute {
  return name === 'email' || name === 'phone_number';
}

/**
 * Refuses what Cognito refuses before changing anything: attributes not in the schema and those
 * that cannot be updated, one line each (`user.<name>: …`), as Cognito's message lists them.
 */
export function requireWritable(state: PoolState, names: readonly string[]): void {
  const inSchema = (name: string) =>
    STANDARD_ATTRIBUTES.has(name) ||
    READ_ONLY.has(name) ||
    (name.startsWith('custom:') &&
      Object.values(state.users).some((user) => Object.hasOwn(user.attributes, name)));
  const problems = names.flatMap((name) =>
    !inSchema(name)
      ? [`user.${name}: Attribute does not exist in the schema.\n`]
      : READ_ONLY.has(name)
        ? [`user.${name}: Attribute cannot be updated.\n`]
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
  const destination = user.attributes[attribute];
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
 * address or phone number becomes unverified and gets a code. Returns `CodeDeliveryDetailsList`.
 */
export function updateAttributes(
  state: PoolState,
  user: FakeUser,
  attributes: Record<string, string>,
  now: number,
) {
  requireWritable(state, Object.keys(attributes));
  const changed: VerifiedAttribute[] = [];
  for (const [name, value] of Object.entries(attributes)) {
    if (user.attributes[name] === value) continue;
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
  const codes = profileOf(state).codes;
  const key = `${user.username}:${attribute}`;
  takePendingCode(codes, key, code, now);
  user.attributes[`${attribute}_verified`] = 'true';
}

/** `DeleteUser`: the user and its pending codes go; its refresh tokens then find no user. */
export function deleteUser(state: PoolState, username: string): void {
  delete state.users[username];
  const codes = profileOf(state).codes;
  for (const key of Object.keys(codes)) if (key.startsWith(`${username}:`)) delete codes[key];
}
