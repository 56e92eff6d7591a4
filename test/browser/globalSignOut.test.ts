/**
 * `globalSignOut(session)` in real Chromium with two tabs of one origin (docs/profile.md, "Signing
 * out on every device"): Cognito's `GlobalSignOut` from tab A, then the session ends in A
 * (`user`) and, through `crossTab()`, in B (`otherTab`); the testing kit's pool, shared by the tabs
 * through IndexedDB, refuses the refresh token they held from then on.
 */
import { describe, expect, it } from 'vitest';
import type { StateSummary } from '../browser-app/api.js';
import { useBrowser } from '../src/useBrowser.js';
import { waitUntil } from '../src/waitUntil.js';

const suite = useBrowser();

describe('globalSignOut across two tabs', () => {
  it('signs both tabs out, sends no revocation, and the pool refuses the old refresh token', async () => {
    const group = await suite.openTabGroup();
    const [a, b] = await group.openTabs(2);
    if (!a || !b) throw new Error('two tabs expected');
    await group.callAll('start');
    const signedIn = await a.call('signIn');
    const oldRefreshToken = signedIn.refreshToken;
    if (!oldRefreshToken) throw new Error('the sign-in gave no refresh token');
    await waitUntil(
      () => b.call('state'),
      (state: StateSummary) =>
        state.status === 'signedIn' && state.refreshToken === oldRefreshToken,
      { description: 'tab B signed in with the same tokens', timeoutMs: 10_000 },
    );
    // The token works before: a refusal afterwards is the global sign-out's doing.
    const before = await b.call('rawRefresh', oldRefreshToken);
    expect(before.status).toBe(200);

    const outcome = await a.call('globalSignOut');
    expect(outcome).toMatchObject({ ok: true, state: { status: 'signedOut', reason: 'user' } });
    await waitUntil(
      () => b.call('state'),
      (state: StateSummary) => state.status === 'signedOut',
      { description: 'tab B signed out', timeoutMs: 10_000 },
    );
    expect(await b.call('state')).toMatchObject({
      status: 'signedOut',
      reason: 'otherTab',
      accessToken: null,
      refreshToken: null,
    });
    expect(await a.call('storedRecord')).toBeNull();

    // Whichever tab's handlers answer, the pool refuses the refresh token the tabs held.
    for (const tab of [a, b]) {
      const after = await tab.call('rawRefresh', oldRefreshToken);
      expect(after, `tab ${tab.name}`).toMatchObject({
        status: 400,
        errorType: 'NotAuthorizedException',
      });
    }

    // One GlobalSignOut, from A; the refresh token was already dead, so nothing revoked it.
    const operations = (await group.collectPoolRequests()).map((request) => request.operation);
    expect(operations.filter((operation) => operation === 'GlobalSignOut')).toHaveLength(1);
    expect(operations.filter((operation) => /revoke/i.test(operation))).toEqual([]);
    for (const tab of [a, b]) expect(tab.errors, `tab ${tab.name}`).toEqual([]);
  });
});
