/**
 * Unit tests of the state hub (session/stateHub.ts): referentially stable state, a state's tokens
 * as one settled promise each, subscribers before events, deliveries held back while the cross-tab
 * lock is held, listener isolation.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionError } from '../errors.js';
import { LOADING_STATE } from '../session/sessionReducer.js';
import { createStateHub, type StateHub } from '../session/stateHub.js';
import type { SessionState } from '../types.js';
import { tokenSnapshot } from './tokenSnapshot.js';

/** Describes a state for the delivery log. */
const describeState = (state: SessionState) =>
  state.status === 'signedOut' ? `signedOut(${state.reason})` : state.status;

/** A hub with one subscriber and handlers for the events used here, all writing to `log`. */
function observed(): { hub: StateHub; log: string[] } {
  const hub = createStateHub();
  const log: string[] = [];
  hub.subscribe((state, previous) =>
    log.push(`state ${describeState(previous)} → ${describeState(state)}`),
  );
  hub.on('signedOut', ({ reason }) => log.push(`event signedOut(${reason})`));
  hub.on('error', ({ error }) => log.push(`event error(${error.message})`));
  return { hub, log };
}

const failure = (message: string) => new SessionError('provider', message);

let reported: unknown[];
beforeEach(() => {
  reported = [];
  // Listener errors go to reportError (events.ts); collect them instead of printing them.
  vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
});

describe('state hub', () => {
  it('starts loading', () => {
    expect(createStateHub().get()).toBe(LOADING_STATE);
  });

  it('keeps the same state object, and tells no subscriber, when an action changes nothing', () => {
    const { hub, log } = observed();
    hub.commit({ type: 'signedOut', reason: 'user' });
    const state = hub.get();
    hub.commit({ type: 'signedOut', reason: 'user' });
    hub.commit({ type: 'refreshStarted' });
    hub.commit({ type: 'refreshSettled', error: null });
    expect(hub.get()).toBe(state);
    expect(log).toEqual(['state loading → signedOut(user)']);
  });

  it('still emits the events of an action that changes nothing', () => {
    const { hub, log } = observed();
    hub.commit({ type: 'refreshStarted' }, ['error', { error: failure('x') }]);
    expect(hub.get()).toBe(LOADING_STATE);
    expect(log).toEqual(['event error(x)']);
  });

  it('passes the new and the previous state to subscribers', () => {
    const hub = createStateHub();
    const listener = vi.fn();
    hub.subscribe(listener);
    hub.commit({ type: 'signedOut', reason: 'revoked' });
    expect(listener).toHaveBeenCalledExactlyOnceWith(hub.get(), LOADING_STATE);
  });

  it('tells subscribers before emitting the events, which follow in order', () => {
    const { hub, log } = observed();
    hub.commit(
      { type: 'signedOut', reason: 'expired' },
      ['signedOut', { reason: 'expired' }],
      ['error', { error: failure('after') }],
    );
    expect(log).toEqual([
      'state loading → signedOut(expired)',
      'event signedOut(expired)',
      'event error(after)',
    ]);
  });

  it('subscribers already see the new state from get()', () => {
    const hub = createStateHub();
    const seen: SessionState[] = [];
    hub.subscribe(() => seen.push(hub.get()));
    hub.on('signedOut', () => seen.push(hub.get()));
    hub.commit({ type: 'signedOut', reason: 'user' }, ['signedOut', { reason: 'user' }]);
    expect(seen).toEqual([hub.get(), hub.get()]);
  });

  describe('hold', () => {
    it('delivers nothing while held, then everything in order on release', () => {
      const { hub, log } = observed();
      const release = hub.hold();
      hub.commit({ type: 'signedOut', reason: 'user' }, ['signedOut', { reason: 'user' }]);
      hub.emit(['error', { error: failure('storage fell back') }]);
      hub.commit({ type: 'signedOut', reason: 'otherTab' }, ['signedOut', { reason: 'otherTab' }]);
      expect(log).toEqual([]);
      // The state itself changes at once; only what reaches app code waits.
      expect(hub.get()).toEqual({ status: 'signedOut', reason: 'otherTab' });

      release();
      expect(log).toEqual([
        'state loading → signedOut(user)',
        'event signedOut(user)',
        'event error(storage fell back)',
        'state signedOut(user) → signedOut(otherTab)',
        'event signedOut(otherTab)',
      ]);
    });

    it('waits for the last of several holds', () => {
      const { hub, log } = observed();
      const first = hub.hold();
      const second = hub.hold();
      hub.commit({ type: 'signedOut', reason: 'user' }, ['signedOut', { reason: 'user' }]);
      second();
      expect(log).toEqual([]);
      first();
      expect(log).toEqual(['state loading → signedOut(user)', 'event signedOut(user)']);
    });

    it('a double release is harmless: it neither ends another hold nor delivers twice', () => {
      const { hub, log } = observed();
      const first = hub.hold();
      const second = hub.hold();
      hub.commit({ type: 'signedOut', reason: 'user' }, ['signedOut', { reason: 'user' }]);
      first();
      first();
      expect(log).toEqual([]);
      second();
      second();
      first();
      expect(log).toEqual(['state loading → signedOut(user)', 'event signedOut(user)']);

      // The count did not go below zero: a new hold still holds.
      const third = hub.hold();
      hub.emit(['error', { error: failure('later') }]);
      expect(log).toHaveLength(2);
      third();
      expect(log).toEqual([
        'state loading → signedOut(user)',
        'event signedOut(user)',
        'event error(later)',
      ]);
    });

    it('delivers at once again after the release', () => {
      const { hub, log } = observed();
      hub.hold()();
      hub.emit(['error', { error: failure('now') }]);
      expect(log).toEqual(['event error(now)']);
    });

    it('a throwing listener does not stop the rest of the held deliveries', () => {
      const { hub, log } = observed();
      const boom = new Error('listener bug');
      hub.subscribe(() => {
        throw boom;
      });
      const release = hub.hold();
      hub.commit({ type: 'signedOut', reason: 'user' }, ['signedOut', { reason: 'user' }]);
      release();
      expect(log).toEqual(['state loading → signedOut(user)', 'event signedOut(user)']);
      expect(reported).toEqual([boom]);
    });

    it('clear drops what is waiting and every listener', () => {
      const { hub, log } = observed();
      const release = hub.hold();
      hub.commit({ type: 'signedOut', reason: 'user' }, ['signedOut', { reason: 'user' }]);
      hub.clear();
      release();
      hub.commit({ type: 'signedOut', reason: 'expired' }, ['signedOut', { reason: 'expired' }]);
      expect(log).toEqual([]);
    });
  });

  it('a throwing subscriber does not stop the others', () => {
    const hub = createStateHub();
    const boom = new Error('subscriber bug');
    const before = vi.fn();
    const after = vi.fn();
    hub.subscribe(before);
    hub.subscribe(() => {
      throw boom;
    });
    hub.subscribe(after);
    hub.commit({ type: 'signedOut', reason: 'user' });
    expect(before).toHaveBeenCalledOnce();
    expect(after).toHaveBeenCalledOnce();
    expect(reported).toEqual([boom]);
  });

  it('a throwing event handler does not stop the others, nor the next events', () => {
    const hub = createStateHub();
    const boom = new Error('handler bug');
    const calls: string[] = [];
    hub.on('signedOut', () => calls.push('first'));
    hub.on('signedOut', () => {
      throw boom;
    });
    hub.on('signedOut', () => calls.push('third'));
    hub.on('error', () => calls.push('error'));
    hub.emit(['signedOut', { reason: 'user' }], ['error', { error: failure('x') }]);
    expect(calls).toEqual(['first', 'third', 'error']);
    expect(reported).toEqual([boom]);
  });

  it('on returns a working unsubscribe that removes only that handler', () => {
    const hub = createStateHub();
    const kept = vi.fn();
    const dropped = vi.fn();
    hub.on('signedOut', kept);
    const unsubscribe = hub.on('signedOut', dropped);
    unsubscribe();
    hub.emit(['signedOut', { reason: 'user' }]);
    expect(dropped).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledExactlyOnceWith({ reason: 'user' });
    // Calling it again is harmless.
    unsubscribe();
    hub.emit(['signedOut', { reason: 'user' }]);
    expect(kept).toHaveBeenCalledTimes(2);
  });

  it('off removes a handler', () => {
    const hub = createStateHub();
    const handler = vi.fn();
    hub.on('error', handler);
    hub.off('error', handler);
    hub.emit(['error', { error: failure('x') }]);
    expect(handler).not.toHaveBeenCalled();
  });

  it('subscribe returns a working unsubscribe', () => {
    const hub = createStateHub();
    const kept = vi.fn();
    const dropped = vi.fn();
    hub.subscribe(kept);
    const unsubscribe = hub.subscribe(dropped);
    unsubscribe();
    hub.commit({ type: 'signedOut', reason: 'user' });
    expect(dropped).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledOnce();
  });
});

describe("a state's token as a promise", () => {
  const adopt = (hub: StateHub, accessToken: string, idToken: string) =>
    hub.commit({
      type: 'tokensAdopted',
      snapshot: tokenSnapshot({ accessToken, idToken }),
      refreshAt: 1500,
      now: 1000,
    });

  it('is one settled promise per state and kind', async () => {
    const hub = createStateHub();
    adopt(hub, 'access-1', 'id-1');
    const access = hub.token('accessToken');
    expect(hub.token('accessToken')).toBe(access);
    expect(hub.token('idToken')).not.toBe(access);
    await expect(access).resolves.toBe('access-1');
    await expect(hub.token('idToken')).resolves.toBe('id-1');
    // A commit that leaves the state as it is keeps the promise.
    hub.commit({ type: 'refreshSettled', error: null });
    expect(hub.token('accessToken')).toBe(access);
  });

  it('is made anew once the state changes, never the old tokens', async () => {
    const hub = createStateHub();
    adopt(hub, 'access-1', 'id-1');
    const first = hub.token('accessToken');
    adopt(hub, 'access-2', 'id-2');
    await expect(hub.token('accessToken')).resolves.toBe('access-2');
    await expect(hub.token('idToken')).resolves.toBe('id-2');
    expect(hub.token('accessToken')).not.toBe(first);

    // A change that keeps the tokens (a refresh starting) drops the promise too.
    const second = hub.token('accessToken');
    hub.commit({ type: 'refreshStarted' });
    expect(hub.token('accessToken')).not.toBe(second);
  });

  it('is dropped by clear, so a disposed session holds no promise of its tokens', () => {
    const hub = createStateHub();
    adopt(hub, 'access-1', 'id-1');
    const first = hub.token('accessToken');
    hub.clear();
    expect(hub.token('accessToken')).not.toBe(first);
  });
});
