/** The read-only methods of a fake pool (createFakeUserPool.ts): sent codes, devices, passkeys, JWKS. */
import { devicesOf } from './devices.js';
import type { FakeUserPool } from './fakeUserPoolApi.js';
import { toPublicJwk } from './jwt.js';
import { lastSentCode, sentCodesOf } from './mfaChallenges.js';
import type { PoolContext } from './poolContext.js';
import type { PoolState } from './poolState.js';
import { usernameFor } from './usernames.js';
import { webAuthnStateOf } from './webAuthnState.js';

type ReaderMethods = Pick<
  FakeUserPool,
  'sentCodes' | 'lastCode' | 'devices' | 'passkeys' | 'getJwks'
>;

/** `sentCodes`, `lastCode`, `devices`, `passkeys` and `getJwks` of the pool of `context`. */
export function createReaderMethods(context: PoolContext): ReaderMethods {
  const { store } = context;
  /** A user named as requests may name it (by email, phone number or alias, where the pool allows). */
  const named = (state: PoolState, name: string) =>
    usernameFor(state, name, context.config.signInNames);
  return {
    sentCodes(username) {
      return store.transact((state) =>
        sentCodesOf(state, username === undefined ? undefined : named(state, username)),
      );
    },
    lastCode(username, medium) {
      return store.transact((state) => lastSentCode(state, named(state, username), medium));
    },
    devices(username) {
      return store.transact((state) => devicesOf(state, named(state, username)));
    },
    passkeys(username) {
      return store.transact((state) => {
        const owner = named(state, username);
        return Object.values(webAuthnStateOf(state).credentials)
          .filter((credential) => credential.username === owner)
          .sort((a, b) => a.createdAt - b.createdAt);
      });
    },
    async getJwks() {
      const { id, access } = await context.signingKeys();
      return { keys: [toPublicJwk(id), toPublicJwk(access)] };
    },
  };
}
