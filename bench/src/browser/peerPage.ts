/**
 * The Chromium harness for the peers (Node side): one page per peer, built by esbuild from its
 * adapter in peers/ (unchanged) plus browser/pageApi.ts, served on https://app.example by a
 * context-level Playwright route that also answers or aborts every other request the page makes
 * (the peers never reach a real endpoint). Token-endpoint requests are logged for the context,
 * which is every page of the origin.
 */
import type { BrowserContext, Page, Request, Route } from 'playwright-core';
import { bundle } from '../bundle.ts';
import { makeJwt, type TokenFixture } from '../peers/fixture.ts';
import type { Peer } from '../results.ts';
import type { BenchPageApi } from './pageApi.ts';

export const APP_ORIGIN = 'https://app.example';

/**
 * The module each page wraps, relative to bench/ (auth0: see auth0LocalStorage.ts). sessionkit's
 * page (peers/sessionkit.ts) lets tabs.ts measure it by the peers' method too.
 */
const PEER_MODULES: Record<Peer | 'sessionkit', string> = {
  sessionkit: './src/peers/sessionkit.ts',
  'oidc-client-ts': './src/peers/oidc-client-ts.ts',
  '@auth0/auth0-spa-js': './src/browser/auth0LocalStorage.ts',
  'aws-amplify': './src/peers/aws-amplify.ts',
  '@okta/okta-auth-js': './src/peers/okta-auth-js.ts',
  '@supabase/auth-js': './src/peers/supabase-auth-js.ts',
  '@azure/msal-browser': './src/peers/msal-browser.ts',
};

/**
 * Adapters whose own code calls `Buffer.from(…).toString('base64url')` (MSAL's client_info,
 * auth0's refresh ID token via fixture.ts), while their SDK bundles never mention `Buffer`.
 * aws-amplify's SDK does test for a global `Buffer`, so it gets none.
 */
const NEEDS_BUFFER_SHIM = new Set<Peer | 'sessionkit'>([
  '@auth0/auth0-spa-js',
  '@azure/msal-browser',
]);

/** Where a peer keeps its session in these pages (for the row notes). */
export const PEER_STORAGE: Record<Peer, string> = {
  'oidc-client-ts': 'sessionStorage (UserManager default)',
  '@auth0/auth0-spa-js': "localStorage (cacheLocation: 'localstorage'; its default is memory)",
  'aws-amplify': 'localStorage (default token store)',
  '@okta/okta-auth-js': 'localStorage (TokenManager default)',
  '@supabase/auth-js': 'localStorage (browser default)',
  '@azure/msal-browser': "sessionStorage (cacheLocation: 'sessionStorage')",
};

/** Counts IndexedDB object-store reads from the first script on, as sessionkit's page does. */
const PAGE_HTML = `<!doctype html><script>
  window.__idbReads = 0;
  for (const name of ['get', 'getAll', 'getKey', 'getAllKeys', 'openCursor', 'count']) {
    const original = IDBObjectStore.prototype[name];
    IDBObjectStore.prototype[name] = function (...args) { window.__idbReads++; return original.apply(this, args); };
  }
</script><script type="module" src="/app.js"></script>`;

/** Bundles the page script of a peer (minified ESM for the browser, as the size figure does). */
export function buildPeerScript(peer: Peer | 'sessionkit'): Promise<string> {
  return bundle({
    contents: `
      import * as peer from ${JSON.stringify(PEER_MODULES[peer])};
      import { installPeerApi } from './src/browser/pageApi.ts';
      installPeerApi(peer, { shimBuffer: ${NEEDS_BUFFER_SHIM.has(peer)} });
    `,
  });
}

/** A request the page made to anything but the app's origin. */
export interface OutsideRequest {
  method: string;
  url: string;
  /** `Date.now()` in Node when the route saw it. */
  time: number;
  /** Answered with the refresh body (a POST while one was set) or aborted. */
  answered: boolean;
  /** Its `X-Amz-Target` header (the Cognito API operation), when it has one. */
  amzTarget?: string;
}

/** The context's routing: the app, and a log of everything else. */
export interface PeerRouting {
  readonly requests: OutsideRequest[];
  /** Body that POSTs to other origins (the token endpoint) get; `null` aborts them. */
  refreshBody: unknown;
}

const corsHeaders = {
  'access-control-allow-origin': APP_ORIGIN,
  'access-control-allow-credentials': 'true',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': '*',
  'access-control-max-age': '600',
};

/**
 * Serves `script` as https://app.example/app.js (and the page for every other app URL) to every
 * page of `context`; logs requests to other origins, answers their POSTs with `refreshBody`
 * (with CORS headers; preflights are answered, not logged) and aborts the rest.
 */
export async function routePeerApp(context: BrowserContext, script: string): Promise<PeerRouting> {
  const routing: PeerRouting = { requests: [], refreshBody: null };
  await context.route('**/*', (route: Route, request: Request) => {
    const url = new URL(request.url());
    if (url.origin === APP_ORIGIN) {
      return url.pathname === '/app.js'
        ? route.fulfill({ contentType: 'text/javascript', body: script })
        : route.fulfill({ contentType: 'text/html', body: PAGE_HTML });
    }
    if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: corsHeaders });
    const answer = request.method() === 'POST' && routing.refreshBody !== null;
    const amzTarget = request.headers()['x-amz-target'];
    routing.requests.push({
      method: request.method(),
      url: url.href,
      time: Date.now(),
      answered: answer,
      ...(amzTarget ? { amzTarget } : {}),
    });
    if (!answer) return route.abort('internetdisconnected');
    return route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: corsHeaders,
      body: JSON.stringify(routing.refreshBody),
    });
  });
  return routing;
}

/** Loads the app in `page` and waits for `window.bench`. */
export async function loadPeerPage(page: Page): Promise<void> {
  await page.goto(`${APP_ORIGIN}/`);
  await page.waitForFunction(() => 'bench' in window, undefined, { timeout: 30_000 });
}

/** Calls `window.bench[name](arg)` in the page. */
export function callPage<Name extends keyof BenchPageApi>(
  page: Page,
  name: Name,
  arg?: Parameters<BenchPageApi[Name]>[0],
): Promise<Awaited<ReturnType<BenchPageApi[Name]>>> {
  return page.evaluate(
    ([method, value]) =>
      (window as unknown as { bench: Record<string, (input: unknown) => unknown> }).bench[method]!(
        value,
      ),
    [name, arg] as const,
  ) as Promise<Awaited<ReturnType<BenchPageApi[Name]>>>;
}

/** Distinct `METHOD origin+path` of some requests, for notes. */
export function describeRequests(requests: readonly OutsideRequest[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const url = new URL(request.url);
    const key = `${request.method} ${url.host}${url.pathname}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => `${count}× ${key}`).join(', ');
}

/**
 * `fixture` as if issued `offsetSeconds` later: `iat`, `nbf` and `exp` of both JWTs and the
 * fixture's times moved, every other claim kept. For pages whose clock Playwright moved ahead: a
 * token endpoint issues tokens at the client's "now" (aws-amplify, for one, derives its clock
 * drift from the new access token's `iat`).
 */
export function shiftFixture<Fixture extends TokenFixture>(
  fixture: Fixture,
  offsetSeconds: number,
): Fixture {
  const shiftJwt = (jwt: string) => {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    for (const name of ['iat', 'nbf', 'exp']) {
      if (typeof claims[name] === 'number') claims[name] = (claims[name] as number) + offsetSeconds;
    }
    return makeJwt(claims);
  };
  return {
    ...fixture,
    idToken: shiftJwt(fixture.idToken),
    accessToken: shiftJwt(fixture.accessToken),
    expiresAtSeconds: fixture.expiresAtSeconds + offsetSeconds,
    issuedAtSeconds: fixture.issuedAtSeconds + offsetSeconds,
  };
}
