/**
 * `@sessionkit/core/devtools`: development hooks into a session that the public API leaves out on
 * purpose, for `@sessionkit/devtools` (and a developer's console). A separate entry: an app that
 * does not import it ships none of this. Each function takes a session made by `createSession`.
 */

import { internalsOf } from './session/internals.js';
import type { Session } from './session.js';

export type { Session } from './session.js';

/** What a session's offline simulation has left, per session. */
const offline = new WeakMap<Session, { left: number }>();

/**
 * Marks the tokens the session holds as expired in this tab only: the state shows
 * `expired: true` and an `expiresAt` of now, nothing is stored or sent, and the next
 * `getAccessToken()` (or `getIdToken()`, or an authorised fetch) refreshes first. The automatic
 * refresh stays planned for when it was. Returns false when no user is signed in.
 *
 * @example
 * ```ts
 * import { expireLocally } from '@sessionkit/core/devtools';
 *
 * expireLocally(session);
 * await session.getAccessToken(); // refreshes now
 * ```
 */
export function expireLocally(session: Session): boolean {
  const { hub, heldTokens, now } = internalsOf(session);
  const state = hub.get();
  const tokens = heldTokens();
  if (state.status !== 'signedIn' || !tokens) return false;
  const at = now();
  hub.commit({
    type: 'tokensAdopted',
    snapshot: {
      tokens,
      user: state.user,
      accessClaims: state.accessClaims,
      clockSkewMs: state.clockSkewMs,
      receivedAt: at,
      issuedAt: at,
      expiresAt: at,
    },
    refreshAt: state.refreshAt,
    now: at,
  });
  return true;
}

/**
 * Makes the session's next `requests` provider requests (refreshes, revocations, sign-in
 * steps: whatever goes through the session's `fetch` to the provider) fail as a browser does
 * offline, with a `TypeError`, which the session reports as a retryable `network` error. Calls
 * add up; `0` ends the simulation. The app's own requests (an authorised fetch to its API) are
 * not affected.
 *
 * @example
 * ```ts
 * import { simulateOffline } from '@sessionkit/core/devtools';
 *
 * simulateOffline(session, 2); // the next refresh fails twice, then its retry goes through
 * ```
 */
export function simulateOffline(session: Session, requests: number): void {
  const { calls } = internalsOf(session);
  let simulation = offline.get(session);
  if (!simulation) {
    const created = { left: 0 };
    simulation = created;
    offline.set(session, created);
    const realFetch = calls.fetch;
    calls.fetch = () => {
      const fetchNow = realFetch();
      return ((input: RequestInfo | URL, init?: RequestInit) => {
        if (created.left > 0) {
          created.left--;
          return Promise.reject(new TypeError('Failed to fetch (offline, simulated)'));
        }
        return fetchNow(input, init);
      }) as typeof fetch;
    };
  }
  const count = Math.max(0, Math.floor(requests));
  simulation.left = count === 0 ? 0 : simulation.left + count;
}

/** How many provider requests {@link simulateOffline} still makes fail. */
export function offlineRequestsLeft(session: Session): number {
  internalsOf(session);
  return offline.get(session)?.left ?? 0;
}

/** The session's `storageKey`: devtools name their own cross-tab channel after it. */
export function storageKeyOf(session: Session): string {
  return internalsOf(session).storageKey;
}
