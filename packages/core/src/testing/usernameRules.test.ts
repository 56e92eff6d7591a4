/**
 * The kit's sign-in names one rule at a time (usernames.ts, as pure functions on a pool state):
 * which user a name stands for, when a verified address moves between users, when a preferred
 * username is taken, and what `SignUp` takes as an address or number. usernames.test.ts has the
 * flows on the wire; these are what StrykerJS found no test for.
 */
import { describe, expect, it } from 'vitest';
import { cognitoRefusal, fakeUser } from './cognitoTestClient.js';
import { createEmptyPoolState, type PoolState } from './poolState.js';
import {
  type AliasAttribute,
  claimAlias,
  existingUsername,
  requireFreePreferredUsername,
  resolveSignInNames,
  type SignInNames,
  signUpIdentity,
  type UsernameAttribute,
  usernameFor,
} from './usernames.js';

const names = (
  usernameAttributes: UsernameAttribute[] = [],
  aliasAttributes: AliasAttribute[] = [],
  caseSensitive = true,
) => resolveSignInNames(usernameAttributes, aliasAttributes, caseSensitive);

function poolOf(...users: ReturnType<typeof fakeUser>[]): PoolState {
  const state = createEmptyPoolState();
  for (const user of users) state.users[user.username] = user;
  return state;
}

const signUpAs = (
  state: PoolState,
  pool: SignInNames,
  name: string,
  attributes: Record<string, string> = {},
) => signUpIdentity(state, { name, attributes, generated: 'generated-sub' }, pool);

describe('which user a name stands for', () => {
  it('in a case-insensitive pool, the username in any case, and no other user', () => {
    const state = poolOf(fakeUser(null, {}, 'alice'), fakeUser(null, {}, 'Bob'));
    const insensitive = names([], [], false);
    expect(existingUsername(state, 'BOB', insensitive)).toBe('Bob');
    expect(existingUsername(state, 'ALICE', insensitive)).toBe('alice');
    expect(existingUsername(state, 'carol', insensitive)).toBeUndefined();
    expect(existingUsername(state, 'BOB', names())).toBeUndefined();
  });

  it('passes over users without the attribute (an email pool, a user with a number only)', () => {
    const state = poolOf(
      fakeUser(null, { phone_number: '+15555550100' }, 'by-phone'),
      fakeUser(null, { email: 'Carol@Example.com' }, 'by-email'),
    );
    const either = names(['email', 'phone_number']);
    expect(usernameFor(state, 'carol@example.com', either)).toBe('by-email');
    expect(usernameFor(state, '+15555550100', either)).toBe('by-phone');
    expect(usernameFor(state, 'nobody@example.com', either)).toBe('nobody@example.com');
  });
});

describe('a verified address another user holds (claimAlias)', () => {
  const alias = names([], ['email']);
  const holder = () =>
    fakeUser(null, { email: 'pat@example.com', email_verified: 'true' }, 'first');
  const claimant = () =>
    fakeUser(null, { email: 'pat@example.com', email_verified: 'true' }, 'second');

  it("is refused in the address's words, unless forced, which unverifies the holder's", () => {
    const first = holder();
    const second = claimant();
    const state = poolOf(first, second);
    expect(cognitoRefusal(() => claimAlias(state, second, 'email', alias, false))).toEqual([
      'AliasExistsException',
      'An account with the email already exists.',
    ]);
    expect(first.attributes.email_verified).toBe('true');
    claimAlias(state, second, 'email', alias, true);
    expect(first.attributes.email_verified).toBe('false');
    expect(second.attributes.email_verified).toBe('true');
  });

  it('is no matter where the address is not an alias, or nobody else has it', () => {
    const first = holder();
    const second = claimant();
    const state = poolOf(first, second);
    claimAlias(state, second, 'email', names(), false);
    claimAlias(state, second, 'email', names([], ['phone_number']), false);
    expect(first.attributes.email_verified).toBe('true');
    const alone = claimant();
    claimAlias(poolOf(alone), alone, 'email', alias, false);
    expect(alone.attributes.email_verified).toBe('true');
  });
});

describe('a preferred username (requireFreePreferredUsername)', () => {
  const alias = names([], ['preferred_username']);
  const state = () =>
    poolOf(fakeUser(null, { preferred_username: 'ally' }, 'alice'), fakeUser(null, {}, 'bob'));

  it("may be the user's own, kept in a change", () => {
    const pool = state();
    expect(() =>
      requireFreePreferredUsername(pool, 'ally', alias, pool.users.alice, 'update'),
    ).not.toThrow();
  });

  it("is refused when it is another user's preferred username or username", () => {
    const pool = state();
    const message = 'An account with the given preferred_username already exists.';
    for (const value of ['ally', 'alice']) {
      expect(
        cognitoRefusal(() =>
          requireFreePreferredUsername(pool, value, alias, pool.users.bob, 'update'),
        ),
      ).toEqual(['AliasExistsException', message]);
      expect(
        cognitoRefusal(() =>
          requireFreePreferredUsername(pool, value, alias, undefined, 'sign-up'),
        ),
      ).toEqual(['UsernameExistsException', message]);
    }
  });

  it("is anybody's where it is not an alias", () => {
    const pool = state();
    for (const other of [names(), names([], ['email'])]) {
      expect(() =>
        requireFreePreferredUsername(pool, 'ally', other, pool.users.bob, 'update'),
      ).not.toThrow();
    }
  });
});

describe('SignUp in a pool with addresses or numbers as names (signUpIdentity)', () => {
  it.each([
    [['email'], 'carol smith@example.com'],
    [['email'], 'carol@example.com and more'],
    [['phone_number'], 'tel+15555550123'],
    [['phone_number'], '+15555550123 ext'],
  ] as const)('a %j pool does not take %j as one', (usernameAttributes, name) => {
    const pool = names([...usernameAttributes]);
    expect(cognitoRefusal(() => signUpAs(poolOf(), pool, name))[0]).toBe(
      'InvalidParameterException',
    );
  });

  it('refuses the other name another user has: a number beside the address it signs up with', () => {
    const pool = names(['email', 'phone_number']);
    const state = poolOf(fakeUser(null, { phone_number: '+15555550100' }, 'alice'));
    expect(
      cognitoRefusal(() =>
        signUpAs(state, pool, 'bob@example.com', { phone_number: '+15555550100' }),
      ),
    ).toEqual([
      'UsernameExistsException',
      'An account with the given phone_number already exists.',
    ]);
  });

  it('signs up by number without an address beside users who have one', () => {
    const pool = names(['email', 'phone_number']);
    const state = poolOf(fakeUser(null, { email: 'alice@example.com' }, 'alice'));
    expect(signUpAs(state, pool, '+15555550199')).toEqual({
      username: 'generated-sub',
      attributes: { phone_number: '+15555550199' },
    });
  });

  it("refuses a username shaped as an alias, in the alias's words; a preferred_username pool takes it", () => {
    const emailAlias = names([], ['email']);
    expect(cognitoRefusal(() => signUpAs(poolOf(), emailAlias, 'carol@example.com'))).toEqual([
      'InvalidParameterException',
      'Username cannot be of email format, since user pool is configured for email alias.',
    ]);
    const phoneAlias = names([], ['phone_number']);
    expect(cognitoRefusal(() => signUpAs(poolOf(), phoneAlias, '+15555550123'))).toEqual([
      'InvalidParameterException',
      'Username cannot be of phone number format, since user pool is configured for phone number alias.',
    ]);
    const pool = names([], ['preferred_username']);
    for (const name of ['carol@example.com', '+15555550123']) {
      expect(signUpAs(poolOf(), pool, name).username).toBe(name);
    }
  });
});

describe('the options', () => {
  it('name what they take and what they got', () => {
    expect(() => names(['email', 'nickname' as UsernameAttribute])).toThrow(
      new TypeError(
        `createFakeUserPool(): usernameAttributes takes 'email', 'phone_number', got "nickname".`,
      ),
    );
  });
});
