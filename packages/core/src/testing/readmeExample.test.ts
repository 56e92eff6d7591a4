// The "Testing your app" example of README.section.md, run as a test. It depends on the core's
// `createSession`, `cognito` and `memoryStorage` (SPEC §2, §4): keep it in step with that file.
// Apps import '@sessionkit/core' and '@sessionkit/core/testing'; inside the package (where the
// self-reference would resolve to an unbuilt dist/) the same modules are imported by path.
import { jwtDecode } from 'jwt-decode';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { cognito, createSession, memoryStorage, type Session } from '../index.js';
import { createFakeUserPool } from './index.js';

// The app's own code under test: greets the user with data from the app's API.
async function loadGreeting(session: Session): Promise<string> {
  const response = await session.fetch('https://api.example.com/me');
  if (!response.ok) return 'Please sign in';
  const me: { name: string } = await response.json();
  return `Hello, ${me.name}`;
}

const config = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Example1',
  clientId: 'exampleappclient',
};
const pool = createFakeUserPool(config);

// The app's API, mocked too: it accepts access tokens only, as a real API should.
const appApi = http.get('https://api.example.com/me', ({ request }) => {
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
  if (!token) return new HttpResponse(null, { status: 401 });
  const claims = jwtDecode<{ token_use: string; username: string }>(token);
  if (claims.token_use !== 'access') return new HttpResponse(null, { status: 401 });
  return HttpResponse.json({ name: claims.username });
});

const server = setupServer(...pool.handlers, appApi);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => pool.reset());
afterAll(() => server.close());

function startSession(): Session {
  return createSession({
    provider: cognito(config),
    storage: memoryStorage(),
    allowedOrigins: ['https://api.example.com'],
  });
}

it('greets the signed-in user', async () => {
  await pool.addUser({ username: 'alice', password: 'Passw0rd!', groups: ['admins'] });
  const session = startSession();
  await session.setTokens(await pool.issueTokens('alice'));

  expect(await loadGreeting(session)).toBe('Hello, alice');
  expect(session.getState()).toMatchObject({
    status: 'signedIn',
    user: { 'cognito:groups': ['admins'] },
  });
  session.dispose();
});

it('signs the user out when the refresh token was revoked elsewhere', async () => {
  await pool.addUser({ username: 'alice', password: 'Passw0rd!' });
  const session = startSession();
  await session.setTokens(await pool.issueTokens('alice'));

  await pool.revokeAll('alice'); // e.g. "sign out everywhere" on another device
  await expect(session.refresh()).rejects.toMatchObject({ code: 'invalid_grant' });

  expect(session.getState()).toEqual({ status: 'signedOut', reason: 'revoked' });
  expect(pool.requests.map((request) => request.operation)).toContain('GetTokensFromRefreshToken');
  session.dispose();
});
