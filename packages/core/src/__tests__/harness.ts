/**
 * Shared set-up of the session suites: the testing kit's fake pool behind MSW, sessions whose
 * every event, state error and rejection is recorded so that `auditForTokens` can prove no token
 * string ever reached an error message or an event payload.
 */

import { HttpResponse, http, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { createSession, type Session } from '../createSession.js';
import { isSessionError, type SessionError } from '../errors.js';
import * as core from '../index.js';
import { type CognitoOptions, cognito } from '../providers/cognito/cognito.js';
import type { SessionOptions } from '../sessionOptions.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import { createFakeUserPool } from '../testing/index.js';
import type { TokenSet } from '../types.js';
import {
  audited,
  auditForTokens,
  EVENT_TYPES,
  type Recorder,
  recordSession,
  rememberTokens,
} from './tokenAudit.js';

export const REGION = 'eu-west-1';
export const USER_POOL_ID = 'eu-west-1_TestPool1';
export const CLIENT_ID = 'sessionkittestclient01';
export const DOMAIN = 'sessionkit-test.auth.eu-west-1.amazoncognito.com';
export const USER = { username: 'alice', password: 'Corr3ct-Horse!' };

export const server = setupServer();

// Requests the pool is still answering. Its answers are signed with WebCrypto, which takes real
// time that fake timers do not see, so `advance` waits for them before moving the clock on.
// A request aborted by the client (sign-out, timeout) may never report its end: it stops
// counting once its signal aborts.
const inFlightRequests = new Set<string>();
server.events.on('request:start', ({ request, requestId }) => {
  if (request.signal.aborted) return;
  inFlightRequests.add(requestId);
  request.signal.addEventListener('abort', () => inFlightRequests.delete(requestId));
});
server.events.on('request:end', ({ requestId }) => {
  inFlightRequests.delete(requestId);
});

const realTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Lets pending real work (signing, fake-indexeddb) finish: waits until no request is in flight. */
export async function settle(): Promise<void> {
  // Done once nothing has been in flight for 30 turns of the event loop in a row.
  for (let idle = 0, spins = 0; idle < 30 && spins < 100_000; spins++) {
    await realTick();
    idle = inFlightRequests.size > 0 ? 0 : idle + 1;
  }
}

/**
 * Moves fake time on by `ms` in steps of `stepMs`, letting real asynchronous work finish at
 * each step, so a request takes no fake time unless the pool's latency says so.
 */
export async function advance(ms: number, stepMs = 250): Promise<void> {
  for (let elapsed = 0; elapsed < ms; ) {
    await settle();
    const step = Math.min(stepMs, ms - elapsed);
    await vi.advanceTimersByTimeAsync(step);
    elapsed += step;
  }
  await settle();
}

/** Installs MSW for the file: unknown requests fail the test instead of reaching the network. */
/** The SessionError `promise` rejects with; fails the test when it resolves or rejects otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<SessionError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (reason: unknown) => reason,
  );
  if (!isSessionError(error)) throw error;
  return error;
}

/**
 * Cognito's JSON API answers the next `operation` request (that `when` accepts, given its body)
 * with `body` (and `status`) instead of the pool; every other request goes on to the pool.
 * Returns the bodies of the requests it answered, once it has. (MSW's own `once` is spent by the
 * first request to the endpoint, whatever its operation.)
 */
export function answerNext(
  operation: string,
  body: JsonBodyType,
  status = 200,
  when: (sent: Record<string, unknown>) => boolean = () => true,
): Record<string, unknown>[] {
  const taken: Record<string, unknown>[] = [];
  let spent = false;
  server.use(
    http.post(`https://cognito-idp.${REGION}.amazonaws.com/`, async ({ request }) => {
      const target = request.headers.get('x-amz-target');
      if (spent || target !== `AWSCognitoIdentityProviderService.${operation}`) return undefined;
      const sent = (await request.clone().json()) as Record<string, unknown>;
      if (spent || !when(sent)) return undefined;
      spent = true;
      taken.push(sent);
      return HttpResponse.json(body, {
        status,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
      });
    }),
  );
  return taken;
}

export function useMsw(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    inFlightRequests.clear();
    for (const session of liveSessions.splice(0)) session.dispose();
  });
  afterAll(() => {
    server.close();
    auditForTokens();
  });
}

/** Fake timers for scheduling; setImmediate stays real because fake-indexeddb runs on it. */
export function useFakeClock(start = Date.UTC(2026, 0, 1)): void {
  vi.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });
  vi.setSystemTime(start);
}

type PoolOptions = Partial<Parameters<typeof createFakeUserPool>[0]>;

/** A fake pool with one user, its handlers installed in MSW. */
export async function startPool(options: PoolOptions = {}) {
  const pool = createFakeUserPool({
    region: REGION,
    userPoolId: USER_POOL_ID,
    clientId: CLIENT_ID,
    domain: DOMAIN,
    // USER_PASSWORD_AUTH: signInWithPassword's USER_PASSWORD_AUTH option; the rest is AWS's default.
    explicitAuthFlows: [
      'ALLOW_USER_SRP_AUTH',
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_CUSTOM_AUTH',
    ],
    ...options,
  });
  await pool.addUser({
    ...USER,
    attributes: { email: 'alice@example.com', email_verified: 'true', 'custom:tenant': 'acme' },
    groups: ['admins'],
  });
  server.use(...pool.handlers);
  return pool;
}

/** Sessions created by `startSession`, disposed after each test so no timer or channel lingers. */
const liveSessions: Session[] = [];

/**
 * A session on the fake pool with memory storage (unless given), recorded for the token audit.
 * Its methods' rejections are recorded too.
 */
export function startSession(
  options: Partial<SessionOptions> & { cognito?: Partial<CognitoOptions> } = {},
): { session: Session; recorder: Recorder } {
  const { cognito: cognitoOptions, ...rest } = options;
  const session = createSession({
    provider: cognito({
      region: REGION,
      userPoolId: USER_POOL_ID,
      clientId: CLIENT_ID,
      ...cognitoOptions,
    }),
    storage: memoryStorage(),
    // One tab unless a test says otherwise (crossTab: crossTab()): sessions of other tests
    // must not hear each other.
    ...rest,
  });
  liveSessions.push(session);
  const recorder = recordSession(session);
  return { session, recorder };
}

/** Requests of one operation that reached the pool. */
export function requestsOf(pool: Awaited<ReturnType<typeof startPool>>, operation: string) {
  return pool.requests.filter((request) => request.operation === operation);
}

/** Tokens for the test user, remembered for the audit. */
export async function issue(pool: Awaited<ReturnType<typeof startPool>>): Promise<TokenSet> {
  const tokens = await pool.issueTokens(USER.username);
  rememberTokens(tokens);
  return tokens;
}

/** A tab's sessionStorage (survives the trip to the provider and a reload); returns its entries. */
export function stubTabSessionStorage(): Map<string, string> {
  const entries = new Map<string, string>();
  vi.stubGlobal('sessionStorage', {
    getItem: (key: string) => entries.get(key) ?? null,
    setItem: (key: string, value: string) => void entries.set(key, value),
    removeItem: (key: string) => void entries.delete(key),
  });
  return entries;
}

/** Follows a hosted UI's 302 as a browser would, without following it to the callback. */
export async function followRedirect(url: string): Promise<string> {
  const response = await fetch(url, { redirect: 'manual' });
  return response.headers.get('location') ?? '';
}

/** The authorization URL `signInWithRedirect` navigates to with `options`, without navigating. */
export async function authorizeUrlOf(
  session: Session,
  options: Parameters<typeof core.signInWithRedirect>[1] = {},
): Promise<URL> {
  let authorizeUrl = '';
  await signInWithRedirect(session, {
    ...options,
    navigate: (url) => {
      authorizeUrl = url;
    },
  });
  return new URL(authorizeUrl);
}

export { auditForTokens, EVENT_TYPES, type Recorder, rememberTokens };

/** The public flows, their rejections recorded for the token audit (tokenAudit.ts `audited`). */
export const signInWithPassword = audited(core.signInWithPassword);
export const signInWithChoice = audited(core.signInWithChoice);
export const signInWithCustomChallenge = audited(core.signInWithCustomChallenge);
export const registerPasskey = audited(core.registerPasskey);
export const listPasskeys = audited(core.listPasskeys);
export const deletePasskey = audited(core.deletePasskey);
export const signInWithPasskey = audited(core.signInWithPasskey);
export const answerWebAuthnChallenge = audited(core.answerWebAuthnChallenge);
export const setMfaPreference = audited(core.setMfaPreference);
export const signInWithRedirect = audited(core.signInWithRedirect);
export const handleRedirectCallback = audited(core.handleRedirectCallback);
export const signOutWithRedirect = audited(core.signOutWithRedirect);
export const createAuthorizedFetch = audited(core.createAuthorizedFetch);
export const signUp = audited(core.signUp);
export const confirmSignUp = audited(core.confirmSignUp);
export const resendSignUpCode = audited(core.resendSignUpCode);
export const resetPassword = audited(core.resetPassword);
export const confirmResetPassword = audited(core.confirmResetPassword);
export const changePassword = audited(core.changePassword);
export const getUserAttributes = audited(core.getUserAttributes);
export const updateUserAttributes = audited(core.updateUserAttributes);
export const sendUserAttributeVerificationCode = audited(core.sendUserAttributeVerificationCode);
export const verifyUserAttribute = audited(core.verifyUserAttribute);
export const deleteUser = audited(core.deleteUser);
export const deleteUserAttributes = audited(core.deleteUserAttributes);
export const globalSignOut = audited(core.globalSignOut);
