/**
 * Cross-tab behaviour of the built session in real Chromium (docs/several-tabs.md): tabs of one origin share IndexedDB, a BroadcastChannel and a Web Lock, and each tab runs
 * the fake pool in its own page, so `group.collectPoolRequests()` is the origin's total.
 *
 * Tokens live 10 s: a refresh every 5 s (half-life; the core also keeps automatic refreshes at
 * least 5 s apart), the shortest period that still separates one expiry from the next.
 */
import { describe, expect, it } from 'vitest';
import type { StartOptions, StateSummary } from '../browser-app/api.js';
import { isRefreshRequest, type Tab, type TabGroup, type TabPoolRequest } from '../src/browser.js';
import { useBrowser } from '../src/useBrowser.js';
import { waitUntil } from '../src/waitUntil.js';

const suite = useBrowser();

const TOKEN_LIFETIME_SECONDS = 10;
/** Tokens of {@link TOKEN_LIFETIME_SECONDS} are refreshed at half-life. */
const REFRESH_PERIOD_MS = (TOKEN_LIFETIME_SECONDS * 1000) / 2;
/** How many consecutive expiries each test follows. */
const EXPIRIES = 5;
/**
 * Refresh requests less than this apart belong to one expiry: a duplicate comes within a round
 * trip of the first request (a 0-3 s stagger without Web Locks), the next expiry a refresh
 * period later.
 */
const SAME_EXPIRY_GAP_MS = 2_500;

/** The last characters of a token: enough to tell tokens apart in a failure message. */
function tail(token: string | null): string | null {
  return token === null ? null : `…${token.slice(-8)}`;
}

/** A tab's state, short enough for a timeout message. */
function brief(tab: Tab, state: StateSummary) {
  return {
    tab: tab.name,
    status: state.status,
    reason: state.reason,
    refreshing: state.refreshing,
    access: tail(state.accessToken),
    refresh: tail(state.refreshToken),
    error: state.error?.code ?? null,
  };
}

/** Reads every given tab's state; fails at once (instead of timing out) if one signed out. */
async function readStates(tabs: readonly Tab[]): Promise<StateSummary[]> {
  const states = await Promise.all(tabs.map((tab) => tab.call('state')));
  const signedOut = states.findIndex((state) => state.status === 'signedOut');
  if (signedOut >= 0) {
    throw new Error(
      `Tab ${tabs[signedOut]?.name} signed out: ${JSON.stringify(states.map((state, index) => brief(tabs[index]!, state)))}`,
    );
  }
  return states;
}

/** Every state signed in, settled, and holding the same tokens; `previous` no longer. */
function holdSameNewTokens(states: readonly StateSummary[], previous: StateSummary): boolean {
  const [first] = states;
  return (
    first !== undefined &&
    first.accessToken !== previous.accessToken &&
    states.every(
      (state) =>
        state.status === 'signedIn' &&
        !state.refreshing &&
        state.error === null &&
        state.accessToken === first.accessToken &&
        state.idToken === first.idToken &&
        state.refreshToken === first.refreshToken,
    )
  );
}

/** The refresh requests of the whole origin, oldest first. */
async function refreshRequests(group: TabGroup): Promise<TabPoolRequest[]> {
  const requests = await group.collectPoolRequests();
  return requests.filter(isRefreshRequest).sort((a, b) => a.time - b.time);
}

/** Groups refresh requests (oldest first) into expiries: how many requests each expiry caused. */
function requestsPerExpiry(requests: readonly TabPoolRequest[]): number[] {
  const counts: number[] = [];
  let previousTime = Number.NEGATIVE_INFINITY;
  for (const request of requests) {
    if (request.time - previousTime >= SAME_EXPIRY_GAP_MS) counts.push(0);
    counts[counts.length - 1]! += 1;
    previousTime = request.time;
  }
  return counts;
}

/** Starts the session in every tab with short-lived tokens, signs in in the first, waits for all. */
async function signInEverywhere(
  group: TabGroup,
  options: StartOptions = {},
): Promise<StateSummary> {
  const tabs = group.liveTabs();
  await group.callAll('start', { tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS, ...options });
  const signedIn = await tabs[0]!.call('signIn');
  expect(signedIn.status).toBe('signedIn');
  await group.waitUntilAll(
    async (tab) => brief(tab, await tab.call('state')),
    (state) => state.access === tail(signedIn.accessToken),
    { description: 'every tab holds the tokens of the sign-in', timeoutMs: 5_000, tabs },
  );
  return signedIn;
}

/**
 * Follows `count` expiries: waits each time until every tab holds the same new tokens (and, with
 * `settleMs`, until the expiry's last refresh request is that old, so no duplicate is still on
 * its way). Returns the tokens the tabs held, the sign-in's first.
 */
async function followExpiries(
  group: TabGroup,
  initial: StateSummary,
  options: { count?: number; settleMs?: number; tabs?: readonly Tab[] } = {},
): Promise<StateSummary[]> {
  const tabs = options.tabs ?? group.liveTabs();
  const held = [initial];
  for (let expiry = 1; expiry <= (options.count ?? EXPIRIES); expiry++) {
    const previous = held.at(-1)!;
    let states: StateSummary[] = [];
    await waitUntil(
      async () => {
        states = await readStates(tabs);
        const requests = await refreshRequests(group);
        return {
          tabs: states.map((state, index) => brief(tabs[index]!, state)),
          previous: tail(previous.accessToken),
          requestsPerExpiry: requestsPerExpiry(requests),
          lastRequestAgoMs: Date.now() - (requests.at(-1)?.time ?? Number.NaN),
        };
      },
      ({ requestsPerExpiry: perExpiry, lastRequestAgoMs }) =>
        holdSameNewTokens(states, previous) &&
        (options.settleMs === undefined ||
          (perExpiry.length >= expiry && lastRequestAgoMs >= options.settleMs)),
      {
        description: `every tab of ${tabs.length} holds the same new tokens after expiry ${expiry}`,
        timeoutMs: REFRESH_PERIOD_MS + 10_000,
        intervalMs: 150,
      },
    );
    held.push(states[0]!);
  }
  return held;
}

/** Every tab's recorded events of one type. */
async function eventsOf(tabs: readonly Tab[], type: string) {
  const perTab = await Promise.all(
    tabs.map(async (tab) =>
      (await tab.call('events'))
        .filter((event) => event.type === type)
        .map((event) => ({ tab: tab.name, ...event })),
    ),
  );
  return perTab.flat();
}

describe('cross-tab in Chromium, with Web Locks', () => {
  it('causes one refresh request per expiry with 2, 4 and 8 tabs, and every tab holds the new tokens', async () => {
    // Three groups (browser contexts, so three separate profiles) side by side: the three tab
    // counts run at the same time instead of one after another.
    const groups = await Promise.all([2, 4, 8].map(() => suite.openTabGroup()));
    for (const [index, group] of groups.entries()) await group.openTabs([2, 4, 8][index]!);

    await Promise.all(
      groups.map(async (group) => {
        const tabs = group.liveTabs();
        const signedIn = await signInEverywhere(group);
        const held = await followExpiries(group, signedIn);

        const requests = await refreshRequests(group);
        expect(requestsPerExpiry(requests), `${tabs.length} tabs`).toEqual(Array(EXPIRIES).fill(1));
        const last = held.at(-1)!;
        expect(await tabs[0]!.call('storedRecord')).toMatchObject({
          accessToken: last.accessToken,
          idToken: last.idToken,
          refreshToken: last.refreshToken,
        });
        // One tab refreshed each time; the others adopted its tokens from storage.
        expect(await eventsOf(tabs, 'refreshed')).toHaveLength(EXPIRIES);
        expect(await eventsOf(tabs, 'signedOut')).toEqual([]);
        expect(await eventsOf(tabs, 'refreshFailed')).toEqual([]);
        for (const tab of tabs) expect(tab.errors, `tab ${tab.name}`).toEqual([]);
      }),
    );
  });

  it('with refresh-token rotation, 4 tabs never sign out and never send a rotated-out refresh token', async () => {
    const group = await suite.openTabGroup();
    const tabs = await group.openTabs(4);
    const signedIn = await signInEverywhere(group, {
      refreshTokenRotation: true,
      retryGracePeriodSeconds: 0,
    });

    const held = await followExpiries(group, signedIn);

    const requests = await refreshRequests(group);
    expect(requestsPerExpiry(requests)).toEqual(Array(EXPIRIES).fill(1));
    // Each refresh sent the refresh token the previous one returned (the sign-in's first)…
    expect(requests.map((request) => tail(request.refreshToken))).toEqual(
      held.slice(0, -1).map((state) => tail(state.refreshToken)),
    );
    // …and every refresh rotated it.
    expect(new Set(held.map((state) => state.refreshToken)).size).toBe(EXPIRIES + 1);
    expect(await eventsOf(tabs, 'signedOut')).toEqual([]);
    // No RefreshTokenReuseException (nor any other refusal) reached a tab.
    expect(await eventsOf(tabs, 'refreshFailed')).toEqual([]);
    expect(await tabs[0]!.call('storedRecord')).toMatchObject({
      refreshToken: held.at(-1)!.refreshToken,
    });
    for (const tab of tabs) expect(tab.errors, `tab ${tab.name}`).toEqual([]);
  });

  it('signOut in one tab signs every tab out once (otherTab), and a refresh in flight elsewhere revives nothing', async () => {
    const group = await suite.openTabGroup();
    const [a, b, c] = await group.openTabs(3);
    if (!a || !b || !c) throw new Error('three tabs expected');
    // Hour-long tokens: the only refresh is the one B starts.
    await group.callAll('start');
    const signedIn = await a.call('signIn');
    await group.waitUntilAll(
      (tab) => tab.call('state'),
      (state) => state.accessToken === signedIn.accessToken,
      { description: 'every tab holds the tokens of the sign-in', timeoutMs: 5_000 },
    );
    await b.call('setLatency', 3_000);

    // Not awaited: the page call returns when B's refresh has settled.
    const bRefresh = b.call('refresh');
    await waitUntil(
      async () => (await b.call('poolRequests')).filter(isRefreshRequest).length,
      (count) => count === 1,
      { description: "B's refresh request reached the pool", timeoutMs: 5_000, intervalMs: 50 },
    );
    expect(await b.call('state')).toMatchObject({ status: 'signedIn', refreshing: true });

    const signedOut = await a.call('signOut', { revoke: false });
    expect(signedOut).toMatchObject({ status: 'signedOut', reason: 'user' });

    const refreshed = await bRefresh;
    expect(refreshed).toMatchObject({
      ok: false,
      error: { code: 'signed_out' },
      state: { status: 'signedOut' },
    });
    const states = await group.waitUntilAll(
      (tab) => tab.call('state'),
      (state) => state.status === 'signedOut',
      { description: 'every tab is signed out', timeoutMs: 5_000 },
    );
    expect(states.map((state) => state.reason)).toEqual(['user', 'otherTab', 'otherTab']);
    // The answer to B's refresh came after the sign-out: nothing may have stored or adopted it.
    for (const tab of [a, b, c]) {
      expect(await tab.call('storedRecord'), `storage seen from tab ${tab.name}`).toBeNull();
      expect(
        (await tab.call('events')).filter((event) => event.type === 'signedOut'),
        `tab ${tab.name}`,
      ).toEqual([
        expect.objectContaining({ payload: { reason: tab === a ? 'user' : 'otherTab' } }),
      ]);
      expect(
        (await tab.call('events')).filter(
          (event) => event.type === 'refreshed' || event.type === 'tokensChanged',
        ),
      ).toEqual(
        tab === a
          ? [expect.objectContaining({ payload: { source: 'setTokens' } })]
          : [expect.objectContaining({ payload: { source: 'otherTab' } })],
      );
    }
    expect((await group.collectPoolRequests()).filter(isRefreshRequest)).toHaveLength(1);

    // A tab opened now finds no session.
    const d = await group.openTab();
    expect(await d.call('start')).toMatchObject({ status: 'signedOut', reason: null });
    expect(await d.call('storedRecord')).toBeNull();
    for (const tab of [a, b, c, d]) expect(tab.errors, `tab ${tab.name}`).toEqual([]);
  });

  it("persist 'no-refresh-token': a sign-out in the tab without the refresh token revokes it once, from the tab that holds it", async () => {
    const group = await suite.openTabGroup();
    const [a, b] = await group.openTabs(2);
    if (!a || !b) throw new Error('two tabs expected');
    await group.callAll('start', { sessionOptions: { persist: 'no-refresh-token' } });
    const signedIn = await a.call('signIn');
    await waitUntil(
      () => b.call('state'),
      (state) => state.accessToken === signedIn.accessToken,
      { description: 'B adopted the sign-in', timeoutMs: 5_000 },
    );
    expect((await b.call('state')).refreshToken).toBeNull();
    expect(signedIn.refreshToken).toEqual(expect.any(String));

    await b.call('signOut');
    await group.waitUntilAll(
      (tab) => tab.call('state'),
      (state) => state.status === 'signedOut',
      { description: 'both tabs signed out', timeoutMs: 5_000 },
    );
    const revocations = await waitUntil(
      async () =>
        (await group.collectPoolRequests()).filter(
          (request) => request.operation === 'RevokeToken',
        ),
      (requests) => requests.length > 0,
      { description: 'the revocation reached the pool', timeoutMs: 5_000, intervalMs: 50 },
    );
    // Settle: a second revocation (from B, or from A twice) would come within a round trip.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const all = (await group.collectPoolRequests()).filter(
      (request) => request.operation === 'RevokeToken',
    );
    expect(all).toHaveLength(1);
    expect(revocations).toHaveLength(1);
    // From A, the tab holding the refresh token (each page's pool sees its own page's requests).
    expect(
      (await a.call('poolRequests')).filter((request) => request.operation === 'RevokeToken'),
    ).toHaveLength(1);
    for (const tab of [a, b]) expect(tab.errors, `tab ${tab.name}`).toEqual([]);
  });

  it("persist 'none': a signed-out tab does not adopt another tab's sign-in", async () => {
    const group = await suite.openTabGroup();
    const [kiosk, other] = await group.openTabs(2);
    if (!kiosk || !other) throw new Error('two tabs expected');
    await kiosk.call('start', { sessionOptions: { persist: 'none' } });
    await other.call('start', {});
    const signedIn = await other.call('signIn');
    expect(signedIn.status).toBe('signedIn');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await kiosk.call('state')).toMatchObject({ status: 'signedOut', reason: null });
    expect(await kiosk.call('events')).toEqual([]);
    for (const tab of [kiosk, other]) expect(tab.errors, `tab ${tab.name}`).toEqual([]);
  });

  it('starts a tab opened while signed in signedIn from IndexedDB, with no request to the pool', async () => {
    // The same as the smoke test in sessionInChromium.test.ts, here with two tabs already open.
    const group = await suite.openTabGroup();
    const [a, b] = await group.openTabs(2);
    if (!a || !b) throw new Error('two tabs expected');
    const signedIn = await signInEverywhere(group, {});

    const c = await group.openTab();
    const initial = await c.call('start', { tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS });

    expect(initial).toMatchObject({
      status: 'signedIn',
      username: 'alice',
      accessToken: signedIn.accessToken,
      idToken: signedIn.idToken,
      refreshToken: signedIn.refreshToken,
    });
    expect(await c.call('poolRequests')).toEqual([]);
    expect((await group.collectPoolRequests()).filter(isRefreshRequest)).toEqual([]);
    expect((await c.call('events')).map((event) => event.type)).toEqual(['signedIn']);
    for (const tab of [a, b, c]) expect(tab.errors, `tab ${tab.name}`).toEqual([]);
  });

  it('refreshes in a frozen tab as soon as it is visible again, with one request per expiry in total', async () => {
    const group = await suite.openTabbedGroup();
    const [a, b] = await group.openTabs(2);
    if (!a || !b) throw new Error('two tabs expected');
    const signedIn = await signInEverywhere(group, { refreshTokenRotation: true });
    await b.bringToFront();

    // A, in the background, is frozen: B refreshes twice while A's timers wait. (Chromium still
    // delivers B's BroadcastChannel news to frozen A; an IndexedDB read A started on it would
    // stay open until A resumes and block B's next refresh: the core holds news until resume.)
    await a.setLifecycleState('frozen');
    const heldByB = await followExpiries(group, signedIn, { count: 2 });
    // Then B's session goes away (as if B were closed): only A is left to refresh.
    const last = heldByB.at(-1)!;
    await b.call('dispose');
    const dueAt = last.expiresAt! - REFRESH_PERIOD_MS;
    await waitUntil(
      async () => (await refreshRequests(group)).length,
      (count) => count === 2 && Date.now() > dueAt + 1_000,
      {
        description: "B's last tokens pass their refresh time with no refresh (A frozen)",
        timeoutMs: REFRESH_PERIOD_MS + 5_000,
        intervalMs: 200,
      },
    );

    await a.setLifecycleState('active');
    await a.bringToFront();
    const resumedAt = Date.now();
    let refreshedByA = last;
    await waitUntil(
      async () => {
        [refreshedByA] = (await readStates([a])) as [StateSummary];
        return brief(a, refreshedByA);
      },
      () =>
        refreshedByA.status === 'signedIn' &&
        !refreshedByA.refreshing &&
        refreshedByA.accessToken !== last.accessToken &&
        refreshedByA.accessToken !== signedIn.accessToken,
      { description: 'A refreshed after it was resumed', timeoutMs: 5_000, intervalMs: 50 },
    );
    const promptness = Date.now() - resumedAt;

    const requests = await refreshRequests(group);
    expect(requests.map((request) => request.tab)).toEqual(['B', 'B', 'A']);
    expect(requestsPerExpiry(requests)).toEqual([1, 1, 1]);
    // A used the refresh token B's last refresh stored, not the one it held when frozen.
    expect(requests[2]?.refreshToken).toBe(last.refreshToken);
    expect(promptness).toBeLessThan(3_000);
    // A goes on refreshing on its own.
    await followExpiries(group, refreshedByA, { count: 1, tabs: [a] });
    expect(requestsPerExpiry(await refreshRequests(group))).toEqual([1, 1, 1, 1]);
    expect(await eventsOf([a], 'signedOut')).toEqual([]);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});

describe('cross-tab in Chromium, without Web Locks', () => {
  it('4 tabs with rotation never end the session wrongly and end up holding the same tokens', async () => {
    const group = await suite.openTabGroup();
    const tabs = await group.openTabs(4);
    const signedIn = await signInEverywhere(group, {
      removeLocks: true,
      refreshTokenRotation: true,
      retryGracePeriodSeconds: 0,
    });
    expect((await tabs[0]!.call('capabilities')).locks).toBe(false);

    const held = await followExpiries(group, signedIn, { settleMs: 1_500 });

    const perExpiry = requestsPerExpiry(await refreshRequests(group));
    console.info(
      `Without Web Locks, 4 tabs: refresh requests per expiry ${JSON.stringify(perExpiry)}`,
    );
    expect(perExpiry).toHaveLength(EXPIRIES);
    expect(await eventsOf(tabs, 'signedOut')).toEqual([]);
    const states = await readStates(tabs);
    expect(holdSameNewTokens(states, signedIn)).toBe(true);
    expect(states[0]?.accessToken).toBe(held.at(-1)!.accessToken);
    expect(await tabs[0]!.call('storedRecord')).toMatchObject({
      accessToken: held.at(-1)!.accessToken,
      refreshToken: held.at(-1)!.refreshToken,
    });
    for (const tab of tabs) expect(tab.errors, `tab ${tab.name}`).toEqual([]);
  });
});

describe('cross-tab in Chromium, when the browser refuses the lock', () => {
  it('a session whose every lock request Chromium refuses (InvalidStateError) still signs in, refreshes and signs out, clearing storage', async () => {
    const group = await suite.openTabGroup();
    const [tab] = await group.openTabs(1);
    await tab!.call('start', { detachedLocks: true });
    // Chromium's own refusal, not a stand-in: the LockManager of a document that is not active.
    const refusal = await tab!.page.evaluate(() =>
      navigator.locks.request('probe', () => 'granted').catch((error: Error) => error.name),
    );
    expect(refusal).toBe('InvalidStateError');

    const signedIn = await tab!.call('signIn');
    expect(signedIn.status).toBe('signedIn');
    expect(await tab!.call('storedRecord')).toMatchObject({ accessToken: signedIn.accessToken });
    await tab!.call('clearPoolRequests');
    const refreshed = await tab!.call('refresh');
    expect(refreshed).toMatchObject({ ok: true, state: { status: 'signedIn', error: null } });
    expect((await tab!.call('poolRequests')).filter(isRefreshRequest)).toHaveLength(1);
    expect(await tab!.call('storedRecord')).toMatchObject({
      accessToken: refreshed.state.accessToken,
    });
    // The sign-out's removal runs under the lock: refused, it still clears the stored session.
    expect(await tab!.call('signOut')).toMatchObject({ status: 'signedOut', reason: 'user' });
    expect(await tab!.call('storedRecord')).toBeNull();
    const events = await tab!.call('events');
    expect(events.filter((event) => event.type === 'error')).toEqual([]);
    expect(tab!.errors).toEqual([]);
  });
});
