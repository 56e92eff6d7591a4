import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  createAuthorizedFetch,
  issue,
  requestsOf,
  server,
  startPool,
  startSession,
  useMsw,
} from './harness.js';

const API = 'https://api.example.com';

describe('createAuthorizedFetch', () => {
  useMsw();

  function echoAuthorization(origin: string) {
    const seen: Array<string | null> = [];
    server.use(
      http.all(`${origin}/*`, ({ request }) => {
        seen.push(request.headers.get('authorization'));
        return HttpResponse.json({ ok: true });
      }),
    );
    return seen;
  }

  it('sends the bearer access token to an allowed origin only', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [`${API}/`] });
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    const allowed = echoAuthorization(API);
    const other = echoAuthorization('https://cdn.example.net');

    await authorizedFetch(`${API}/profile`);
    await authorizedFetch(new URL(`${API}/orders?page=2`), { method: 'POST', body: '{}' });
    await authorizedFetch(new Request(`${API}/settings`));
    await authorizedFetch('https://cdn.example.net/app.js');

    expect(allowed).toEqual(Array(3).fill(`Bearer ${tokens.accessToken}`));
    expect(other).toEqual([null]);
  });

  it('sends no bearer anywhere by default outside a browser (no same origin)', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session);
    await session.setTokens(await issue(pool));
    const seen = echoAuthorization(API);
    await authorizedFetch(`${API}/profile`);
    expect(seen).toEqual([null]);
  });

  it('refreshes once and replays the request after a 401', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [API] });
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    const seen: Array<{ authorization: string | null; body: string }> = [];
    server.use(
      http.post(`${API}/orders`, async ({ request }) => {
        seen.push({
          authorization: request.headers.get('authorization'),
          body: await request.text(),
        });
        return seen.length === 1
          ? HttpResponse.json({ message: 'expired' }, { status: 401 })
          : HttpResponse.json({ ok: true });
      }),
    );
    const response = await authorizedFetch(`${API}/orders`, { method: 'POST', body: '{"item":1}' });
    expect(response.status).toBe(200);
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(1);
    const state = session.getState();
    const renewed = state.status === 'signedIn' ? state.tokens.accessToken : '';
    expect(seen).toEqual([
      { authorization: `Bearer ${tokens.accessToken}`, body: '{"item":1}' },
      { authorization: `Bearer ${renewed}`, body: '{"item":1}' },
    ]);
    expect(renewed).not.toBe(tokens.accessToken);
  });

  it('retries only once: a second 401 is returned to the caller', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [API] });
    await session.setTokens(await issue(pool));
    let calls = 0;
    server.use(
      http.get(`${API}/admin`, () => {
        calls++;
        return new HttpResponse(null, { status: 401 });
      }),
    );
    const response = await authorizedFetch(`${API}/admin`);
    expect(response.status).toBe(401);
    expect(calls).toBe(2);
    expect(requestsOf(pool, 'GetTokensFromRefreshToken')).toHaveLength(1);
  });

  it('does not replay a streamed body', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [API] });
    await session.setTokens(await issue(pool));
    let calls = 0;
    server.use(
      http.post(`${API}/upload`, () => {
        calls++;
        return new HttpResponse(null, { status: 401 });
      }),
    );
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('chunk'));
        controller.close();
      },
    });
    const response = await authorizedFetch(`${API}/upload`, {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(401);
    expect(calls).toBe(1);
  });

  it('rejects with signed_out when nobody is signed in', async () => {
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [API] });
    await session.ready;
    await expect(authorizedFetch(`${API}/profile`)).rejects.toMatchObject({ code: 'signed_out' });
  });

  it('never carries the bearer across a redirect: the redirect comes back unfollowed', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [API] });
    await session.setTokens(await issue(pool));
    // Echoes first: MSW tries the handlers added last first.
    const evil = echoAuthorization('https://evil.example');
    const same = echoAuthorization(API);
    server.use(
      http.get(`${API}/moved`, () =>
        HttpResponse.text('', { status: 302, headers: { Location: 'https://evil.example/steal' } }),
      ),
      http.get(`${API}/moved-here`, () =>
        HttpResponse.text('', { status: 307, headers: { Location: `${API}/profile` } }),
      ),
    );
    const response = await authorizedFetch(`${API}/moved`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('https://evil.example/steal');
    expect((await authorizedFetch(`${API}/moved-here`)).status).toBe(307);
    expect(evil).toEqual([]);
    expect(same).toEqual([]);
  });

  it('does not rely on the engine to drop Authorization on a redirect', async () => {
    // An engine (or polyfill) that follows redirects with every header, as old ones did.
    const pool = await startPool();
    const sent: Array<{ url: string; authorization: string | null; redirect: string }> = [];
    const naiveFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      sent.push({
        url: request.url,
        authorization: request.headers.get('authorization'),
        redirect: request.redirect,
      });
      if (request.url === `${API}/moved` && request.redirect === 'follow') {
        return naiveFetch('https://evil.example/steal', { headers: request.headers });
      }
      return new Response(null, {
        status: request.url === `${API}/moved` ? 302 : 200,
        headers: { Location: 'https://evil.example/steal' },
      });
    };
    const { session } = startSession({ fetch: naiveFetch as typeof fetch });
    const authorizedFetch = createAuthorizedFetch(session, { allowedOrigins: [API] });
    await session.setTokens(await issue(pool));
    await authorizedFetch(`${API}/moved`);
    expect(sent.filter((request) => request.url.startsWith(API))).toHaveLength(1);
    expect(sent.filter((request) => !request.url.startsWith(API))).toEqual([]);
    // A request that asked for redirect: 'error' keeps it.
    await authorizedFetch(`${API}/other`, { redirect: 'error' });
    expect(sent.at(-1)?.redirect).toBe('error');
  });

  it('matches origins exactly: look-alikes, subdomains, downgrades, ports, userinfo and IDN are others', async () => {
    const pool = await startPool();
    const { session } = startSession();
    const authorizedFetch = createAuthorizedFetch(session, {
      allowedOrigins: ['https://api.example.com', 'https://bücher.example'],
    });
    const tokens = await issue(pool);
    await session.setTokens(tokens);
    const others = [
      'https://api.example.com.evil.net',
      'https://evilapi.example.com',
      'https://eu.api.example.com',
      'http://api.example.com',
      'https://api.example.com:8443',
      'https://api.example.co',
      'https://xn--bcher-kva.example.evil',
    ];
    const seen = others.map((origin) => echoAuthorization(origin));
    for (const origin of others) await authorizedFetch(`${origin}/profile`);
    expect(seen).toEqual(others.map(() => [null]));
    // userinfo in the request URL does not change its origin: still the allowed one.
    const allowed = echoAuthorization(API);
    await authorizedFetch('https://api.example.com:443/profile');
    const idn = echoAuthorization('https://xn--bcher-kva.example');
    await authorizedFetch('https://xn--bcher-kva.example/profile');
    expect(allowed).toEqual([`Bearer ${tokens.accessToken}`]);
    expect(idn).toEqual([`Bearer ${tokens.accessToken}`]);
  });

  it.each([
    'https://api.example.com/v1',
    'https://api.example.com/?x=1',
    'https://user:pass@api.example.com',
    'api.example.com',
    'not a url',
  ])('refuses %j in allowedOrigins with a clear TypeError', (entry) => {
    const { session } = startSession();
    expect(() => createAuthorizedFetch(session, { allowedOrigins: [entry] })).toThrow(
      /allowedOrigins takes origins like "https:\/\/api.example.com"/,
    );
  });
});
