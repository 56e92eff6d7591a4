/**
 * The authorised fetch (flows/authorizedFetch.ts): the same-origin default in a page, the app's
 * own Authorization, a refresh that fails or is not needed after a 401, and origins the browser
 * calls opaque. Found by mutation testing (`pnpm mutation`).
 */
import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import {
  createAuthorizedFetch,
  issue,
  REGION,
  requestsOf,
  server,
  startPool,
  startSession,
  useMsw,
} from './harness.js';

const API = 'https://api.example.com';
const APP = 'https://app.example.com';

describe('createAuthorizedFetch', () => {
  useMsw();

  function echoAuthorization(origin: string, status = 200) {
    const seen: Array<string | null> = [];
    server.use(
      http.all(`${origin}/*`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return new HttpResponse(null, { status });
      }),
    );
    return seen;
  }

  it("allows the page's own origin by default, and resolves relative URLs against the page", async () => {
    vi.stubGlobal('location', { href: `${APP}/orders/42`, origin: APP });
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session);
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    const own = echoAuthorization(APP);
    const other = echoAuthorization(API);
    await authorizedFetch('/api/profile');
    await authorizedFetch(`${API}/profile`);
    expect(own).toEqual([`Bearer ${tokens.accessToken}`]);
    expect(other).toEqual([null]);
  });

  it("leaves a request that carries the app's own Authorization as it is", async () => {
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [API] });
    await session.setTokens(await issue(pool));
    const seen = echoAuthorization(API);
    await authorizedFetch(`${API}/a`, { headers: { Authorization: 'Basic YXBwOmtleQ==' } });
    await authorizedFetch(new Request(`${API}/b`, { headers: { authorization: 'Token app' } }));
    expect(seen).toEqual(['Basic YXBwOmtleQ==', 'Token app']);
  });

  it('passes a URL it cannot parse through untouched', async () => {
    const calls: unknown[][] = [];
    const fetchSpy = async (...args: unknown[]) => {
      calls.push(args);
      return new Response(null, { status: 204 });
    };
    const pool = await startPool();
    const { session } = startSession({ fetch: fetchSpy as typeof fetch });
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [API] });
    await session.setTokens(await issue(pool));
    const init = { method: 'GET' };
    await authorizedFetch('http://[not-a-host', init);
    expect(calls).toEqual([['http://[not-a-host', init]]);
  });

  it('returns the 401 without a replay when the refresh fails', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [API] });
    await session.setTokens(await issue(pool));
    const seen = echoAuthorization(API, 401);
    server.use(
      http.post(`https://cognito-idp.${REGION}.amazonaws.com/`, () =>
        HttpResponse.json(
          { __type: 'NotAuthorizedException', message: 'Refresh Token has been revoked' },
          { status: 400 },
        ),
      ),
    );
    const response = await authorizedFetch(`${API}/profile`);
    expect(response.status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it('replays with tokens that arrived meanwhile, without a refresh of its own', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [API] });
    const first = await issue(pool);
    await session.setTokens(first);
    const second = await issue(pool);
    const seen: Array<string | null> = [];
    server.use(
      http.get(`${API}/profile`, async ({ request }) => {
        seen.push(request.headers.get('authorization'));
        if (seen.length > 1) return HttpResponse.json({ ok: true });
        // Another tab or call refreshed while this request was out.
        await session.setTokens(second);
        return new HttpResponse(null, { status: 401 });
      }),
    );
    const response = await authorizedFetch(`${API}/profile`);
    expect(response.status).toBe(200);
    expect(seen).toEqual([`Bearer ${first.accessToken}`, `Bearer ${second.accessToken}`]);
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(0);
  });

  it.each(['file:///', 'custom-scheme://host/'])(
    'refuses %j in allowedOrigins: its origin is opaque',
    (entry) => {
      const { session } = startSession();
      expect(() => createAuthorizedFetch(session, { allowedOrigins: [entry] })).toThrow(TypeError);
    },
  );
});
