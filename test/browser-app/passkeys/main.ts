/**
 * The passkey test page: the built `@sessionkit/core` and its testing kit's pool, whose handlers
 * answer the session's requests through the session's `fetch` option (MSW's `getResponse`, no
 * service worker), with the page's real WebAuthn (a virtual authenticator added over CDP by
 * test/browser/passkeys.test.ts). Driven through `window.passkeyTest` (api.ts).
 */
import {
  answerWebAuthnChallenge,
  cognito,
  createSession,
  deletePasskey,
  listPasskeys,
  memoryStorage,
  registerPasskey,
  type Session,
  signInWithChoice,
  signInWithPasskey,
} from '@sessionkit/core';
import { createFakeUserPool, type FakeUserPool } from '@sessionkit/core/testing';
import { getResponse } from 'msw';
import type { AssertionTamper, Outcome, PasskeyErrorSummary, PasskeyTestApi } from './api.js';

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
    providerMessage: text(fields.providerMessage),
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

function fromBase64url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)), (c) =>
    c.charCodeAt(0),
  );
}

function toBase64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** The `AuthenticationResponseJSON` text `credential`, altered as `how` says. */
function tamperAssertion(credential: string, how: AssertionTamper): string {
  const body = JSON.parse(credential) as { response: Record<string, string> };
  const { response } = body;
  if (how === 'signature') {
    // The last byte of the DER signature is inside `s`: still well-formed, no longer valid.
    const signature = fromBase64url(response.signature!);
    signature[signature.length - 1]! ^= 0x01;
    response.signature = toBase64url(signature);
  } else if (how === 'authenticatorData') {
    // The high byte of the signature counter (bytes 33–36): the counter only grows, so nothing
    // but the signature over authenticatorData tells this apart from a genuine assertion.
    const data = fromBase64url(response.authenticatorData!);
    data[33]! ^= 0x40;
    response.authenticatorData = toBase64url(data);
  } else {
    const text = new TextDecoder().decode(fromBase64url(response.clientDataJSON!));
    const altered = text.replace(
      /("challenge":")(.)/,
      (_, prefix: string, first: string) => `${prefix}${first === 'A' ? 'B' : 'A'}`,
    );
    response.clientDataJSON = toBase64url(new TextEncoder().encode(altered));
  }
  return JSON.stringify(body);
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
  async signInWithTamperedPasskey(how) {
    const started = requireStarted();
    const step = await signInWithChoice(started.session, USER.username, {
      preferredChallenge: 'WEB_AUTHN',
    });
    if (step.status !== 'challenge' || step.name !== 'WEB_AUTHN') {
      throw new Error(`passkeyTest: expected the WEB_AUTHN challenge, got ${step.status}`);
    }
    const credential = await answerWebAuthnChallenge(step.credentialRequestOptions);
    const tampered = tamperAssertion(credential, how);
    const result = await outcome(async () => {
      const answered = await step.respond({ CREDENTIAL: tampered });
      return { status: answered.status };
    });
    return {
      changed: tampered !== credential,
      result,
      status: started.session.getState().status,
    };
  },
  status: () => requireStarted().session.getState().status,
  async tokens() {
    const started = requireStarted();
    if (started.session.getState().status !== 'signedIn') return [];
    return [await started.session.getAccessToken(), await started.session.getIdToken()];
  },
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
