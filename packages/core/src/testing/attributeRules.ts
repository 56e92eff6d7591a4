/**
 * Which attributes a pool has and which a request may write (docs/cognito-wire.md sections 8 and
 * 10): Cognito's own attributes, the app client's `WriteAttributes` (option `writeAttributes`),
 * the required ones (option `requiredAttributes`) and the forms of an email address and a phone
 * number. Pure checks that throw Cognito's refusals as {@link CognitoApiError}.
 */
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import { missingRequiredAttributes } from './newPassword.js';
import { EMAIL_FORMAT, PHONE_NUMBER_FORMAT } from './usernames.js';

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

/** The prefix of an attribute in a `NEW_PASSWORD_REQUIRED` answer. */
const NEW_PASSWORD_PREFIX = 'userAttributes.';

/** Attributes no user may write: the id, and the verification marks only a code sets. */
const READ_ONLY = new Set(['sub', 'email_verified', 'phone_number_verified']);

/** Whether `name` is one of Cognito's standard attributes a user may write (`email`, `name`…). */
export const isStandardAttribute = (name: string) => STANDARD_ATTRIBUTES.has(name);

/** Whether no user may write `name`: `sub` and the verification marks. */
export const isReadOnlyAttribute = (name: string) => READ_ONLY.has(name);

/** Whether `name` is one of Cognito's own attributes (standard or read-only), in every schema. */
export const isBuiltInAttribute = (name: string) =>
  isStandardAttribute(name) || isReadOnlyAttribute(name);

/**
 * Refuses a write of an attribute the app client may not write (option `writeAttributes`, its
 * `WriteAttributes`; `null`: every one), as Cognito words it; checked before the schema (a name
 * the list lacks is refused so even when the schema lacks it too).
 */
export function requireWriteAccess(
  writeAttributes: readonly string[] | null,
  names: readonly string[],
): void {
  if (writeAttributes && names.some((name) => !writeAttributes.includes(name))) {
    throw new CognitoApiError(
      'NotAuthorizedException',
      'A client attempted to write unauthorized attribute',
    );
  }
}

/**
 * Refuses removing an attribute the schema requires (option `requiredAttributes`): by
 * `DeleteUserAttributes`, or as an empty value in `UpdateUserAttributes`. What Cognito answers is
 * unconfirmed; the kit words it as that operation's other refusals, one line each:
 * "user.name: The attribute is required\n".
 */
export function requireKeptRequired(required: readonly string[], removed: readonly string[]): void {
  const lines = removed
    .filter((name) => required.includes(name))
    .map((name) => `user.${name}: The attribute is required\n`);
  if (lines.length > 0) throw new CognitoApiError('InvalidParameterException', lines.join(''));
}

/**
 * Refuses an email address or phone number Cognito would not store, with the wordings users of
 * real pools report: `InvalidParameterException` "Invalid email address format." and "Invalid
 * phone number format." (a number needs `+` and its country code). An empty value (a removal in
 * `UpdateUserAttributes`) is not checked.
 */
export function requireAttributeFormats(attributes: Record<string, string>): void {
  const { email, phone_number: phoneNumber } = attributes;
  if (email && !EMAIL_FORMAT.test(email)) {
    throw new CognitoApiError('InvalidParameterException', 'Invalid email address format.');
  }
  if (phoneNumber && !PHONE_NUMBER_FORMAT.test(phoneNumber)) {
    throw new CognitoApiError('InvalidParameterException', 'Invalid phone number format.');
  }
}

/**
 * Refuses the attributes of a `NEW_PASSWORD_REQUIRED` answer (`userAttributes.<name>`) that
 * Cognito refuses, before the new password is looked at: one the app client may not write
 * ({@link requireWriteAccess}); `sub` or a verification mark (`InvalidParameterException`
 * "user.email_verified: Attribute cannot be updated.", as `UpdateUserAttributes` words it; the
 * wording here is unconfirmed); an email address when the user has one already, also the same one
 * (`NotAuthorizedException` "Cannot modify an already provided email", the wording public reports
 * quote for an answer that echoes the challenge's `userAttributes`); a malformed address or number.
 */
export function requireNewPasswordAttributes(
  user: Pick<FakeUser, 'attributes'>,
  responses: Record<string, unknown>,
  writeAttributes: readonly string[] | null,
): void {
  const given: Record<string, string> = {};
  for (const [key, value] of Object.entries(responses)) {
    if (key.startsWith(NEW_PASSWORD_PREFIX) && typeof value === 'string') {
      given[key.slice(NEW_PASSWORD_PREFIX.length)] = value;
    }
  }
  const names = Object.keys(given);
  requireWriteAccess(writeAttributes, names);
  const readOnly = names.filter(isReadOnlyAttribute);
  if (readOnly.length > 0) {
    const lines = readOnly.map((name) => `user.${name}: Attribute cannot be updated.\n`);
    throw new CognitoApiError('InvalidParameterException', lines.join(''));
  }
  if (given.email !== undefined && user.attributes.email) {
    throw new CognitoApiError('NotAuthorizedException', 'Cannot modify an already provided email');
  }
  requireAttributeFormats(given);
}

/**
 * Checks the option `requiredAttributes`: standard attributes only, as `CreateUserPool` takes
 * them (a required custom attribute it refuses: "Required custom attributes are not supported
 * currently.").
 */
export function resolveRequiredAttributes(value: readonly string[] = []): readonly string[] {
  const custom = value.find((name) => name.startsWith('custom:'));
  if (custom !== undefined) {
    throw new TypeError(
      `createFakeUserPool(): requiredAttributes cannot hold ${JSON.stringify(custom)}: Cognito refuses a required custom attribute ("Required custom attributes are not supported currently.").`,
    );
  }
  const wrong = value.find((name) => !isStandardAttribute(name));
  if (wrong !== undefined) {
    throw new TypeError(
      `createFakeUserPool(): requiredAttributes takes Cognito's standard attributes ('email', 'name', 'family_name'…), got ${JSON.stringify(wrong)}.`,
    );
  }
  return Object.freeze([...new Set(value)]);
}

/**
 * `SignUp` refuses attributes outside the schema and a user without every required attribute:
 * `InvalidParameterException` "Attributes did not conform to the schema: " and one line per
 * attribute, each ending in a newline: "favorite_flavor: Attribute does not exist in the schema."
 * for a name that is neither Cognito's own nor `custom:` (the pool has no schema option, so every
 * `custom:` one is taken), "name: The attribute is required" for a required one missing. Both
 * wordings as public reports quote them (docs/cognito-wire.md section 8); that unknown names come
 * before missing ones is as built.
 */
export function requireSchemaAttributes(
  attributes: Record<string, string>,
  required: readonly string[],
): void {
  const unknown = Object.keys(attributes).filter(
    (name) => !isBuiltInAttribute(name) && !name.startsWith('custom:'),
  );
  const missing = missingRequiredAttributes({ attributes }, required);
  const lines = [
    ...unknown.map((name) => `${name}: Attribute does not exist in the schema.\n`),
    ...missing.map((name) => `${name}: The attribute is required\n`),
  ];
  if (lines.length === 0) return;
  throw new CognitoApiError(
    'InvalidParameterException',
    `Attributes did not conform to the schema: ${lines.join('')}`,
  );
}
