import { internalsOf } from '../session/internals.js';
import type { Session } from '../session.js';
import { currentOrigin } from './redirectSupport.js';

/** Options of {@link createAuthorizedFetch}. */
export interface AuthorizedFetchOptions {
  /**
   * Origins that may receive the bearer token, e.g. `['https://api.example.com']`: scheme, host
   * and port, matched exactly (a look-alike host, a subdomain, `http` for `https` or another port
   * is another origin). An entry with a path, query or credentials is refused with a TypeError
   * (a path is not a boundary the browser enforces). Requests elsewhere go out untouched.
   * @default [location.origin]
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

/** Checks origins given as `https://api.example.com` (a trailing `/` is allowed). */
function normalizeOrigins(origins: readonly string[]): string[] {
  return origins.map((entry) => {
    let url: URL | undefined;
    try {
      url = new URL(entry);
    } catch {
      // Reported below.
    }
    const origin = url?.origin;
    if (
      !url ||
      !origin ||
      origin === 'null' ||
      url.pathname !== '/' ||
      url.search ||
      url.hash ||
      url.username ||
      url.password ||
      /[?#]/.test(entry)
    ) {
      throw new TypeError(
        `createAuthorizedFetch(): allowedOrigins takes origins like "https://api.example.com" (scheme, host, port; no path, query or credentials), got ${JSON.stringify(entry)}.`,
      );
    }
    return origin;
  });
}

/**
 * A `fetch` that adds `Authorization: Bearer <access token>` for allowed origins only, so the
 * token never leaks to a third-party API or a CDN. On a 401 it refreshes once and replays the
 * request, when the request can be replayed (a streamed body cannot). Requests to other origins
 * go out untouched. Uses the session's `fetch` option, looked up at call time.
 *
 * A request that carries the bearer never follows a redirect: it is sent with
 * `redirect: 'manual'` (or `'error'` if you asked for that), so the token cannot ride a redirect
 * to another origin whatever the engine does with `Authorization` there. The redirect answer is
 * returned as it came (in a browser an `opaqueredirect` response, status 0); an API that takes
 * bearer tokens answers rather than redirects.
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

    const original = input instanceof Request ? input : undefined;
    // The app's own Authorization: not ours to guard, so the request goes out as asked.
    if (new Headers(init?.headers ?? original?.headers).has('authorization')) {
      return fetchImpl(input, init);
    }
    const asked = init?.redirect ?? original?.redirect;
    const request = new Request(original ?? url.href, {
      ...init,
      redirect: asked === 'error' ? 'error' : 'manual',
    });
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
