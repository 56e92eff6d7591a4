import { describe, expect, it } from 'vitest';
import { isRefreshRequest } from '../src/browser.js';
import { useBrowser } from '../src/useBrowser.js';

const suite = useBrowser();

describe('the built session in Chromium', () => {
  it('runs on real IndexedDB, Web Locks and BroadcastChannel', async () => {
    const group = await suite.openTabGroup();
    const tab = await group.openTab();
    await tab.call('start');

    expect(await tab.call('capabilities')).toEqual({
      secureContext: true,
      indexedDB: true,
      locks: true,
      broadcastChannel: true,
      serviceWorkerControlled: true,
    });
  });

  it("refreshes through the MSW service worker with the page's own fetch", async () => {
    const group = await suite.openTabGroup();
    const tab = await group.openTab();
    // One attempt: a failure shows at once instead of after the backoff.
    await tab.call('start', { sessionOptions: { retry: { maxAttempts: 1 } } });
    const signedIn = await tab.call('signIn');

    const refreshed = await tab.call('refresh');

    expect(refreshed).toMatchObject({ ok: true, state: { status: 'signedIn', error: null } });
    expect(refreshed.state.accessToken).not.toBe(signedIn.accessToken);
    const refreshes = (await tab.call('poolRequests')).filter(isRefreshRequest);
    expect(refreshes.map((request) => request.refreshToken)).toEqual([signedIn.refreshToken]);
    expect((await tab.call('events')).map((event) => event.type)).toContain('refreshed');
    expect(tab.errors).toEqual([]);
  });

  it('falls back to memory after storageTimeoutMs when IndexedDB never answers its open; the late answer loses to a sign-in made since', async () => {
    const group = await suite.openTabGroup();
    const tab = await group.openTab();
    await tab.call('start', { createSession: false });
    await tab.call('blockStorageOpens');

    const initial = await tab.call('startSession', {
      sessionOptions: { storageTimeoutMs: 500, crossTab: false },
    });

    expect(initial).toMatchObject({ status: 'signedOut', reason: null });
    const fallbacks = (await tab.call('events')).filter(
      (event) => event.type === 'storageFallback',
    );
    expect(fallbacks.map((event) => event.payload)).toEqual([
      {
        error: expect.objectContaining({
          code: 'storage',
          message: 'The token storage did not answer within 0.5 s; using memory instead.',
        }),
      },
    ]);
    // The page works on memory; once IndexedDB answers, its late answer loses to the sign-in.
    expect(await tab.call('signIn')).toMatchObject({ status: 'signedIn' });
    await tab.call('unblockStorageOpens');
    expect(await tab.call('refresh')).toMatchObject({ ok: true, state: { status: 'signedIn' } });
    expect(await tab.call('storedRecord')).toBeNull();
    expect(
      (await tab.call('events')).filter((event) => event.type === 'storageFallback'),
    ).toHaveLength(1);
    expect(tab.errors).toEqual([]);
  });

  it('takes the stored session IndexedDB answers with after storageTimeoutMs, when nothing signed in or out since', async () => {
    const group = await suite.openTabGroup();
    const tab = await group.openTab();
    await tab.call('start');
    const signedIn = await tab.call('signIn');
    await tab.reload();
    await tab.call('start', { createSession: false });
    await tab.call('blockStorageOpens');

    const initial = await tab.call('startSession', {
      sessionOptions: { storageTimeoutMs: 500, crossTab: false },
    });

    expect(initial).toMatchObject({ status: 'signedOut', reason: null });
    await tab.call('unblockStorageOpens');
    await expect.poll(() => tab.call('state')).toMatchObject({ status: 'signedIn' });
    expect(await tab.call('getAccessToken')).toEqual({ ok: true, token: signedIn.accessToken });
    expect(
      (await tab.call('events')).map((event) => event.type).filter((type) => type !== 'tokens'),
    ).toEqual(['storageFallback', 'signedIn']);
    expect(await tab.call('poolRequests')).toEqual([]);
    expect(tab.errors).toEqual([]);
  });

  it('starts a tab opened after sign-in signed in from IndexedDB, with no request to the pool', async () => {
    const group = await suite.openTabGroup();
    const a = await group.openTab();
    await a.call('start');
    const signedIn = await a.call('signIn');
    expect(signedIn.status).toBe('signedIn');

    const b = await group.openTab();
    const initial = await b.call('start');

    expect(initial).toMatchObject({
      status: 'signedIn',
      username: 'alice',
      accessToken: signedIn.accessToken,
      refreshToken: signedIn.refreshToken,
    });
    expect(await b.call('storedRecord')).toMatchObject({
      accessToken: signedIn.accessToken,
      refreshToken: signedIn.refreshToken,
    });
    const requests = await group.collectPoolRequests();
    expect(requests.filter(isRefreshRequest)).toEqual([]);
    expect(requests.filter((request) => request.tab === b.name)).toEqual([]);
    expect((await b.call('events')).map((event) => event.type)).not.toContain('refreshed');
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});
