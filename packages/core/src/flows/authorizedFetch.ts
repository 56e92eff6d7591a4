import { internalsOf } from '../session/internals.js';
import type { Session } from '../session.js';
import { currentOrigin } from './redirectSupport.js';

/** Options of {@link createAuthorizedFetch}. */
export interface AuthorizedFetchOptions {
  /**
   * Origins that may receive the bearer token, e.g. `['https://api.example.com']`. Requests
   * elsewhere go out untouched. @default [location.origin]
   */
  allowedOrigins?: string[];
}

function resolveUrl(input: RequestInfo | URL): URL | undefined {
  const raw = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(raw, base);
  } catch {
    return undefined;
  }
}

/** Normalises origins given as `https://api.example.com/` or with a path to their origin. */
function normalizeOrigins(origins: readonly string[]): string[] {
  return origins.map((origin) => new URL(origin).origin);
}

/**
 * A `fetch` that adds `Authorization: Bearer <access token>` for allowed origins only, so the
 * token never leaks to a third-party API or a CDN. On a 401 it refreshes once and replays the
 * request, when the request can be replayed (a streamed body cannot). Requests to other origins
 * go out untouched. Uses the session's `fetch` option, looked up at call time.
 *
 * @example
 * ```ts
 * import { createAuthorizedFetch } from '@sessionkit/core';
 *
 * const api = createAuthorizedFetch(session, { allowedOrigins: ['https://api.example.com'] });
 * const response = await api('https://api.example.com/profile');
 * ```
 */
export function createAuthorizedFetch(
  session: Session,
  options: AuthorizedFetchOptions = {},
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  const internals = internalsOf(session);
  const sameOrigin = currentOrigin();
  const allowedOrigins = options.allowedOrigins
    ? normalizeOrigins(options.allowedOrigins)
    : sameOrigin
      ? [sameOrigin]
      : [];

  /** Refreshes unless the access token already changed since `rejected`; the current one. */
  async function renewAccessToken(rejected: string): Promise<string | undefined> {
    const state = session.getState();
    if (state.status === 'signedIn' && state.tokens.accessToken !== rejected) {
      return state.tokens.accessToken;
    }
    const next = await session.refresh();
    return next.status === 'signedIn' ? next.tokens.accessToken : undefined;
  }

  return async function authorizedFetch(input, init) {
    const fetchImpl = internals.fetch();
    const url = resolveUrl(input);
    if (!url || !allowedOrigins.includes(url.origin)) return fetchImpl(input, init);

    const request =
      input instanceof Request ? new Request(input, init) : new Request(url.href, init);
    if (request.headers.has('authorization')) return fetchImpl(request);
    const replayable = !(init?.body instanceof ReadableStream);
    const replay = replayable ? request.clone() : null;

    const token = await session.getAccessToken();
    request.headers.set('Authorization', `Bearer ${token}`);
    const response = await fetchImpl(request);
    if (response.status !== 401 || !replay) return response;

    // A failed refresh is on the session state and in its events; the 401 stands.
    const renewed = await renewAccessToken(token).catch(() => undefined);
    if (!renewed) return response;
    replay.headers.set('Authorization', `Bearer ${renewed}`);
    return fetchImpl(replay);
  };
}
