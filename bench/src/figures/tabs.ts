/**
 * Figure "fan-in, tabs": T = 2, 4, 8 pages of one origin in Chromium, tokens expiring; refresh
 * requests per expiry.
 *
 * sessionkit reuses test/'s real-browser harness (the app built from the packages' dist with the
 * fake pool in an MSW service worker; pools shared through IndexedDB). Tokens live 12 s; below
 * twice the leeway the session refreshes at half-life, so every tab has a refresh due 6 s after
 * sign-in and 6 s after each refresh: the 14 s window spans two expiries.
 *
 * Peers: each peer's adapter (peers/*.ts, unchanged; auth0 in localStorage, see
 * browser/auth0LocalStorage.ts) is bundled into a page served on https://app.example by a
 * context-level Playwright route (browser/peerPage.ts). T pages of one fresh context each load
 * it and run the adapter's `setup()` with the same tokens, valid for 1 h, in the peer's own
 * storage (localStorage is shared by the tabs; sessionStorage, oidc-client-ts's and MSAL's, is
 * per tab, so each tab holds its own copy of the same session). Playwright's context clock then
 * jumps every page 2 h ahead at once (past every peer's early-renewal margin) and every tab calls
 * the adapter's `getToken()` at the same moment (the peer's own renew path: `signinSilent`,
 * `getTokenSilently`, `fetchAuthSession`, `tokenManager.renew`, `getSession`,
 * `acquireTokenSilent`); timers the jump makes due (a peer's automatic renew) fire too. The route
 * counts every request of every page to the peer's endpoints (answered with the adapter's
 * `refreshResponse()`, tokens valid 1 h past the jump) until the calls settle plus 0.5 s.
 * Two expiries; the value is requests per expiry.
 *
 * sessionkit is measured by the peers' method too, through the same pages, route and clock code
 * (its page wraps peers/sessionkit.ts: `createSession` with `crossTab()` on the default IndexedDB storage, seeded
 * with the fixture's really signed `sessionkitTokens`; `getToken()` is `getAccessToken()`). Its
 * refresh is Cognito's `GetTokensFromRefreshToken` (a POST to the regional endpoint with
 * `X-Amz-Target`, preflighted), answered with tokens `mintTokens` issues at the pages' clock time
 * after the jump (peers/sessionkitRefresh.ts). Its rows keep the harness's value; the peers'
 * method's counts per expiry go into their notes.
 */
import type { Page } from 'playwright-core';
import { isRefreshRequest, openTabGroup } from '../../../test/src/browser.ts';
import { serveBrowserApp } from '../../../test/src/browserApp.ts';
import { launchChromium } from '../../../test/src/chromium.ts';
import { createFixture } from '../adapters.ts';
import {
  buildPeerScript,
  callPage,
  describeRequests,
  loadPeerPage,
  type OutsideRequest,
  PEER_STORAGE,
  routePeerApp,
  shiftFixture,
} from '../browser/peerPage.ts';
import {
  SESSIONKIT_REFRESH_ENDPOINT,
  SESSIONKIT_REFRESH_TARGET,
  sessionkitRefreshResponse,
} from '../peers/sessionkitRefresh.ts';
import { emitRows, PEERS, type Peer, type ResultRow } from '../results.ts';

const TS = [2, 4, 8];
const TOKEN_LIFETIME_SECONDS = 12;
const WINDOW_MS = 14_000;
/** Refresh requests more than this apart belong to different expiries. */
const EXPIRY_GAP_MS = 2_000;
/** A tab group that does not finish in this time is reported, not waited for. */
const GROUP_TIMEOUT_MS = 90_000;
/** BENCH_SDKS=sessionkit,aws-amplify runs only those (development). */
const only = process.env.BENCH_SDKS?.split(',');
const rows: ResultRow[] = [];
/** sessionkit's rows by T (the harness's value; the peers' method goes into their notes). */
const sessionkitRows = new Map<number, ResultRow>();

function withTimeout<T>(promise: Promise<T>, what: string, ms = GROUP_TIMEOUT_MS): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms).unref(),
    ),
  ]);
}

const browser = await launchChromium();
if (!only || only.includes('sessionkit')) {
  const app = await serveBrowserApp();
  try {
    for (const t of TS) {
      const row: ResultRow = {
        figure: 'tabs_requests',
        sdk: 'sessionkit',
        variant: `T=${t}`,
        value: null,
        unit: 'requests_per_expiry',
      };
      rows.push(row);
      sessionkitRows.set(t, row);
      const group = await openTabGroup(browser, app.url);
      const started = Date.now();
      try {
        await withTimeout(measure(), `T=${t}`);
      } catch (error) {
        row.note = `run failed: ${(error as Error).message.split('\n')[0]?.slice(0, 160)}`;
      } finally {
        await withTimeout(group.close(), 'closing the tabs').catch(() => undefined);
      }
      async function measure(): Promise<void> {
        await group.openTabs(t);
        await group.callAll('start', { tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS });
        await group.tabs[0]!.call('signIn');
        await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
        const times = (await group.collectPoolRequests())
          .filter(isRefreshRequest)
          .map((request) => request.time)
          .sort((a, b) => a - b);
        const expiries = times.filter(
          (time, index) => index === 0 || time - times[index - 1]! > EXPIRY_GAP_MS,
        );
        row.value =
          expiries.length === 0 ? null : Number((times.length / expiries.length).toFixed(2));
        row.note = `${times.length} refresh requests over ${expiries.length} expiries in ${WINDOW_MS / 1000} s`;
        const errors = group.tabs.flatMap((tab) => tab.errors);
        if (errors.length > 0) row.note += `; page errors: ${errors[0]!.slice(0, 100)}`;
        row.note += ` (${((Date.now() - started) / 1000).toFixed(0)} s)`;
      }
    }
  } finally {
    await app.close();
  }
}
// ---- peers ----------------------------------------------------------------------------------
// Each T runs in a fresh context (fresh storage) with Playwright's clock installed: time flows
// normally, and `fastForward` moves every page of the context past the tokens' expiry at once.
const EXPIRIES = 2;
/** Past every peer's early-expiry margin (MSAL renews 5 min early, supabase 90 s, auth0 60 s). */
const JUMP_MS = 2 * 3600_000;
/** Late requests (a background renew after the calls settled) still count for their expiry. */
const SETTLE_MS = 500;
const CALL_TIMEOUT_MS = 30_000;
/** What the adapter's `getToken()` calls (peers/*.ts; auth0: browser/auth0LocalStorage.ts). */
const GET_TOKEN: Record<Peer, string> = {
  'oidc-client-ts': 'getToken() (getUser(), signinSilent() when expired)',
  '@auth0/auth0-spa-js': 'getToken() (getTokenSilently())',
  'aws-amplify': 'getToken() (fetchAuthSession())',
  '@okta/okta-auth-js': "getToken() (tokenManager.get(), renew('accessToken') when expired)",
  '@supabase/auth-js': 'getToken() (getSession())',
  '@azure/msal-browser': 'getToken() (acquireTokenSilent())',
};

/** What the peers' method measured for one SDK and one T. */
interface SameMethodResult {
  perExpiry: number[];
  requests: OutsideRequest[];
  problems: string[];
  seconds: number;
}

/**
 * The peers' method for one SDK and one T (see the header): fresh context with the clock
 * installed, T pages seeded, then per expiry a 2 h jump and `getToken()` in every tab at once.
 * sessionkit goes through the same pages, route and clock; only its seed (really signed tokens,
 * the fixture's `sessionkitTokens`) and its refresh answer (Cognito's, peers/sessionkitRefresh.ts)
 * are its own.
 */
async function measureSameMethod(
  sdk: Peer | 'sessionkit',
  script: string,
  t: number,
): Promise<SameMethodResult> {
  const context = await browser.newContext();
  const started = Date.now();
  try {
    await context.clock.install();
    const routing = await routePeerApp(context, script);
    const pages: Page[] = [];
    for (let index = 0; index < t; index++) {
      const page = await context.newPage();
      await loadPeerPage(page);
      pages.push(page);
    }
    // The stored session every tab holds: valid for 1 h. Seeded in each tab, as each adapter
    // does; for localStorage (and sessionkit's IndexedDB) that rewrites the same shared entries.
    const fixture = await createFixture(3600);
    const seededToken = fixture.sessionkitTokens.accessToken;
    for (const page of pages) {
      const seeded = await callPage(page, 'seed', fixture);
      if (seeded.error) throw new Error(`seeding failed: ${seeded.error}`);
      if (sdk === 'sessionkit' && seeded.token !== seededToken) {
        throw new Error('seeding returned another token');
      }
    }
    if (routing.requests.length > 0) {
      throw new Error(`requests while seeding: ${describeRequests(routing.requests)}`);
    }
    const perExpiry: number[] = [];
    const allRequests: OutsideRequest[] = [];
    const problems: string[] = [];
    for (let expiry = 1; expiry <= EXPIRIES; expiry++) {
      // Fresh tokens issued at the pages' time after the jump (`expiry` jumps ahead of Node's),
      // valid 1 h, so the next jump expires them again.
      let freshToken: string;
      if (sdk === 'sessionkit') {
        const pageNow = await pages[0]!.evaluate(() => Date.now());
        const fresh = await sessionkitRefreshResponse(fixture.sessionkitTokens, pageNow + JUMP_MS);
        routing.refreshBody = fresh.body;
        freshToken = fresh.accessToken;
      } else {
        const fresh = shiftFixture(await createFixture(3600), (expiry * JUMP_MS) / 1000);
        routing.refreshBody = await callPage(pages[0]!, 'refreshResponse', fresh);
        freshToken = fresh.accessToken;
      }
      const before = routing.requests.length;
      await context.clock.fastForward(JUMP_MS);
      const results = await withTimeout(
        Promise.all(pages.map((page) => callPage(page, 'getToken'))),
        `expiry ${expiry}'s getToken() calls`,
        CALL_TIMEOUT_MS,
      );
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      const requests = routing.requests.slice(before);
      perExpiry.push(requests.length);
      const failed = results.filter((result) => result.error);
      const stale = results.filter((result) => result.token && result.token !== freshToken);
      if (failed.length > 0)
        problems.push(`expiry ${expiry}: ${failed.length}/${t} calls failed: ${failed[0]!.error}`);
      if (stale.length > 0)
        problems.push(
          `expiry ${expiry}: ${stale.length}/${t} tabs got a token other than the refreshed one`,
        );
      allRequests.push(...requests);
    }
    return {
      perExpiry,
      requests: allRequests,
      problems: [...new Set(problems)],
      seconds: (Date.now() - started) / 1000,
    };
  } finally {
    await withTimeout(context.close(), 'closing the context', CALL_TIMEOUT_MS).catch(
      () => undefined,
    );
  }
}

async function measurePeer(peer: Peer, script: string, t: number, row: ResultRow): Promise<void> {
  const result = await measureSameMethod(peer, script, t);
  const total = result.perExpiry.reduce((sum, count) => sum + count, 0);
  row.value = Number((total / EXPIRIES).toFixed(2));
  row.note =
    `clock jumped past expiry in all tabs, then each tab called ${GET_TOKEN[peer]} at once: ` +
    `${result.perExpiry.join(' + ')} requests over ${EXPIRIES} expiries (${describeRequests(result.requests) || 'none'}); ` +
    `session in ${PEER_STORAGE[peer]}${PEER_STORAGE[peer].startsWith('sessionStorage') ? ', per tab: each tab seeded with the same session' : ', shared by the tabs'}`;
  if (result.problems.length > 0) row.note += `; ${result.problems.join('; ').slice(0, 240)}`;
  row.note += ` (${result.seconds.toFixed(0)} s)`;
}

/**
 * sessionkit by the peers' method, appended to its rows' notes (their value stays the harness's):
 * peers/sessionkit.ts's `setup()` (createSession, default IndexedDB storage, setTokens) in every
 * tab, `getToken()` = `getAccessToken()`.
 */
async function measureSessionkitSameMethod(): Promise<void> {
  let script: string;
  try {
    script = await buildPeerScript('sessionkit');
  } catch (error) {
    for (const row of sessionkitRows.values()) {
      row.note = `${row.note ?? ''}; peers' method: page could not be bundled: ${(error as Error).message.split('\n')[0]!.slice(0, 160)}`;
    }
    return;
  }
  for (const t of TS) {
    const row = sessionkitRows.get(t)!;
    let text: string;
    try {
      const result = await withTimeout(
        measureSameMethod('sessionkit', script, t),
        `T=${t}`,
        GROUP_TIMEOUT_MS,
      );
      const refreshes = result.requests.filter(
        (request) =>
          request.method === 'POST' &&
          request.url === SESSIONKIT_REFRESH_ENDPOINT &&
          request.amzTarget === SESSIONKIT_REFRESH_TARGET,
      );
      const other = result.requests.length - refreshes.length;
      text =
        "peers' method (clock jump, every tab calls getAccessToken at once): " +
        `${result.perExpiry.join(', ')} requests over ${EXPIRIES} expiries` +
        ` (${refreshes.length}× GetTokensFromRefreshToken${other > 0 ? `; ${other} other: ${describeRequests(result.requests)}` : ''})`;
      if (result.problems.length > 0) text += `; ${result.problems.join('; ').slice(0, 240)}`;
      text += ` (${result.seconds.toFixed(0)} s)`;
    } catch (error) {
      text = `peers' method failed: ${(error as Error).message.split('\n')[0]?.slice(0, 200)}`;
    }
    row.note = row.note ? `${row.note}; ${text}` : text;
  }
}

try {
  if (!only || only.includes('sessionkit')) await measureSessionkitSameMethod();
  for (const peer of PEERS.filter((name) => !only || only.includes(name))) {
    let script: string | undefined;
    let buildError = '';
    try {
      script = await buildPeerScript(peer);
    } catch (error) {
      buildError = (error as Error).message.split('\n')[0]!.slice(0, 160);
    }
    for (const t of TS) {
      const row: ResultRow = {
        figure: 'tabs_requests',
        sdk: peer,
        variant: `T=${t}`,
        value: null,
        unit: 'requests_per_expiry',
      };
      rows.push(row);
      if (!script) {
        row.note = `page could not be bundled: ${buildError}`;
        continue;
      }
      try {
        await withTimeout(measurePeer(peer, script, t, row), `T=${t}`, GROUP_TIMEOUT_MS);
      } catch (error) {
        row.value = null;
        row.note = `run failed: ${(error as Error).message.split('\n')[0]?.slice(0, 200)}`;
      }
    }
  }
} finally {
  await browser.close();
}
emitRows(rows);
process.exit(0);
