/**
 * `oidc()` on its own: the discovery document (read once, tried again after a failure, refused
 * when incomplete or another issuer's), the ID-token checks of OpenID Connect Core 3.1.3.7 it
 * makes on every token set, and its options. oidc.test.ts runs it end to end against the fake
 * pool; refreshAnswers.test.ts covers its token and revocation endpoints.
 */
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenSnapshot } from '../claims.js';
import { isSessionError } from '../errors.js';
import { oidc } from '../providers/oidc/oidc.js';
import type { ProviderContext } from '../providers/types.js';
import { rejection, server } from './harness.js';

// No session and no token here (the suites with sessions audit for leaked tokens): MSW alone.
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ISSUER = 'https://login.example.com';
const CLIENT = 'client-1';
const DISCOVERY = `${ISSUER}/.well-known/openid-configuration`;

const context = (): ProviderContext => ({
  fetch: (input, init) => fetch(input, init),
  signal: new AbortController().signal,
  now: () => Date.now(),
});

const provider = (issuer = ISSUER) =>
  oidc({ issuer, clientId: CLIENT, redirectUri: 'https://app.example.com/cb' });

const DOCUMENT = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
};

/** Serves `answers` in turn at the discovery URL; returns how many reads reached it. */
function serveDiscovery(...answers: (() => Response)[]): { reads: number } {
  const counter = { reads: 0 };
  server.use(
    http.get(DISCOVERY, () => {
      counter.reads += 1;
      return (answers.shift() ?? (() => HttpResponse.json(DOCUMENT)))();
    }),
  );
  return counter;
}

describe('oidc() discovery', () => {
  it('reads the document once for every flow and hands its endpoints to redirect sign-in', async () => {
    const counter = serveDiscovery(() =>
      HttpResponse.json({ ...DOCUMENT, end_session_endpoint: `${ISSUER}/logout` }),
    );
    const oidcProvider = provider();
    const endpoints = await oidcProvider.hostedSignIn?.endpoints(context());
    expect(endpoints).toEqual({
      authorization: `${ISSUER}/authorize`,
      token: `${ISSUER}/token`,
      logout: { url: `${ISSUER}/logout`, style: 'oidc' },
    });
    expect(await oidcProvider.discover(context())).toMatchObject({
      token_endpoint: `${ISSUER}/token`,
    });
    expect(counter.reads).toBe(1);
  });

  it('without end_session_endpoint a redirect sign-out has nowhere to go', async () => {
    serveDiscovery();
    expect(await provider().hostedSignIn?.endpoints(context())).toEqual({
      authorization: `${ISSUER}/authorize`,
      token: `${ISSUER}/token`,
    });
  });

  it.each([
    ['HTTP 404', () => new HttpResponse('Not Found', { status: 404 }), 'HTTP 404'],
    ['an HTML page', () => new HttpResponse('<html></html>', { status: 200 }), 'HTTP 200'],
    ['JSON with HTTP 500', () => HttpResponse.json(DOCUMENT, { status: 500 }), 'HTTP 500'],
  ])(
    'a document that cannot be read (%s) is a retryable invalid_response, read again next time',
    async (_, answer, status) => {
      const counter = serveDiscovery(answer);
      const oidcProvider = provider();
      const error = await rejection(oidcProvider.discover(context()));
      expect(error).toMatchObject({ code: 'invalid_response', retryable: true });
      expect(error.message).toBe(`The OpenID discovery document could not be read (${status}).`);
      expect(await oidcProvider.discover(context())).toMatchObject({ issuer: ISSUER });
      expect(counter.reads).toBe(2);
    },
  );

  it.each(['issuer', 'authorization_endpoint', 'token_endpoint'])(
    'refuses a document without %s',
    async (field) => {
      const { [field as keyof typeof DOCUMENT]: _, ...partial } = DOCUMENT;
      serveDiscovery(() => HttpResponse.json(partial));
      const error = await rejection(provider().discover(context()));
      expect(error).toMatchObject({ code: 'invalid_response' });
      expect(error.message).toBe(
        'The discovery document lacks issuer, authorization_endpoint or token_endpoint.',
      );
    },
  );

  it("refuses another issuer's document as a provider error, not a passing fault", async () => {
    serveDiscovery(() => HttpResponse.json({ ...DOCUMENT, issuer: 'https://evil.example.com' }));
    const error = await rejection(provider().discover(context()));
    expect(error).toMatchObject({ code: 'provider', retryable: false });
  });

  it('an issuer with a trailing slash (as Auth0 writes it) is read at one slash', async () => {
    const issuer = 'https://tenant.example.com/';
    server.use(
      http.get('https://tenant.example.com/.well-known/openid-configuration', () =>
        HttpResponse.json({ ...DOCUMENT, issuer }),
      ),
    );
    expect(await provider(issuer).discover(context())).toMatchObject({ issuer });
  });
});

/** A token snapshot with the given ID-token and access-token claims. */
function snapshot(user: Record<string, unknown>, access: Record<string, unknown> = {}) {
  return {
    user: { iss: ISSUER, aud: CLIENT, sub: 'user-1', ...user },
    accessClaims: { iss: ISSUER, sub: 'user-1', ...access },
  } as unknown as TokenSnapshot;
}

function validation(tokens: TokenSnapshot, nonce?: string): string {
  try {
    provider().validate(tokens, nonce === undefined ? undefined : { nonce });
    return 'accepted';
  } catch (error) {
    if (!isSessionError(error) || error.code !== 'invalid_token') throw error;
    return error.message;
  }
}

describe('oidc() token checks', () => {
  beforeEach(() => {
    serveDiscovery();
  });

  // biome-ignore format: one case per line reads as the table it is
  it.each([
    ['the tokens of this issuer and client', snapshot({}), undefined, 'accepted'],
    ['aud as a list of this client alone', snapshot({ aud: [CLIENT] }), undefined, 'accepted'],
    ['several audiences with this client as azp', snapshot({ aud: [CLIENT, 'api'], azp: CLIENT }), undefined, 'accepted'],
    ['an access token without sub', snapshot({}, { sub: undefined }), undefined, 'accepted'],
    ['the nonce of the sign-in', snapshot({ nonce: 'n-1' }), 'n-1', 'accepted'],
    ['a nonce when none is expected (a refresh)', snapshot({ nonce: 'n-1' }), undefined, 'accepted'],
    ['an ID token of another issuer', snapshot({ iss: 'https://evil.example.com' }), undefined, 'The ID token comes from another issuer (iss).'],
    ['an ID token for another client', snapshot({ aud: 'other' }), undefined, 'The ID token was issued for another client (aud).'],
    ['several audiences without azp', snapshot({ aud: [CLIENT, 'api'] }), undefined, 'The ID token has several audiences and another authorized party (azp).'],
    ['azp of another client', snapshot({ azp: 'other' }), undefined, 'The ID token was issued to another authorized party (azp).'],
    ['an access token of another issuer', snapshot({}, { iss: 'https://evil.example.com' }), undefined, 'The access token comes from another issuer (iss).'],
    ['an access token of another user', snapshot({}, { sub: 'user-2' }), undefined, 'The ID and access tokens belong to different users.'],
    ['another nonce than the sign-in', snapshot({ nonce: 'n-2' }), 'n-1', 'The ID token nonce does not match the sign-in request.'],
    ['no nonce where the sign-in sent one', snapshot({}), 'n-1', 'The ID token nonce does not match the sign-in request.'],
  ])('%s: %s', (_, tokens, nonce, expected) => {
    expect(validation(tokens, nonce)).toBe(expected);
  });
});

describe('oidc() options', () => {
  it.each(['issuer', 'clientId', 'redirectUri'])('refuses a missing or empty %s', (name) => {
    const options = { issuer: ISSUER, clientId: CLIENT, redirectUri: 'https://app.example.com/cb' };
    expect(() => oidc({ ...options, [name]: '' })).toThrow(
      new TypeError(`oidc(): "${name}" is required.`),
    );
    expect(() => oidc({ ...options, [name]: undefined } as unknown as typeof options)).toThrow(
      new TypeError(`oidc(): "${name}" is required.`),
    );
  });

  it('names its sessions oidc:<issuer>:<clientId> (the default storage key) and its scopes', () => {
    const made = provider();
    expect(made).toMatchObject({ kind: 'oidc', id: `oidc:${ISSUER}:${CLIENT}` });
    expect(made.hostedSignIn?.defaultScopes).toEqual([
      'openid',
      'profile',
      'email',
      'offline_access',
    ]);
    expect(made.hostedSignIn?.defaultRedirectUri).toBe('https://app.example.com/cb');
  });
});
