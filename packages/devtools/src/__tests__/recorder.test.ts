import { cognito, createSession, memoryStorage } from '@sessionkit/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRecorder } from '../recorder.js';
import { newTabId, openTabChannel } from '../tabChannel.js';
import { fakeSession, signedIn } from './fakeSession.js';

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);

/** A BroadcastChannel stand-in: what was posted, and a way to deliver a message. */
class FakeChannel {
  static opened: FakeChannel[] = [];
  posted: unknown[] = [];
  closed = false;
  onmessage: ((event: MessageEvent) => void) | null = null;
  constructor(readonly name: string) {
    FakeChannel.opened.push(this);
  }
  postMessage(data: unknown) {
    this.posted.push(data);
  }
  close() {
    this.closed = true;
  }
  deliver(data: unknown) {
    this.onmessage?.({ data } as MessageEvent);
  }
}

let clock = T0;
const now = () => clock;
const options = { maxEvents: 50, windowMs: 600_000, now };

beforeEach(() => {
  clock = T0;
  FakeChannel.opened = [];
  vi.stubGlobal('BroadcastChannel', FakeChannel);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const channel = () => FakeChannel.opened[0] as FakeChannel;

describe('the tab channel', () => {
  it('names this tab with four hex digits, different each time', () => {
    const ids = new Set(Array.from({ length: 20 }, newTabId));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{4}$/);
    expect(ids.size).toBeGreaterThan(15);
  });

  it('passes on refresh news of other tabs only, and nothing else', () => {
    const news: unknown[] = [];
    const tabs = openTabChannel('key-1', (item) => news.push(item));
    expect(channel().name).toBe('sessionkit-devtools:key-1');
    channel().deliver({ type: 'refreshed', tab: 'beef', extra: 'dropped' });
    channel().deliver({ type: 'refreshed', tab: tabs.tab });
    channel().deliver({ type: 'signedIn', tab: 'cafe' });
    channel().deliver({ type: 'refreshed', tab: 7 });
    channel().deliver(null);
    expect(news).toEqual([{ type: 'refreshed', tab: 'beef' }]);
    tabs.post({ type: 'refreshed', tab: tabs.tab });
    expect(channel().posted).toEqual([{ type: 'refreshed', tab: tabs.tab }]);
    tabs.close();
    expect(channel().closed).toBe(true);
  });

  it('works alone without BroadcastChannel', () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const tabs = openTabChannel('key-1', () => {});
    expect(tabs.tab).toMatch(/^[0-9a-f]{4}$/);
    expect(() => tabs.post({ type: 'refreshed', tab: tabs.tab })).not.toThrow();
    expect(() => tabs.close()).not.toThrow();
  });
});

describe('the recorder', () => {
  it('starts from the current state and follows state changes, telling the panel each time', () => {
    const first = signedIn(T0, 'a');
    const session = fakeSession(first);
    const recorder = createRecorder(session, options);
    expect(recorder.history.bars.map((bar) => bar.source)).toEqual(['restored']);
    // A session that is not createSession's: the default key's channel.
    expect(channel().name).toBe('sessionkit-devtools:sessionkit');
    const changes = vi.fn();
    recorder.onChange(changes);
    clock = T0 + 30_000;
    session.set({ ...first, refreshing: true });
    expect(changes).toHaveBeenCalledTimes(1);
    expect(recorder.history.spans).toMatchObject([{ start: T0 + 30_000, outcome: 'pending' }]);
  });

  it("names its channel after a real session's storage key", async () => {
    const session = createSession({
      provider: cognito({ userPoolId: 'eu-west-1_AbC123', clientId: 'client-1' }),
      storage: memoryStorage(),
      storageKey: 'my-app',
    });
    await session.ready;
    const recorder = createRecorder(session, options);
    expect(channel().name).toBe('sessionkit-devtools:my-app');
    recorder.dispose();
    session.dispose();
  });

  it('logs every event it listens to, in words, at the time it came', () => {
    const session = fakeSession(signedIn(T0, 'a'));
    const recorder = createRecorder(session, options);
    const error = { code: 'storage', message: 'The token storage failed.' } as never;
    clock = T0 + 1;
    session.emit('storageFallback', { error } as never);
    clock = T0 + 2;
    session.emit('error', { error } as never);
    session.emit('tokensChanged', { source: 'refresh' } as never);
    expect(recorder.history.log.map((entry) => [entry.at, entry.type, entry.text])).toEqual([
      [T0 + 1, 'storageFallback', 'storage: The token storage failed.'],
      [T0 + 2, 'error', 'storage: The token storage failed.'],
      [T0 + 2, 'tokensChanged', 'tokens changed (source: refresh)'],
    ]);
    expect(recorder.history.marks).toEqual([]);
    // Only a sign-in or tokens the app set relabel the tokens.
    expect(recorder.history.bars.map((bar) => bar.source)).toEqual(['restored']);
  });

  it('marks a sign-in and labels its tokens; tokens set by the app count as a sign-in', () => {
    const session = fakeSession({ status: 'signedOut', reason: null } as never);
    const recorder = createRecorder(session, options);
    session.set(signedIn(T0, 'a'));
    session.emit('signedIn', { user: { sub: 's', email: 'ada@example.com' } } as never);
    expect(recorder.history.bars.map((bar) => bar.source)).toEqual(['signIn']);
    expect(recorder.history.marks).toMatchObject([{ kind: 'signedIn', label: 'signed in' }]);
    session.set(signedIn(T0 + 10_000, 'b'));
    session.emit('tokensChanged', { source: 'setTokens' } as never);
    expect(recorder.history.bars.map((bar) => bar.source)).toEqual(['signIn', 'signIn']);
    expect(recorder.history.marks).toHaveLength(1);
  });

  it('marks a sign-out with its reason', () => {
    const session = fakeSession(signedIn(T0, 'a'));
    const recorder = createRecorder(session, options);
    clock = T0 + 5;
    session.emit('signedOut', { reason: 'userSignedOut' } as never);
    expect(recorder.history.marks).toMatchObject([
      { at: T0 + 5, kind: 'signedOut', label: 'signed out (userSignedOut)' },
    ]);
  });

  it('ends a refresh ok, labels its tokens and tells the other tabs', () => {
    const first = signedIn(T0, 'a');
    const session = fakeSession(first);
    const recorder = createRecorder(session, options);
    clock = T0 + 30_000;
    session.set({ ...first, refreshing: true });
    clock = T0 + 30_200;
    session.emit('refreshed', { tokens: { expiresAt: T0 + 90_000 } } as never);
    expect(recorder.history.spans).toMatchObject([{ end: T0 + 30_200, outcome: 'ok' }]);
    expect(recorder.history.bars.at(-1)?.source).toBe('refresh');
    expect(channel().posted).toEqual([{ type: 'refreshed', tab: recorder.tab }]);
    expect(recorder.history.marks).toEqual([]);
  });

  it('marks a failed refresh, and its retry when one is due', () => {
    const first = signedIn(T0, 'a');
    const session = fakeSession(first);
    const recorder = createRecorder(session, options);
    const error = { code: 'network', message: 'offline' } as never;
    session.set({ ...first, refreshing: true });
    clock = T0 + 100;
    session.emit('refreshFailed', { error, willRetry: true, retryInMs: 2_000 });
    expect(recorder.history.spans).toMatchObject([{ end: T0 + 100, outcome: 'failed' }]);
    expect(recorder.history.marks.map((mark) => [mark.at, mark.kind, mark.label])).toEqual([
      [T0 + 100, 'refreshFailed', 'refresh failed (network): offline retry in 2 s'],
      [T0 + 2_100, 'retry', 'retry due (after 2000 ms)'],
    ]);
    clock = T0 + 5_000;
    session.emit('refreshFailed', { error, willRetry: false } as never);
    session.emit('refreshFailed', { error, willRetry: true } as never);
    expect(recorder.history.marks.map((mark) => mark.kind)).toEqual([
      'refreshFailed',
      'retry',
      'refreshFailed',
      'refreshFailed',
    ]);
  });

  it('names the tab whose refresh brought tokens, whichever comes first: its news or the tokens', () => {
    const first = signedIn(T0, 'a');
    const session = fakeSession(first);
    const recorder = createRecorder(session, options);
    // News first, then the tokens within 5 s.
    clock = T0 + 10_000;
    channel().deliver({ type: 'refreshed', tab: 'beef' });
    clock = T0 + 15_000;
    session.set(signedIn(T0 + 10_000, 'b'));
    session.emit('tokensChanged', { source: 'otherTab' } as never);
    expect(recorder.history.marks.map((mark) => [mark.kind, mark.tab, mark.label])).toEqual([
      ['otherTab', 'beef', 'tokens refreshed by tab beef'],
    ]);
    expect(recorder.history.bars.map((bar) => [bar.source, bar.tab])).toEqual([
      ['restored', null],
      ['otherTab', 'beef'],
    ]);
    // Tokens first, then the news.
    clock = T0 + 40_000;
    session.set(signedIn(T0 + 40_000, 'c'));
    session.emit('tokensChanged', { source: 'otherTab' } as never);
    expect(recorder.history.marks.at(-1)).toMatchObject({
      kind: 'otherTab',
      tab: null,
      label: 'tokens from another tab',
    });
    clock = T0 + 45_000;
    channel().deliver({ type: 'refreshed', tab: 'cafe' });
    expect(recorder.history.marks.at(-1)).toMatchObject({
      tab: 'cafe',
      label: 'tokens refreshed by tab cafe',
    });
    expect(recorder.history.bars.at(-1)).toMatchObject({ source: 'otherTab', tab: 'cafe' });
  });

  it('leaves the tab unnamed when its news is older than 5 s', () => {
    const session = fakeSession(signedIn(T0, 'a'));
    const recorder = createRecorder(session, options);
    clock = T0 + 10_000;
    channel().deliver({ type: 'refreshed', tab: 'beef' });
    clock = T0 + 15_001;
    session.set(signedIn(T0 + 15_000, 'b'));
    session.emit('tokensChanged', { source: 'otherTab' } as never);
    expect(recorder.history.marks.map((mark) => [mark.tab, mark.label])).toEqual([
      [null, 'tokens from another tab'],
    ]);
    expect(recorder.history.bars.map((bar) => bar.tab)).toEqual([null, null]);
    // News that comes more than 5 s after the tokens names nothing either.
    clock = T0 + 20_002;
    channel().deliver({ type: 'refreshed', tab: 'cafe' });
    expect(recorder.history.marks.map((mark) => mark.tab)).toEqual([null]);
  });

  it("calls this tab's refresh adopted when it found another tab's tokens", () => {
    const first = signedIn(T0, 'a');
    const session = fakeSession(first);
    const recorder = createRecorder(session, options);
    session.set({ ...first, refreshing: true });
    clock = T0 + 300;
    session.emit('tokensChanged', { source: 'otherTab' } as never);
    expect(recorder.history.spans).toMatchObject([{ end: T0 + 300, outcome: 'adopted' }]);
    // The state settling after it keeps the outcome.
    session.set(signedIn(T0 + 300, 'b'));
    expect(recorder.history.spans).toMatchObject([{ outcome: 'adopted' }]);
  });

  it('corrects a refresh that just ended, within a second, and leaves older ones', () => {
    const first = signedIn(T0, 'a');
    const session = fakeSession(first);
    const recorder = createRecorder(session, options);
    session.set({ ...first, refreshing: true });
    clock = T0 + 100;
    session.set(first);
    expect(recorder.history.spans).toMatchObject([{ outcome: 'failed' }]);
    clock = T0 + 1_100;
    session.emit('tokensChanged', { source: 'otherTab' } as never);
    expect(recorder.history.spans).toMatchObject([{ end: T0 + 100, outcome: 'adopted' }]);
    clock = T0 + 5_000;
    session.emit('tokensChanged', { source: 'otherTab' } as never);
    expect(recorder.history.spans).toHaveLength(1);
    expect(recorder.history.marks.map((mark) => mark.kind)).toEqual(['otherTab', 'otherTab']);
  });

  it('notes what the panel did, with a mark when it has a kind', () => {
    const session = fakeSession(signedIn(T0, 'a'));
    const recorder = createRecorder(session, options);
    const changes = vi.fn();
    recorder.onChange(changes);
    recorder.note('refresh now');
    recorder.note('offline for 3', 'offline');
    expect(recorder.history.log.map((entry) => [entry.type, entry.text])).toEqual([
      ['devtools', 'refresh now'],
      ['devtools', 'offline for 3'],
    ]);
    expect(recorder.history.marks).toMatchObject([{ kind: 'offline', label: 'offline for 3' }]);
    expect(changes).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxEvents log lines and what the window still shows', () => {
    const session = fakeSession(signedIn(T0, 'a'));
    const recorder = createRecorder(session, { maxEvents: 2, windowMs: 60_000, now });
    recorder.note('old', 'offline');
    for (const text of ['a', 'b', 'c']) recorder.note(text);
    clock = T0 + 61_000;
    session.set(signedIn(T0 + 61_000, 'b'));
    expect(recorder.history.log.map((entry) => entry.text)).toEqual(['b', 'c']);
    expect(recorder.history.marks).toEqual([]);
  });

  it('stops listening, closes its channel and tells the panel nothing after dispose', () => {
    const session = fakeSession(signedIn(T0, 'a'));
    const recorder = createRecorder(session, options);
    const changes = vi.fn();
    recorder.onChange(changes);
    recorder.dispose();
    expect(channel().closed).toBe(true);
    const before = recorder.history;
    session.set(signedIn(T0 + 1, 'b'));
    session.emit('signedOut', { reason: 'userSignedOut' } as never);
    expect(recorder.history).toBe(before);
    recorder.note('after');
    expect(changes).not.toHaveBeenCalled();
  });
});
