import { cognito, createAuthorizedFetch, createSession, memoryStorage } from '@sessionkit/core';
import { createFakeUserPool } from '@sessionkit/core/testing';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';

// The app code under test: greets the user with data from the app's API.
async function loadGreeting(api: typeof fetch): Promise<string> {
  const response = await api('https://api.example.com/me');
  if (!response.ok) return 'Please sign in';
  const me: { name: string } = await response.json();
  return `Hello, ${me.name}`;
}

const config = { region: 'eu-west-1', userPoolId: 'eu-west-1_Example1', clientId: 'exampleclient' };
const pool = createFakeUserPool({ ...config, tokenLifetimeSeconds: 3600 });

// The app's API, mocked too: it wants the access token the pool issued last.
let currentAccessToken = '';
const api = http.get('https://api.example.com/me', ({ request }) =>
  request.headers.get('authorization') === `Bearer ${currentAccessToken}`
    ? HttpResponse.json({ name: 'Alice' })
    : new HttpResponse(null, { status: 401 }),
);

const server = setupServer(...pool.handlers, api);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  // Fake the clock, but not setImmediate: IndexedDB and MSW need it to move on.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  return pool.addUser({ username: 'alice', password: 'Passw0rd!', groups: ['admins'] });
});
afterEach(async () => {
  vi.useRealTimers();
  await pool.reset();
});
afterAll(() => server.close());

it('keeps the user signed in across a token refresh', async () => {
  const session = createSession({
    provider: cognito(config),
    storage: memoryStorage(),
  });
  const apiFetch = createAuthorizedFetch(session, { allowedOrigins: ['https://api.example.com'] });
  session.on('refreshed', () => {
    const state = session.getState();
    if (state.status === 'signedIn') currentAccessToken = state.tokens.accessToken;
  });

  // Sign in: any sign-in hands its tokens to the session.
  const tokens = await pool.issueTokens('alice');
  currentAccessToken = tokens.accessToken;
  await session.setTokens(tokens);
  expect(await loadGreeting(apiFetch)).toBe('Hello, Alice');

  // One hour tokens refresh 60 s before they expire.
  await vi.advanceTimersByTimeAsync(59 * 60_000);
  await pool.settled(); // token signing takes real time that fake timers do not see
  const refreshes = pool.requests.filter((r) => r.operation === 'GetTokensFromRefreshToken');
  expect(refreshes).toHaveLength(1);
  expect(session.getState()).toMatchObject({ status: 'signedIn', error: null });
  expect(currentAccessToken).not.toBe(tokens.accessToken);

  // Well past the first tokens' expiry, the API still answers: the new token is in use.
  await vi.advanceTimersByTimeAsync(10 * 60_000);
  expect(await loadGreeting(apiFetch)).toBe('Hello, Alice');
  session.dispose();
});

it('signs the user out when the refresh token was revoked elsewhere', async () => {
  const session = createSession({ provider: cognito(config), storage: memoryStorage() });
  await session.setTokens(await pool.issueTokens('alice'));

  await pool.revokeAll('alice'); // "sign out everywhere" on another device
  await expect(session.refresh()).rejects.toMatchObject({ code: 'invalid_grant' });
  expect(session.getState()).toEqual({ status: 'signedOut', reason: 'revoked' });
  session.dispose();
});
