/**
 * The passkey test page: the built `@sessionkit/core` and its testing kit's pool, whose handlers
 * answer the session's requests through the session's `fetch` option (MSW's `getResponse`, no
 * service worker), with the page's real WebAuthn (a virtual authenticator added over CDP by
 * test/browser/passkeys.test.ts). Driven through `window.passkeyTest` (api.ts).
 */
import {
  cognito,
  createSession,
  deletePasskey,
  listPasskeys,
  memoryStorage,
  registerPasskey,
  type Session,
  signInWithPasskey,
} from '@sessionkit/core';
import { createFakeUserPool, type FakeUserPool } from '@sessionkit/core/testing';
import { getResponse } from 'msw';
import type { Outcome, PasskeyErrorSummary, PasskeyTestApi } from './api.js';

const POOL = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Passkeys1',
  clientId: 'passkeyclient01',
};
const USER = { username: 'alice', password: 'Corr3ct-Horse!' };

let pool: FakeUserPool | null = null;
let session: Session | null = null;

function summarize(error: unknown): PasskeyErrorSummary {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as Record<
    string,
    unknown
  >;
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const cause = fields.cause as { name?: unknown; message?: unknown } | undefined;
  return {
    name: text(fields.name) ?? 'Error',
    code: text(fields.code),
    message: text(fields.message) ?? String(error),
    providerCode: text(fields.providerCode),
    cause: cause ? `${String(cause.name)}: ${String(cause.message)}` : null,
  };
}

async function outcome<Value>(run: () => Promise<Value>): Promise<Outcome<Value>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: summarize(error) };
  }
}

function requireStarted(): { pool: FakeUserPool; session: Session } {
  if (!pool || !session) throw new Error('passkeyTest: call start() first');
  return { pool, session };
}

const api: PasskeyTestApi = {
  async start() {
    const created = createFakeUserPool({
      ...POOL,
      // No relyingPartyId: the kit defaults to the page's host, as Cognito to its domain.
      webAuthn: { userVerification: 'required' },
      explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH'],
      userAuthFactors: ['PASSWORD', 'WEB_AUTHN'],
    });
    await created.addUser(USER);
    pool = created;
    session = createSession({
      provider: cognito(POOL),
      storage: memoryStorage(),
      async fetch(input, init) {
        const response = await getResponse(created.handlers, new Request(input, init));
        if (!response) throw new TypeError(`No handler for ${String(input)}`);
        return response;
      },
    });
    await session.ready;
    await session.setTokens(await created.issueTokens(USER.username));
    return { relyingPartyId: location.hostname, origin: location.origin };
  },
  registerPasskey: () =>
    outcome(async () => {
      await registerPasskey(requireStarted().session);
      return null;
    }),
  listPasskeys: () =>
    outcome(async () =>
      (await listPasskeys(requireStarted().session)).passkeys.map((passkey) => ({
        credentialId: passkey.credentialId,
        relyingPartyId: passkey.relyingPartyId,
        transports: passkey.authenticatorTransports,
      })),
    ),
  deletePasskey: (credentialId) =>
    outcome(async () => {
      await deletePasskey(requireStarted().session, credentialId);
      return null;
    }),
  async signOut() {
    const started = requireStarted();
    await started.session.signOut();
    return started.session.getState().status;
  },
  signInWithPasskey: () =>
    outcome(async () => {
      const started = requireStarted();
      const result = await signInWithPasskey(started.session, USER.username);
      const state = started.session.getState();
      return {
        status: result.status,
        username: state.status === 'signedIn' ? String(state.accessClaims.username) : null,
      };
    }),
  async poolPasskeys() {
    return (await requireStarted().pool.passkeys(USER.username)).map((passkey) => ({
      credentialId: passkey.credentialId,
      algorithm: passkey.algorithm,
      signCount: passkey.signCount,
    }));
  },
  operations: () => requireStarted().pool.requests.map((request) => request.operation),
};

window.passkeyTest = api;
