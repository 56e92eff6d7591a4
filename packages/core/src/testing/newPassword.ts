/**
 * The schema at `SignUp` (names it does not have; the required attributes, option
 * `requiredAttributes`) and `NEW_PASSWORD_REQUIRED`, the challenge of a user an administrator
 * created (status `FORCE_CHANGE_PASSWORD`; docs/cognito-wire.md section 3), which asks for the
 * required attributes the user lacks.
 */

import { isBuiltInAttribute, isStandardAttribute } from './attributeRules.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import { type ResolvedPasswordPolicy, requirePolicy } from './passwordPolicy.js';

const PREFIX = 'userAttributes.';

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

/** The pool's required attributes `user` lacks (pure). */
export function missingRequiredAttributes(
  user: Pick<FakeUser, 'attributes'>,
  required: readonly string[],
  answers: Record<string, unknown> = {},
): string[] {
  return required.filter((name) => !user.attributes[name] && !answers[`${PREFIX}${name}`]);
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

/**
 * The challenge's parameters, both JSON strings: `requiredAttributes`, the pool's required
 * attributes the user lacks, each prefixed with "userAttributes." (the key to answer it under),
 * and `userAttributes`, the user's attributes under their plain names.
 */
export function newPasswordParameters(
  user: FakeUser,
  required: readonly string[],
): Record<string, string> {
  const { sub: _sub, ...attributes } = user.attributes;
  const missing = missingRequiredAttributes(user, required).map((name) => `${PREFIX}${name}`);
  return {
    requiredAttributes: JSON.stringify(missing),
    userAttributes: JSON.stringify(attributes),
  };
}

/**
 * Takes the answer: the new password (the policy's `InvalidPasswordException`), then every
 * required attribute the user lacks ("Invalid attributes given, name is missing", Cognito's
 * `InvalidParameterException`; several are joined with "and"). The user is then `CONFIRMED` with
 * the answered attributes.
 */
export function answerNewPassword(
  user: FakeUser,
  responses: Record<string, unknown>,
  pool: { passwordPolicy: ResolvedPasswordPolicy; requiredAttributes: readonly string[] },
  newPassword: string,
): void {
  requirePolicy(newPassword, pool.passwordPolicy, 'Password does not conform to policy');
  const missing = missingRequiredAttributes(user, pool.requiredAttributes, responses);
  if (missing.length > 0) {
    const names =
      missing.length === 1
        ? missing[0]
        : `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}`;
    throw new CognitoApiError(
      'InvalidParameterException',
      `Invalid attributes given, ${names} is missing`,
    );
  }
  user.password = newPassword;
  user.status = 'CONFIRMED';
  delete user.temporaryPasswordSetAt;
  for (const [name, value] of Object.entries(responses)) {
    if (name.startsWith(PREFIX) && typeof value === 'string') {
      user.attributes[name.slice(PREFIX.length)] = value;
    }
  }
}
