/** What {@link createAuthorizedFetch} needs from the session. */
export interface AuthorizedFetchDeps {
  fetch: () => typeof fetch;
  getAccessToken: () => Promise<string>;
  /** Refreshes unless the access token already changed since `rejected`, and returns the current one. */
  renewAccessToken: (rejected: string) => Promise<string>;
  /** Origins allowed to receive the bearer token. */
  allowedOrigins: readonly string[];
}

/** The page's own origin, or undefined outside a browser. */
export function currentOrigin(): string | undefined {
  const location = (globalThis as { location?: { origin?: string } }).location;
  return typeof location?.origin === 'string' && location.origin !== 'null'
    ? location.origin
    : undefined;
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
export function normalizeOrigins(origins: readonly string[]): string[] {
  return origins.map((origin) => new URL(origin).origin);
}

/**
 * `fetch` that adds `Authorization: Bearer <access token>` for allowed origins only, so the token
 * never leaks to a third-party API or a CDN. On a 401 it refreshes once and replays the request,
 * when the request can be replayed (a streamed body cannot). Requests to other origins go out
 * untouched.
 */
export function createAuthorizedFetch(deps: AuthorizedFetchDeps) {
  return async function authorizedFetch(
    input: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<Response> {
    const fetchImpl = deps.fetch();
    const url = resolveUrl(input);
    if (!url || !deps.allowedOrigins.includes(url.origin)) return fetchImpl(input, init);

    const request =
      input instanceof Request ? new Request(input, init) : new Request(url.href, init);
    if (request.headers.has('authorization')) return fetchImpl(request);
    const replayable = !(init?.body instanceof ReadableStream);
    const replay = replayable ? request.clone() : null;

    const token = await deps.getAccessToken();
    request.headers.set('Authorization', `Bearer ${token}`);
    const response = await fetchImpl(request);
    if (response.status !== 401 || !replay) return response;

    let renewed: string;
    try {
      renewed = await deps.renewAccessToken(token);
    } catch {
      // The refresh failed (its error is on the session state and events); the 401 stands.
      return response;
    }
    replay.headers.set('Authorization', `Bearer ${renewed}`);
    return fetchImpl(replay);
  };
}
