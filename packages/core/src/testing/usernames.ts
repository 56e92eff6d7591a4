/**
 * Sign-in with an email address or phone number in place of a username (the pool's
 * `UsernameAttributes`, option `usernameAttributes`): the name a client sends is looked up as a
 * username first, then as one of those attributes; the pool answers with the username.
 */
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import type { PoolState } from './poolState.js';

/** What a user may sign in with besides the username (Cognito's `UsernameAttributes`). */
export type UsernameAttribute = 'email' | 'phone_number';

const USERNAME_ATTRIBUTES: readonly UsernameAttribute[] = ['email', 'phone_number'];

/** Checks the option; throws for anything but `'email'` and `'phone_number'`. */
export function resolveUsernameAttributes(
  value: readonly UsernameAttribute[] = [],
): readonly UsernameAttribute[] {
  for (const attribute of value) {
    if (!USERNAME_ATTRIBUTES.includes(attribute)) {
      throw new TypeError(
        `createFakeUserPool(): usernameAttributes takes 'email' and 'phone_number', got ${JSON.stringify(attribute)}.`,
      );
    }
  }
  return Object.freeze([...new Set(value)]);
}

function holds(user: FakeUser, attribute: UsernameAttribute, name: string): boolean {
  const value = user.attributes[attribute];
  if (value === undefined) return false;
  // Addresses are matched without regard to case, as Cognito does; phone numbers exactly.
  return attribute === 'email' ? value.toLowerCase() === name.toLowerCase() : value === name;
}

/** The user holding `name` as one of `attributes`, if any. */
function holderOf(
  state: PoolState,
  name: string,
  attributes: readonly UsernameAttribute[],
): FakeUser | undefined {
  if (attributes.length === 0) return undefined;
  return Object.values(state.users).find((user) =>
    attributes.some((attribute) => holds(user, attribute, name)),
  );
}

/**
 * The username a client's `name` stands for: itself when it is a username, else the username of
 * the user whose email address or phone number it is (where `attributes` allow); `name` unchanged
 * when nobody has it, so the caller's "User does not exist." follows.
 */
export function usernameFor(
  state: PoolState,
  name: string,
  attributes: readonly UsernameAttribute[],
): string {
  if (state.users[name]) return name;
  return holderOf(state, name, attributes)?.username ?? name;
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE_NUMBER = /^\+[0-9]{4,15}$/;

/**
 * `SignUp` in a pool with `usernameAttributes`: `Username` must be an email address or phone
 * number (which it then sets), and the user's username is `generated` (Cognito makes it the
 * user's `sub`). Without them the username is `Username` itself. Refuses an address or number
 * another user has.
 */
export function signUpIdentity(
  state: PoolState,
  request: { name: string; attributes: Record<string, string>; generated: string },
  usernameAttributes: readonly UsernameAttribute[],
): { username: string; attributes: Record<string, string> } {
  const { name, attributes } = request;
  if (usernameAttributes.length === 0) return { username: name, attributes };
  const attribute = usernameAttributes.find((candidate) =>
    (candidate === 'email' ? EMAIL : PHONE_NUMBER).test(name),
  );
  if (!attribute) {
    const wanted =
      usernameAttributes.length === 2
        ? 'either an email or a phone number'
        : usernameAttributes[0] === 'email'
          ? 'an email'
          : 'a phone number';
    throw new CognitoApiError('InvalidParameterException', `Username should be ${wanted}.`);
  }
  for (const taken of usernameAttributes) {
    const value = taken === attribute ? name : attributes[taken];
    if (value !== undefined && holderOf(state, value, [taken])) {
      throw new CognitoApiError(
        'UsernameExistsException',
        `An account with the given ${taken} already exists.`,
      );
    }
  }
  return { username: request.generated, attributes: { ...attributes, [attribute]: name } };
}
