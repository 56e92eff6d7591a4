/** The user methods of a fake pool (createFakeUserPool.ts): add, look up, mint for and revoke users. */
import type { FakeUser, FakeUserInput } from './fakePoolTypes.js';
import type { FakeUserPool } from './fakeUserPoolApi.js';
import { mfaSettingsFromInput } from './mfaPolicy.js';
import type { PoolContext } from './poolContext.js';
import { registerSignIn, revokeUser } from './refreshTokens.js';
import { ADMIN_SCOPE } from './tokenClaims.js';
import { signTokens } from './tokenIssuer.js';

type UserMethods = Pick<
  FakeUserPool,
  | 'addUser'
  | 'hasUser'
  | 'issueTokens'
  | 'revokeAll'
  | 'disableUser'
  | 'enableUser'
  | 'setHostedUiUser'
>;

/** The user methods (`addUser` … `setHostedUiUser`) of the pool of `context`. */
export function createUserMethods(context: PoolContext): UserMethods {
  const { config, store } = context;
  return {
    addUser(input) {
      const user = toFakeUser(input, context.now());
      return store.transact((state) => {
        // Replaced, it stays the same user (its tokens keep working) unless given another sub.
        const replaced = state.users[user.username];
        if (replaced && input.attributes?.sub === undefined) user.sub = replaced.sub;
        state.users[user.username] = user;
      });
    },
    hasUser(username) {
      return store.transact((state) => state.users[username] !== undefined);
    },
    async issueTokens(username, issueOptions = {}) {
      const issued = await store.transact((state) => {
        const user = state.users[username];
        if (!user) throw new Error(`issueTokens: the pool has no user "${username}"`);
        const signIn = registerSignIn(state, {
          username,
          clientId: config.clientId,
          scopes: issueOptions.scopes ?? [ADMIN_SCOPE],
          now: context.now(),
          refreshTokenLifetimeSeconds: config.refreshTokenLifetimeSeconds,
        });
        return { ...signIn, user };
      });
      const tokens = await signTokens(context, issued.user, issued.record, {
        nonce: issueOptions.nonce ?? null,
      });
      return { ...tokens, refreshToken: issued.refreshToken };
    },
    revokeAll(username) {
      return store.transact((state) => revokeUser(state, username));
    },
    disableUser(username) {
      return store.transact((state) => {
        const user = state.users[username];
        if (!user) throw new Error(`disableUser: the pool has no user "${username}"`);
        user.isDisabled = true;
        revokeUser(state, username);
      });
    },
    enableUser(username) {
      return store.transact((state) => {
        const user = state.users[username];
        if (!user) throw new Error(`enableUser: the pool has no user "${username}"`);
        delete user.isDisabled;
      });
    },
    setHostedUiUser(username) {
      return store.transact((state) => {
        if (!state.users[username])
          throw new Error(`setHostedUiUser: the pool has no user "${username}"`);
        state.hostedUiUsername = username;
      });
    },
  };
}

function toFakeUser(input: FakeUserInput, now: number): FakeUser {
  if (!input.username) throw new TypeError('addUser: username is required');
  const { sub, ...attributes } = input.attributes ?? {};
  return {
    username: input.username,
    password: input.password,
    sub: sub ?? globalThis.crypto.randomUUID(),
    attributes,
    groups: [...(input.groups ?? [])],
    status: input.status ?? 'CONFIRMED',
    mfa: mfaSettingsFromInput(input),
    ...(input.status === 'FORCE_CHANGE_PASSWORD' ? { temporaryPasswordSetAt: now } : {}),
  };
}
