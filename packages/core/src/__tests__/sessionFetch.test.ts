import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createAuthorizedFetch } from '../index.js';
import { issue, requestsOf, server, startPool, startSession, useMsw } from './harness.js';

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
});
