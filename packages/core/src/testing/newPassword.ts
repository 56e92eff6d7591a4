/**
 * `NEW_PASSWORD_REQUIRED`, the challenge of a user an administrator created (status
 * `FORCE_CHANGE_PASSWORD`; docs/cognito-wire.md section 3), which asks for the schema's required
 * attributes (option `requiredAttributes`) the user lacks; `SignUp` checks them with the other
 * attribute rules (attributeRules.ts).
 */

import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import { type ResolvedPasswordPolicy, requirePolicy } from './passwordPolicy.js';

const PREFIX = 'userAttributes.';

/** The pool's required attributes `user` lacks (pure). */
export function missingRequiredAttributes(
  user: Pick<FakeUser, 'attributes'>,
  required: readonly string[],
  answers: Record<string, unknown> = {},
): string[] {
  return required.filter((name) => !user.attributes[name] && !answers[`${PREFIX}${name}`]);
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
