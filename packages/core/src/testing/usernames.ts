/**
 * Sign-in with an email address or phone number in place of a username (the pool's
 * `UsernameAttributes`, option `usernameAttributes`): the name a client sends is looked up as a
 * username first, then as one of those attributes; the pool answers with the username.
 */
import { modelShape, requireModelShape } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser } from './fakePoolTypes.js';
import type { PoolState } from './poolState.js';

/** What a user may sign in with in place of a username (Cognito's `UsernameAttributes`). */
export type UsernameAttribute = 'email' | 'phone_number';

/** What a user may sign in with besides the username (Cognito's `AliasAttributes`). */
export type AliasAttribute = 'email' | 'phone_number' | 'preferred_username';

/** How the pool knows users by name: usernames (cased or not), and at most one list of others. */
export interface SignInNames {
  readonly usernameAttributes: readonly UsernameAttribute[];
  readonly aliasAttributes: readonly AliasAttribute[];
  /** Cognito's `UsernameConfiguration.CaseSensitive`: `false` matches usernames in any case. */
  readonly caseSensitive: boolean;
}

/** A pool whose users sign in by username only, in its exact case. */
const USERNAMES_ONLY: SignInNames = {
  usernameAttributes: [],
  aliasAttributes: [],
  caseSensitive: true,
};

/** Checks the options `usernameAttributes` and `aliasAttributes` (Cognito takes one or neither). */
export function resolveSignInNames(
  usernameAttributes: readonly UsernameAttribute[] = [],
  aliasAttributes: readonly AliasAttribute[] = [],
  caseSensitive = true,
): SignInNames {
  const check = (name: string, value: readonly string[], allowed: readonly string[]) => {
    const wrong = value.find((attribute) => !allowed.includes(attribute));
    if (wrong !== undefined) {
      throw new TypeError(
        `createFakeUserPool(): ${name} takes ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(wrong)}.`,
      );
    }
  };
  check('usernameAttributes', usernameAttributes, ['email', 'phone_number']);
  check('aliasAttributes', aliasAttributes, ['email', 'phone_number', 'preferred_username']);
  if (usernameAttributes.length > 0 && aliasAttributes.length > 0) {
    throw new TypeError(
      'createFakeUserPool(): a pool has usernameAttributes or aliasAttributes, not both.',
    );
  }
  return Object.freeze({
    usernameAttributes: Object.freeze([...new Set(usernameAttributes)]),
    aliasAttributes: Object.freeze([...new Set(aliasAttributes)]),
    caseSensitive,
  });
}

function holds(user: FakeUser, attribute: AliasAttribute, name: string, verified: boolean) {
  const value = user.attributes[attribute];
  if (value === undefined) return false;
  // An alias address or number names its user once verified; preferred_username always.
  if (verified && attribute !== 'preferred_username') {
    if (user.attributes[`${attribute}_verified`] !== 'true') return false;
  }
  // Addresses are matched without regard to case, as Cognito does; the others exactly.
  return attribute === 'email' ? value.toLowerCase() === name.toLowerCase() : value === name;
}

/** The user other than `except` holding `name` as one of the pool's sign-in names, if any. */
function holderOf(state: PoolState, name: string, names: SignInNames, except?: FakeUser) {
  return Object.values(state.users).find(
    (user) =>
      user !== except &&
      (names.usernameAttributes.some((attribute) => holds(user, attribute, name, false)) ||
        names.aliasAttributes.some((attribute) => holds(user, attribute, name, true))),
  );
}

/**
 * The username a client's `name` stands for: itself when it is a username, else the username of
 * the user whose email address, phone number or preferred username it is (as `names` allow);
 * `name` unchanged when nobody has it, so the caller's "User does not exist." follows.
 */
export function usernameFor(state: PoolState, name: string, names: SignInNames): string {
  return existingUsername(state, name, names) ?? holderOf(state, name, names)?.username ?? name;
}

/** The username `name` is, exactly or (in a case-insensitive pool) in another case; else none. */
export function existingUsername(
  state: PoolState,
  name: string,
  names: SignInNames,
): string | undefined {
  if (state.users[name]) return name;
  if (names.caseSensitive) return undefined;
  const lower = name.toLowerCase();
  return Object.keys(state.users).find((username) => username.toLowerCase() === lower);
}

/**
 * After `user`'s `attribute` was verified: in a pool with it as an alias, another user verified
 * with the same value keeps it (`AliasExistsException`, "An account with the email already
 * exists.") unless `force` moves it (`ForceAliasCreation`: the other user's mark goes false).
 */
export function claimAlias(
  state: PoolState,
  user: FakeUser,
  attribute: 'email' | 'phone_number',
  names: SignInNames,
  force: boolean,
): void {
  const value = user.attributes[attribute];
  if (!names.aliasAttributes.includes(attribute) || value === undefined) return;
  const only = { ...USERNAMES_ONLY, aliasAttributes: [attribute] };
  const holder = holderOf(state, value, only, user);
  if (!holder) return;
  if (!force) {
    throw new CognitoApiError(
      'AliasExistsException',
      `An account with the ${attribute} already exists.`,
    );
  }
  holder.attributes[`${attribute}_verified`] = 'false';
}

/**
 * In a pool with `preferred_username` as an alias, a preferred username names one user: another
 * user's is refused, at sign-up with `UsernameExistsException` (as for the username attributes
 * below) and in a change with `AliasExistsException`. As built: the wordings.
 */
export function requireFreePreferredUsername(
  state: PoolState,
  value: string | undefined,
  names: SignInNames,
  user: FakeUser | undefined,
  when: 'sign-up' | 'update',
): void {
  if (
    value === undefined ||
    value === '' ||
    !names.aliasAttributes.includes('preferred_username')
  ) {
    return;
  }
  const only = { ...USERNAMES_ONLY, aliasAttributes: ['preferred_username' as const] };
  const named = existingUsername(state, value, names);
  const takenByName = named !== undefined && named !== user?.username;
  if (!holderOf(state, value, only, user) && !takenByName) return;
  throw new CognitoApiError(
    when === 'sign-up' ? 'UsernameExistsException' : 'AliasExistsException',
    'An account with the given preferred_username already exists.',
  );
}

/** What Cognito's API takes as `Username`: letters, marks, symbols, numbers, punctuation; 128. */
const USERNAME_SHAPE = modelShape(128, '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+');

/**
 * Refuses a `Username` the API refuses before anything else, in its words: a space (or another
 * character outside its pattern), or over 128 characters ("1 validation error detected: Value at
 * 'username' failed to satisfy constraint: Member must satisfy regular expression pattern:
 * [\p{L}\p{M}\p{S}\p{N}\p{P}]+", as users of real pools report it; docs/cognito-wire.md
 * section 8).
 */
export function requireUsernameShape(name: string): string {
  return requireModelShape(name, 'username', USERNAME_SHAPE);
}

/** An email address as Cognito takes one (a username, an alias, the `email` attribute). */
export const EMAIL_FORMAT = /^[^\s@]+@[^\s@]+$/;
/** A phone number as Cognito takes one: `+`, the country code and the number. */
export const PHONE_NUMBER_FORMAT = /^\+[0-9]{4,15}$/;

/**
 * `SignUp` in a pool with `usernameAttributes`: `Username` must be an email address or phone
 * number (which it then sets), and the user's username is `generated` (Cognito makes it the
 * user's `sub`). Without them the username is `Username` itself, which may not look like an
 * address or number the pool takes as an alias. Refuses an address or number another user has.
 */
export function signUpIdentity(
  state: PoolState,
  request: { name: string; attributes: Record<string, string>; generated: string },
  names: SignInNames,
): { username: string; attributes: Record<string, string> } {
  const { name, attributes } = request;
  const { usernameAttributes, aliasAttributes } = names;
  for (const alias of aliasAttributes) {
    const [pattern, what] =
      alias === 'email' ? [EMAIL_FORMAT, 'email'] : [PHONE_NUMBER_FORMAT, 'phone number'];
    if (alias !== 'preferred_username' && pattern.test(name)) {
      throw new CognitoApiError(
        'InvalidParameterException',
        `Username cannot be of ${what} format, since user pool is configured for ${what} alias.`,
      );
    }
  }
  requireFreePreferredUsername(state, attributes.preferred_username, names, undefined, 'sign-up');
  if (usernameAttributes.length === 0) return { username: name, attributes };
  const attribute = usernameAttributes.find((candidate) =>
    (candidate === 'email' ? EMAIL_FORMAT : PHONE_NUMBER_FORMAT).test(name),
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
    const only = { ...USERNAMES_ONLY, usernameAttributes: [taken] };
    if (value !== undefined && holderOf(state, value, only)) {
      throw new CognitoApiError(
        'UsernameExistsException',
        `An account with the given ${taken} already exists.`,
      );
    }
  }
  return { username: request.generated, attributes: { ...attributes, [attribute]: name } };
}
