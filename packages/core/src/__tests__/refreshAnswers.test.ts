/**
 * What the two OAuth 2.0 refresh transports make of every answer of a token endpoint: Cognito's
 * `/oauth2/token` (`cognito({ refreshWith: 'oauth2' })`) and any OpenID provider's (`oidc()`);
 * and the authorization-code exchange, the JSON API's own answer checks, and revocation. The
 * fault matrix covers the JSON API transport at the session level; here each answer meets the
 * provider itself (real `fetch` through MSW), so the error a session would retry, end on or
 * surface is checked field by field.
 */
import { HttpResponse, http, type JsonBodyType } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TokenSnapshot } from '../claims.js';
import { exchangeAuthorizationCode } from '../providers/authorizationCode.js';
import { cognito } from '../providers/cognito/cognito.js';
import { oidc } from '../providers/oidc/oidc.js';
import type { IdentityProvider, ProviderContext } from '../providers/types.js';
import { rejection, rememberTokens, server, useMsw } from './harness.js';
import { audited } from './tokenAudit.js';

useMsw();

const NOW = Date.UTC(2026, 0, 1);
const ISSUER = 'https://login.example.com';
const CLIENT = 'client-1';
/** Token strings long enough for the audit (useMsw) to look for them in every error. */
const REFRESH_TOKEN = 'refresh-token-0123456789abcdef';
const TOKENS = {
  idToken: 'id-token-0123456789abcdef',
  accessToken: 'access-token-0123456789abcdef',
  refreshToken: REFRESH_TOKEN,
};
rememberTokens(TOKENS);

/** The SessionError `promise` rejects with, recorded for the token audit. */
const refused = (promise: Promise<unknown>) => rejection(audited(() => promise)());

const context = (): ProviderContext => ({
  fetch: (input, init) => fetch(input, init),
  signal: new AbortController().signal,
  now: () => NOW,
});

/** Every request that reached MSW in a test, as `METHOD url`. */
const seen: string[] = [];
server.events.on('request:start', ({ request }) => {
  seen.push(`${request.method} ${request.url}`);
});

function discoveryDocument(extra: Record<string, unknown> = {}) {
  return {
    issuer: ISSUER,
    authorization_endpoint: `${ISSUER}/authorize`,
    token_endpoint: `${ISSUER}/token`,
    revocation_endpoint: `${ISSUER}/revoke`,
    ...extra,
  };
}

function serveDiscovery(document: Record<string, unknown> = discoveryDocument()) {
  server.use(
    http.get(`${ISSUER}/.well-known/openid-configuration`, () => HttpResponse.json(document)),
  );
}

const openId = () =>
  oidc({ issuer: ISSUER, clientId: CLIENT, redirectUri: 'https://app.example.com/cb' });
const poolWithDomain = () =>
  cognito({ userPoolId: 'eu-west-1_Pool1', clientId: CLIENT, domain: 'auth.example.com' });

const TRANSPORTS: [string, () => IdentityProvider, string][] = [
  [
    "cognito({ refreshWith: 'oauth2' })",
    () =>
      cognito({
        userPoolId: 'eu-west-1_Pool1',
        clientId: CLIENT,
        domain: 'auth.example.com',
        refreshWith: 'oauth2',
      }),
    'https://auth.example.com/oauth2/token',
  ],
  ['oidc()', openId, `${ISSUER}/token`],
];

const json = (body: JsonBodyType, status: number, headers: Record<string, string> = {}) =>
  HttpResponse.json(body, { status, headers });
const text = (body: string, status: number, headers: Record<string, string> = {}) =>
  new HttpResponse(body, { status, headers });

/** `{host}` in a message stands for the token endpoint's host. */
const ERROR_ANSWERS: [string, () => Response, Record<string, unknown>][] = [
  [
    '500 with an OAuth error',
    () => json({ error: 'server_error' }, 500),
    {
      code: 'provider',
      retryable: true,
      status: 500,
      providerCode: 'server_error',
      message: '{host} failed with HTTP 500.',
    },
  ],
  [
    '500 with error_description and error_message (the description wins)',
    () => json({ error: 'server_error', error_description: 'Down', error_message: 'Other' }, 500),
    { code: 'provider', message: '{host} failed with HTTP 500: Down.' },
  ],
  [
    '503 in plain text with Retry-After in seconds',
    () => text('Service Unavailable', 503, { 'Retry-After': '5' }),
    { code: 'provider', retryable: true, status: 503, retryAfterMs: 5000, providerCode: undefined },
  ],
  [
    '502 HTML page of a load balancer',
    () => text('<html><body>502 Bad Gateway</body></html>', 502, { 'Content-Type': 'text/html' }),
    { code: 'provider', retryable: true, status: 502, retryAfterMs: undefined },
  ],
  [
    '429 with an OAuth error and Retry-After as an HTTP date 30 s ahead',
    () =>
      json({ error: 'too_many_requests' }, 429, { 'Retry-After': 'Thu, 01 Jan 2026 00:00:30 GMT' }),
    {
      code: 'rate_limited',
      retryable: true,
      status: 429,
      retryAfterMs: 30_000,
      providerCode: 'too_many_requests',
      message: '{host} is throttling requests (HTTP 429).',
    },
  ],
  [
    '429 from a proxy, no body, Retry-After in the past',
    () => text('', 429, { 'Retry-After': 'Wed, 31 Dec 2025 23:00:00 GMT' }),
    { code: 'rate_limited', retryable: true, retryAfterMs: 0, providerCode: undefined },
  ],
  [
    '400 HTML (not OAuth JSON)',
    () => text('<html>Bad Request</html>', 400, { 'Content-Type': 'text/html' }),
    {
      code: 'invalid_response',
      retryable: true,
      status: 400,
      message: '{host} answered with an error that is not OAuth JSON (HTTP 400).',
    },
  ],
  [
    '400 invalid_grant',
    () => json({ error: 'invalid_grant' }, 400),
    {
      code: 'invalid_grant',
      retryable: false,
      status: 400,
      providerCode: 'invalid_grant',
      signOutReason: 'expired',
      message: 'The refresh token was refused (invalid_grant).',
    },
  ],
  [
    '400 invalid_grant, the description saying it was revoked',
    () =>
      json({ error: 'invalid_grant', error_description: 'Refresh Token has been revoked' }, 400),
    {
      code: 'invalid_grant',
      signOutReason: 'revoked',
      message: 'The refresh token was refused (invalid_grant: Refresh Token has been revoked).',
    },
  ],
  [
    "400 invalid_grant with Cognito's error_message",
    () => json({ error: 'invalid_grant', error_message: 'Token revoked' }, 400),
    {
      code: 'invalid_grant',
      signOutReason: 'revoked',
      message: 'The refresh token was refused (invalid_grant: Token revoked).',
    },
  ],
  [
    '401 invalid_client (a configuration error, not retried)',
    () => json({ error: 'invalid_client', error_description: 'Client is disabled' }, 401),
    {
      code: 'provider',
      retryable: false,
      status: 401,
      providerCode: 'invalid_client',
      message: '{host} refused the request (invalid_client: Client is disabled).',
    },
  ],
  [
    '200 that is not JSON',
    () => text('<html>OK</html>', 200),
    {
      code: 'invalid_response',
      retryable: true,
      status: 200,
      message: '{host} answered the token request with a body that is not JSON (HTTP 200).',
    },
  ],
  [
    '200 without id_token',
    () => json({ access_token: 'a', token_type: 'Bearer' }, 200),
    {
      code: 'invalid_response',
      message: "{host}'s token response lacks id_token or access_token (HTTP 200).",
    },
  ],
  [
    '200 without access_token',
    () => json({ id_token: 'i', token_type: 'Bearer' }, 200),
    {
      code: 'invalid_response',
      message: "{host}'s token response lacks id_token or access_token (HTTP 200).",
    },
  ],
];

describe.each(TRANSPORTS)('%s refresh at the token endpoint', (_, makeProvider, tokenUrl) => {
  const host = new URL(tokenUrl).host;
  beforeEach(() => {
    seen.length = 0;
    serveDiscovery();
  });

  it.each(ERROR_ANSWERS)('%s', async (_, answer, expected) => {
    server.use(http.post(tokenUrl, () => answer()));
    const error = await refused(makeProvider().refresh(REFRESH_TOKEN, context()));
    const { message, ...fields } = expected;
    expect(error).toMatchObject(fields);
    if (message) expect(error.message).toBe(String(message).replace('{host}', host));
  });

  it('reads the tokens, and the refresh token only when one was sent', async () => {
    const answers = [
      { id_token: 'id-1', access_token: 'access-1' },
      { id_token: 'id-2', access_token: 'access-2', refresh_token: '' },
      { id_token: 'id-3', access_token: 'access-3', refresh_token: 'refresh-2' },
    ];
    server.use(http.post(tokenUrl, () => HttpResponse.json(answers.shift())));
    const provider = makeProvider();
    const first = await provider.refresh(REFRESH_TOKEN, context());
    expect(first).toEqual({ idToken: 'id-1', accessToken: 'access-1' });
    expect(first).not.toHaveProperty('refreshToken');
    expect(await provider.refresh(REFRESH_TOKEN, context())).not.toHaveProperty('refreshToken');
    expect(await provider.refresh(REFRESH_TOKEN, context())).toEqual({
      idToken: 'id-3',
      accessToken: 'access-3',
      refreshToken: 'refresh-2',
    });
  });

  it('a fetch that throws is a retryable network error naming the host', async () => {
    const offline: ProviderContext = {
      ...context(),
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    };
    // oidc() reads its discovery document first: that read goes through the same fetch.
    const error = await refused(makeProvider().refresh(REFRESH_TOKEN, offline));
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(error.message).toMatch(/^Could not reach (auth|login)\.example\.com\.$/);
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('an answer whose body breaks off is a retryable network error', async () => {
    server.use(
      http.post(tokenUrl, () => {
        const body = new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id_token":"abc'));
            controller.error(new Error('connection reset'));
          },
        });
        return new HttpResponse(body, { status: 200 });
      }),
    );
    const error = await refused(makeProvider().refresh(REFRESH_TOKEN, context()));
    expect(error).toMatchObject({ code: 'network', retryable: true });
    expect(error.message).toBe(`The answer from ${host} was cut off.`);
  });
});

/** A snapshot whose access token carries `origin_jti` when `revocable` (Cognito's revocation). */
function snapshot(revocable = true): TokenSnapshot {
  return { accessClaims: revocable ? { origin_jti: 'jti-1' } : {} } as unknown as TokenSnapshot;
}

const REVOKE_CASES: [string, () => IdentityProvider, string][] = [
  [
    'cognito({ domain }) at /oauth2/revoke',
    poolWithDomain,
    'https://auth.example.com/oauth2/revoke',
  ],
  ['oidc() at the revocation_endpoint', openId, `${ISSUER}/revoke`],
];

describe.each(REVOKE_CASES)('%s: revocation', (_, makeProvider, revokeUrl) => {
  beforeEach(() => {
    seen.length = 0;
    serveDiscovery();
  });

  it('posts the refresh token and resolves on 200', async () => {
    const bodies: Record<string, string>[] = [];
    server.use(
      http.post(revokeUrl, async ({ request }) => {
        bodies.push(Object.fromEntries(new URLSearchParams(await request.text())));
        return new HttpResponse(null, { status: 200 });
      }),
    );
    await makeProvider().revoke(TOKENS, snapshot(), context());
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toMatchObject({ token: REFRESH_TOKEN, client_id: CLIENT });
  });

  it.each([
    [
      '503',
      () => text('Service Unavailable', 503),
      { code: 'provider', retryable: true, status: 503 },
    ],
    [
      '400 unsupported_token_type',
      () => json({ error: 'unsupported_token_type' }, 400),
      { code: 'provider', providerCode: 'unsupported_token_type' },
    ],
  ])(
    'rejects a refused revocation (%s), for the session to report',
    async (_, answer, expected) => {
      server.use(http.post(revokeUrl, () => answer()));
      const error = await refused(makeProvider().revoke(TOKENS, snapshot(), context()));
      expect(error).toMatchObject(expected);
    },
  );

  it('without a refresh token asks nothing at all', async () => {
    await makeProvider().revoke(
      { idToken: TOKENS.idToken, accessToken: TOKENS.accessToken },
      snapshot(),
      context(),
    );
    expect(seen).toEqual([]);
  });
});

describe('revocation edges', () => {
  beforeEach(() => {
    seen.length = 0;
  });

  it('oidc(): a discovery document without revocation_endpoint means nothing to revoke', async () => {
    const { revocation_endpoint: _, ...withoutRevocation } = discoveryDocument();
    serveDiscovery(withoutRevocation);
    const provider = openId();
    await provider.revoke(TOKENS, snapshot(), context());
    expect(seen).toEqual([`GET ${ISSUER}/.well-known/openid-configuration`]);
  });

  it('cognito(): tokens without origin_jti (revocation off for the client) are not revoked', async () => {
    const provider = poolWithDomain();
    await provider.revoke(TOKENS, snapshot(false), context());
    expect(seen).toEqual([]);
  });
});

describe('the authorization-code exchange', () => {
  it('names the code, not a refresh token, when the server refuses it', async () => {
    server.use(http.post(`${ISSUER}/token`, () => json({ error: 'invalid_grant' }, 400)));
    const error = await refused(
      exchangeAuthorizationCode(
        context(),
        `${ISSUER}/token`,
        CLIENT,
        'code-1',
        'verifier-1',
        'https://app.example.com/cb',
      ),
    );
    expect(error).toMatchObject({ code: 'invalid_grant', providerCode: 'invalid_grant' });
    expect(error.message).toBe('The authorization code was refused (invalid_grant).');
  });
});

describe("cognito()'s JSON API refresh answers", () => {
  const API = 'https://cognito-idp.eu-west-1.amazonaws.com/';
  const jsonApi = () => cognito({ userPoolId: 'eu-west-1_Pool1', clientId: CLIENT });
  const answer = (body: string | Record<string, unknown>) =>
    server.use(
      http.post(API, () =>
        typeof body === 'string'
          ? new HttpResponse(body, { status: 200 })
          : HttpResponse.json(body, { headers: { 'Content-Type': 'application/x-amz-json-1.1' } }),
      ),
    );

  it.each([
    [
      'a body that is not JSON',
      '<html>OK</html>',
      'Cognito answered GetTokensFromRefreshToken with a body that is not JSON (HTTP 200).',
    ],
    [
      'no AccessToken',
      { AuthenticationResult: { IdToken: 'id-1' } },
      "Cognito's GetTokensFromRefreshToken answer lacks IdToken or AccessToken (HTTP 200).",
    ],
    [
      'no AuthenticationResult',
      {},
      "Cognito's GetTokensFromRefreshToken answer lacks IdToken or AccessToken (HTTP 200).",
    ],
  ])(
    'a 200 with %s is a retryable invalid_response naming the operation',
    async (_, body, message) => {
      answer(body);
      const error = await refused(jsonApi().refresh(REFRESH_TOKEN, context()));
      expect(error).toMatchObject({ code: 'invalid_response', retryable: true });
      expect(error.message).toBe(message);
    },
  );

  it('reads the refresh token only when Cognito rotated it', async () => {
    answer({ AuthenticationResult: { IdToken: 'id-1', AccessToken: 'access-1' } });
    expect(await jsonApi().refresh(REFRESH_TOKEN, context())).not.toHaveProperty('refreshToken');
    answer({
      AuthenticationResult: { IdToken: 'id-1', AccessToken: 'access-1', RefreshToken: 'refresh-2' },
    });
    expect(await jsonApi().refresh(REFRESH_TOKEN, context())).toEqual({
      idToken: 'id-1',
      accessToken: 'access-1',
      refreshToken: 'refresh-2',
    });
  });
});
