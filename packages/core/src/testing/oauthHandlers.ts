/**
 * MSW handlers of the pool domain's OAuth2 endpoints (hosted UI / managed login), docs/cognito-wire.md §3:
 * `GET /oauth2/authorize`, `POST /oauth2/token`, `POST /oauth2/revoke`, `GET /oauth2/userInfo`
 * (userInfoEndpoint.ts), `GET /logout`, and the
 * `GET /error` page Cognito sends browsers to when it cannot redirect back.
 */
import { type HttpHandler, HttpResponse, http } from 'msw';
import { OAuthError, oauthError, redirect } from './cognitoResponses.js';
import type { PoolOperation } from './fakePoolTypes.js';
import { revoke, token } from './oauthTokenEndpoint.js';
import type { PoolContext } from './poolContext.js';
import type { PoolState } from './poolState.js';
import { USER_DISABLED } from './signIn.js';
import { userInfo } from './userInfoEndpoint.js';

/**
 * How long an authorization code can be exchanged: 5 minutes, single use.
 * @example
 * ```ts
 * import { vi } from 'vitest';
 * import { AUTHORIZATION_CODE_LIFETIME_SECONDS } from '@sessionkit/core/testing';
 *
 * vi.setSystemTime(Date.now() + AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000); // the code is now invalid_grant
 * ```
 */
export const AUTHORIZATION_CODE_LIFETIME_SECONDS = 300;

/**
 * How long the managed-login session a hosted-UI sign-in leaves in the browser lasts: 1 hour
 * (docs/cognito-wire.md section 4). Within it `/oauth2/authorize` signs the same user in again
 * without a page, and `prompt=none` gets a code instead of `login_required`.
 * @example
 * ```ts
 * import { vi } from 'vitest';
 * import { HOSTED_UI_SESSION_LIFETIME_SECONDS } from '@sessionkit/core/testing';
 *
 * vi.setSystemTime(Date.now() + HOSTED_UI_SESSION_LIFETIME_SECONDS * 1000); // prompt=none: login_required
 * ```
 */
export const HOSTED_UI_SESSION_LIFETIME_SECONDS = 3600;

/** Scopes when `/oauth2/authorize` gets none: everything a default app client allows. */
export const DEFAULT_HOSTED_UI_SCOPES = [
  'openid',
  'email',
  'phone',
  'profile',
  'aws.cognito.signin.user.admin',
];

const STANDARD_SCOPES = new Set(DEFAULT_HOSTED_UI_SCOPES);

/** Creates the handlers of the pool domain; none when the pool has no domain. */
export function createOAuthHandlers(context: PoolContext): HttpHandler[] {
  const domainUrl = context.config.domainUrl;
  if (!domainUrl) return [];
  return [
    http.get(`${domainUrl}/oauth2/authorize`, async ({ request }) => {
      const query = new URL(request.url).searchParams;
      return (
        (await begin(context, request, 'oauth2/authorize', query)) ?? authorize(context, query)
      );
    }),
    http.post(`${domainUrl}/oauth2/token`, async ({ request }) => {
      const form = await readForm(request);
      return (
        (await begin(context, request, 'oauth2/token', form)) ??
        answer(() => token(context, request, form))
      );
    }),
    http.post(`${domainUrl}/oauth2/revoke`, async ({ request }) => {
      const form = await readForm(request);
      return (
        (await begin(context, request, 'oauth2/revoke', form)) ??
        answer(() => revoke(context, request, form))
      );
    }),
    http.get(`${domainUrl}/oauth2/userInfo`, async ({ request }) => {
      return (
        (await begin(context, request, 'oauth2/userInfo', new URLSearchParams())) ??
        userInfo(context, request)
      );
    }),
    http.get(`${domainUrl}/logout`, async ({ request }) => {
      const query = new URL(request.url).searchParams;
      return (await begin(context, request, 'logout', query)) ?? (await logout(context, query));
    }),
    http.get(`${domainUrl}/error`, ({ request }) => {
      const error = new URL(request.url).searchParams.get('error') ?? 'error';
      return new HttpResponse(
        `<html><body><h1>An error was encountered</h1><p>${escapeHtml(error)}</p></body></html>`,
        {
          status: 400,
          headers: { 'Content-Type': 'text/html' },
        },
      );
    }),
  ];
}

function begin(
  context: PoolContext,
  request: Request,
  operation: PoolOperation,
  fields: URLSearchParams,
): Promise<Response | null> {
  return context.begin(
    {
      operation,
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers.entries()),
      body: Object.fromEntries(fields.entries()),
      time: context.now(),
    },
    'oauth',
  );
}

async function answer(respond: () => Promise<Response>): Promise<Response> {
  try {
    return await respond();
  } catch (error) {
    if (error instanceof OAuthError) return oauthError(error.code, error.status);
    throw error;
  }
}

async function authorize(context: PoolContext, query: URLSearchParams): Promise<Response> {
  const { config } = context;
  const errorPage = (error: string) =>
    redirect(
      `${config.domainUrl}/error?${new URLSearchParams({ error, client_id: query.get('client_id') ?? '' })}`,
    );
  // Without a trusted client and redirect_uri Cognito cannot redirect back: it shows its error page.
  if (query.get('client_id') !== config.clientId) return errorPage('invalid_request');
  const redirectUri = query.get('redirect_uri') ?? '';
  if (!isAllowedUrl(redirectUri, config.callbackUrls)) return errorPage('redirect_mismatch');

  const state = query.get('state');
  const back = (fields: Record<string, string>) => {
    const target = new URL(redirectUri);
    for (const [name, value] of Object.entries(fields)) target.searchParams.set(name, value);
    if (state !== null) target.searchParams.set('state', state);
    return redirect(target.href);
  };
  if (query.get('response_type') !== 'code') return back({ error: 'unsupported_response_type' });
  const codeChallenge = query.get('code_challenge');
  // Cognito supports only S256 ("plain" is refused).
  if (codeChallenge !== null && query.get('code_challenge_method') !== 'S256') {
    return back({
      error: 'invalid_request',
      error_description: 'code_challenge_method must be S256',
    });
  }
  const scopes = query.get('scope')?.split(' ').filter(Boolean) ?? DEFAULT_HOSTED_UI_SCOPES;
  // Custom scopes are "<resource server>/<name>"; anything else must be a standard scope.
  if (scopes.some((scope) => !STANDARD_SCOPES.has(scope) && !scope.includes('/'))) {
    return back({ error: 'invalid_scope' });
  }

  const code = globalThis.crypto.randomUUID();
  const prompt = query.get('prompt');
  const username = await context.store.transact((poolState) => {
    const now = context.now();
    // Managed login's session cookie: prompt=none continues it or fails, prompt=login asks again
    // (select_account and consent only reach federated IdPs).
    const session = liveSession(poolState, now);
    if (prompt === 'none' && !session) return LOGIN_REQUIRED;
    let chosen = prompt === 'login' ? undefined : session;
    if (chosen === undefined) {
      chosen = poolState.hostedUiUsername ?? Object.keys(poolState.users)[0];
      const user = chosen === undefined ? undefined : poolState.users[chosen];
      if (chosen === undefined || !user) return null;
      if (user.isDisabled) return DISABLED;
      poolState.hostedUiSession = {
        username: chosen,
        sub: user.sub,
        expiresAt: now + HOSTED_UI_SESSION_LIFETIME_SECONDS * 1000,
      };
    }
    poolState.codes[code] = {
      username: chosen,
      clientId: config.clientId,
      redirectUri,
      codeChallenge,
      nonce: query.get('nonce'),
      scopes,
      expiresAt: now + AUTHORIZATION_CODE_LIFETIME_SECONDS * 1000,
      isUsed: false,
    };
    return chosen;
  });
  if (username === LOGIN_REQUIRED) return back({ error: 'login_required' });
  if (username === null) {
    return back({
      error: 'access_denied',
      error_description: 'No user to sign in: call pool.setHostedUiUser()',
    });
  }
  // Cognito's page shows the sign-in error and stays: the app gets no redirect back.
  if (username === DISABLED) return signInPage(USER_DISABLED);
  return back({ code });
}

/** What the authorize transaction returns for a disabled user (no code is made). */
const DISABLED = Symbol('disabled');
/** What it returns for `prompt=none` without a managed-login session (no code is made). */
const LOGIN_REQUIRED = Symbol('login required');

/** The user of the browser's managed-login session, while it lasts and the user may sign in. */
function liveSession(state: PoolState, now: number): string | undefined {
  const session = state.hostedUiSession;
  if (!session || session.expiresAt <= now) return undefined;
  const user = state.users[session.username];
  return user && user.sub === session.sub && !user.isDisabled ? session.username : undefined;
}

/** The hosted UI's own page, showing a sign-in error (as built: no page of Cognito's is drawn). */
function signInPage(error: string): Response {
  return new HttpResponse(
    `<html><body><h1>Sign in</h1><p class="error">${escapeHtml(error)}</p></body></html>`,
    { status: 200, headers: { 'Content-Type': 'text/html' } },
  );
}

async function logout(context: PoolContext, query: URLSearchParams): Promise<Response> {
  const { config } = context;
  const logoutUri = query.get('logout_uri') ?? '';
  if (query.get('client_id') !== config.clientId || !isAllowedUrl(logoutUri, config.logoutUrls)) {
    const fields = new URLSearchParams({
      error: 'invalid_request',
      client_id: query.get('client_id') ?? '',
    });
    return redirect(`${config.domainUrl}/error?${fields}`);
  }
  // Cognito clears its session cookie: the next authorize asks the user to sign in again.
  await context.store.transact((state) => {
    state.hostedUiSession = null;
  });
  return redirect(logoutUri);
}

/** Registered URLs must match exactly; without a list, any https or loopback http URL passes. */
function isAllowedUrl(url: string, allowed: readonly string[] | null): boolean {
  if (allowed) return allowed.includes(url);
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' ||
      (parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname))
    );
  } catch {
    return false;
  }
}

async function readForm(request: Request): Promise<URLSearchParams> {
  return new URLSearchParams(await request.text());
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
