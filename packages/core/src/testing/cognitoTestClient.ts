/**
 * A raw Cognito client for the fake pool's own tests: plain `fetch` with the exact wire shapes
 * of docs/cognito-wire.md, so the tests check the protocol rather than a convenience layer. Not exported.
 */

import { IDBFactory } from 'fake-indexeddb';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { computePasswordClaim, formatSrpTimestamp, srpPoolName } from '../providers/cognito/srp.js';
import { hexToBigInt } from '../providers/cognito/srpMath.js';
import { base64urlToText } from './base64url.js';
import { CognitoApiError } from './cognitoResponses.js';
import {
  createFakeUserPool,
  type FakeUserPool,
  type FakeUserPoolOptions,
} from './createFakeUserPool.js';
import type { FakeUser, FakeUserMfaSettings } from './fakePoolTypes.js';
import { emptyMfaSettings } from './mfaPolicy.js';
import { createSharedPoolStore } from './sharedPoolStore.js';
import type { WebAuthnCredentialRecord } from './webAuthnState.js';

/** A pool configuration like a real one. */
export const POOL_CONFIG = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_AbC123xyz',
  clientId: '3n4b5urk1ft4fl3mg5e62d9ado',
  domain: 'demo.auth.eu-west-1.amazoncognito.com',
  // AWS's default flows plus USER_PASSWORD_AUTH, which these tests sign in with.
  explicitAuthFlows: [
    'ALLOW_USER_SRP_AUTH',
    'ALLOW_USER_PASSWORD_AUTH',
    'ALLOW_REFRESH_TOKEN_AUTH',
    'ALLOW_CUSTOM_AUTH',
  ],
} as const;

export const API_URL = 'https://cognito-idp.eu-west-1.amazonaws.com/';
export const DOMAIN_URL = 'https://demo.auth.eu-west-1.amazoncognito.com';
export const ALICE = { username: 'alice', password: 'Correct-Horse-1' } as const;

/** Cognito's answer to a challenge `Session` it does not take (spent, expired, another's). */
export const INVALID_SESSION = {
  __type: 'NotAuthorizedException',
  message: 'Invalid session for the user, session is expired.',
} as const;

/** An answer, with its body parsed when it is JSON. */
export interface WireAnswer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire fields.
  json: any;
}

/** Starts one MSW server for the file; `usePool` swaps in a fresh pool per test. */
export function setupPoolServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return {
    server,
    usePool(overrides: Partial<FakeUserPoolOptions> = {}): FakeUserPool {
      const pool = createFakeUserPool({ ...POOL_CONFIG, ...overrides });
      server.use(...pool.handlers);
      return pool;
    },
    /**
     * The pool with a second app client (`OTHER_CLIENT`, at its own address) on one shared
     * store: the same users and challenges, answered under either client.
     */
    useTwoAppClients(overrides: Partial<FakeUserPoolOptions> = {}): FakeUserPool {
      const indexedDB = new IDBFactory();
      const [pool, second] = [{ clientId: POOL_CONFIG.clientId, url: API_URL }, OTHER_CLIENT].map(
        ({ clientId, url }) =>
          createFakeUserPool({
            ...POOL_CONFIG,
            ...overrides,
            clientId,
            endpoint: url,
            storage: createSharedPoolStore({ key: POOL_CONFIG.userPoolId, indexedDB }),
          }),
      );
      server.use(...pool!.handlers, ...second!.handlers);
      return pool!;
    },
  };
}

/** The second app client of {@link setupPoolServer}'s `useTwoAppClients`. */
export const OTHER_CLIENT = { clientId: 'other-client', url: 'https://other-client.test/' };

async function toAnswer(response: Response): Promise<WireAnswer> {
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The identity pool beside the user pool in the kit's identity-pool tests. */
export const IDENTITY_POOL_ID = 'eu-west-1:0d6b8c5e-1f0a-4c1e-9d0b-2a3c4d5e6f70';

/** The user pool's name in an identity pool's `Logins`. */
export const USER_POOL_LOGIN = `cognito-idp.eu-west-1.amazonaws.com/${POOL_CONFIG.userPoolId}`;

/** Calls the identity pool (`GetId`, `GetCredentialsForIdentity`) as the AWS SDKs do. */
export async function callIdentityPool(
  operation: 'GetId' | 'GetCredentialsForIdentity',
  body: object,
): Promise<{ status: number; json: WireAnswer['json'] }> {
  const response = await fetch('https://cognito-identity.eu-west-1.amazonaws.com/', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityService.${operation}`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** Calls a JSON API operation as the AWS SDKs do. */
export async function callApi(
  operation: string,
  input: unknown,
  init: { url?: string; headers?: Record<string, string> } = {},
): Promise<WireAnswer> {
  const response = await fetch(init.url ?? API_URL, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${operation}`,
      'Cache-Control': 'no-store',
      ...init.headers,
    },
    body: JSON.stringify(input),
  });
  return toAnswer(response);
}

/** POSTs a form to the pool domain (`/oauth2/token`, `/oauth2/revoke`). */
export async function postForm(path: string, fields: Record<string, string>): Promise<WireAnswer> {
  const response = await fetch(`${DOMAIN_URL}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
  return toAnswer(response);
}

/** Signs in with USER_PASSWORD_AUTH and returns the AuthenticationResult. */
export async function signIn(username: string = ALICE.username, password: string = ALICE.password) {
  const answer = await callApi('InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: POOL_CONFIG.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  return answer.json.AuthenticationResult as {
    IdToken: string;
    AccessToken: string;
    RefreshToken: string;
    ExpiresIn: number;
  };
}

/** The user's attributes as `GetUser` lists them, as a record. */
export const attributesOf = async (AccessToken: string): Promise<Record<string, string>> =>
  Object.fromEntries(
    (
      (await callApi('GetUser', { AccessToken })).json.UserAttributes as {
        Name: string;
        Value: string;
      }[]
    ).map(({ Name, Value }) => [Name, Value]),
  );

/**
 * The `PASSWORD_VERIFIER` answer (`ChallengeResponses`) a client computes for `password` from its
 * SRP keys and the challenge's parameters, with the time now as `TIMESTAMP`.
 */
export async function passwordVerifierResponses(
  keys: { a: bigint; A: bigint },
  parameters: Record<string, string>,
  password: string,
  userPoolId: string = POOL_CONFIG.userPoolId,
): Promise<Record<string, string | undefined>> {
  const timestamp = formatSrpTimestamp(Date.now());
  const { signature } = await computePasswordClaim({
    ...keys,
    B: hexToBigInt(parameters.SRP_B ?? ''),
    salt: hexToBigInt(parameters.SALT ?? ''),
    password,
    poolName: srpPoolName(userPoolId),
    userId: parameters.USER_ID_FOR_SRP ?? '',
    secretBlock: parameters.SECRET_BLOCK ?? '',
    timestamp,
  });
  return {
    USERNAME: parameters.USERNAME,
    PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK,
    PASSWORD_CLAIM_SIGNATURE: signature,
    TIMESTAMP: timestamp,
  };
}

/** The payload of a JWT, unverified. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary claims.
export function claimsOf(token: string): any {
  return JSON.parse(base64urlToText(token.split('.')[1] ?? ''));
}

/** The header of a JWT. */
export function headerOf(token: string): { kid: string; alg: string } {
  return JSON.parse(base64urlToText(token.split('.')[0] ?? ''));
}

/** A mutable clock for the pool's `now` option. */
export function createClock(start = Date.UTC(2026, 0, 1, 12)) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}

/** The Cognito error `call` throws, as its type and message (for the kit's pure rules). */
export function cognitoRefusal(call: () => unknown): [string, string] {
  try {
    call();
  } catch (error) {
    if (error instanceof CognitoApiError) return [error.type, error.message];
    throw error;
  }
  throw new Error('no refusal');
}

/** A confirmed stored user with `attributes` and MFA settings (`null`: none). */
export function fakeUser(
  mfa: Partial<FakeUserMfaSettings> | null = null,
  attributes: Record<string, string> = {},
  username = 'alice',
): FakeUser {
  return {
    username,
    password: 'Passw0rd!',
    sub: `sub-${username}`,
    attributes,
    groups: [],
    status: 'CONFIRMED',
    mfa: mfa && { ...emptyMfaSettings(), ...mfa },
  };
}

/** A stored passkey of `username` (no real key: for the pool's readers and bookkeeping). */
export function fakePasskey(
  credentialId: string,
  username: string,
  createdAt = 0,
): WebAuthnCredentialRecord {
  return {
    credentialId,
    username,
    publicKey: {},
    algorithm: -7,
    signCount: 0,
    transports: ['internal'],
    authenticatorAttachment: 'platform',
    friendlyName: 'Passkey',
    relyingPartyId: 'app.example',
    createdAt,
  };
}
