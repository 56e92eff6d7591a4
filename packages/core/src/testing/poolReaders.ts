/** The read-only methods of a fake pool (createFakeUserPool.ts): sent codes, devices, passkeys, JWKS. */
import { devicesOf } from './devices.js';
import type { FakeUserPool } from './fakeUserPoolApi.js';
import { toPublicJwk } from './jwt.js';
import { lastSentCode, sentCodesOf } from './mfaChallenges.js';
import type { PoolContext } from './poolContext.js';
import { webAuthnStateOf } from './webAuthnState.js';

type ReaderMethods = Pick<
  FakeUserPool,
  'sentCodes' | 'lastCode' | 'devices' | 'passkeys' | 'getJwks'
>;

/** `sentCodes`, `lastCode`, `devices`, `passkeys` and `getJwks` of the pool of `context`. */
export function createReaderMethods(context: PoolContext): ReaderMethods {
  const { store } = context;
  return {
    sentCodes(username) {
      return store.transact((state) => sentCodesOf(state, username));
    },
    lastCode(username, medium) {
      return store.transact((state) => lastSentCode(state, username, medium));
    },
    devices(username) {
      return store.transact((state) => devicesOf(state, username));
    },
    passkeys(username) {
      return store.transact((state) =>
        Object.values(webAuthnStateOf(state).credentials)
          .filter((credential) => credential.username === username)
          .sort((a, b) => a.createdAt - b.createdAt),
      );
    },
    async getJwks() {
      const { id, access } = await context.signingKeys();
      return { keys: [toPublicJwk(id), toPublicJwk(access)] };
    },
  };
}
