import { describe, expect, it } from 'vitest';
import { SessionError } from '../errors.js';
import { LOADING_STATE, reduceSession } from '../session/sessionReducer.js';
import { tokenSnapshot } from './tokenSnapshot.js';

const snapshot = tokenSnapshot();

describe('reduceSession', () => {
  it('moves loading -> signedIn -> signedOut', () => {
    const signedIn = reduceSession(LOADING_STATE, {
      type: 'tokensAdopted',
      snapshot,
      refreshAt: 1500,
      now: 1000,
    });
    expect(signedIn).toMatchObject({
      status: 'signedIn',
      expiresAt: 2000,
      refreshing: false,
      error: null,
    });
    expect(reduceSession(signedIn, { type: 'signedOut', reason: 'user' })).toEqual({
      status: 'signedOut',
      reason: 'user',
    });
  });

  it('returns the same object when nothing changes', () => {
    const signedOut = reduceSession(LOADING_STATE, { type: 'signedOut', reason: null });
    expect(reduceSession(signedOut, { type: 'signedOut', reason: null })).toBe(signedOut);
    expect(reduceSession(signedOut, { type: 'refreshStarted' })).toBe(signedOut);
    const refreshing = reduceSession(
      reduceSession(LOADING_STATE, { type: 'tokensAdopted', snapshot, refreshAt: 1500, now: 1000 }),
      {
        type: 'refreshStarted',
      },
    );
    expect(reduceSession(refreshing, { type: 'refreshStarted' })).toBe(refreshing);
    const error = new SessionError('network', 'offline', { retryable: true });
    for (const action of [
      { type: 'refreshSettled', error },
      { type: 'refreshSettled', error: null, refreshAt: 1 },
      { type: 'errorRaised', error },
    ] as const) {
      expect(reduceSession(signedOut, action)).toBe(signedOut);
    }
    const failed = reduceSession(refreshing, { type: 'errorRaised', error });
    expect(failed).toMatchObject({ error });
    expect(reduceSession(failed, { type: 'errorRaised', error })).toBe(failed);
  });

  it('keeps refresh-in-flight apart from the session status', () => {
    let state = reduceSession(LOADING_STATE, {
      type: 'tokensAdopted',
      snapshot,
      refreshAt: 1500,
      now: 1000,
    });
    state = reduceSession(state, { type: 'refreshStarted' });
    const error = new SessionError('network', 'offline', { retryable: true });
    state = reduceSession(state, { type: 'errorRaised', error });
    expect(state).toMatchObject({ status: 'signedIn', refreshing: true, error });
    state = reduceSession(state, { type: 'tokensAdopted', snapshot, refreshAt: 1500, now: 1000 });
    expect(state).toMatchObject({ refreshing: true, error: null });
    state = reduceSession(state, { type: 'refreshSettled', error: null });
    expect(state).toMatchObject({ refreshing: false, error: null });
  });
});

describe('reduceSession: refreshAt', () => {
  it('carries when the next refresh is due, and a settled failure moves it', () => {
    let state = reduceSession(LOADING_STATE, {
      type: 'tokensAdopted',
      snapshot,
      refreshAt: 1500,
      now: 1000,
    });
    expect(state).toMatchObject({ refreshAt: 1500 });
    state = reduceSession(state, { type: 'refreshStarted' });
    expect(state).toMatchObject({ refreshAt: 1500, refreshing: true });
    const error = new SessionError('network', 'offline', { retryable: true });
    state = reduceSession(state, { type: 'refreshSettled', error, refreshAt: 31_500 });
    expect(state).toMatchObject({ refreshAt: 31_500, refreshing: false, error });
    state = reduceSession(state, { type: 'refreshSettled', error: null, refreshAt: null });
    expect(state).toMatchObject({ refreshAt: null });
  });

  it('returns the same object when a settle changes nothing', () => {
    const state = reduceSession(LOADING_STATE, {
      type: 'tokensAdopted',
      snapshot,
      refreshAt: 1500,
      now: 1000,
    });
    expect(reduceSession(state, { type: 'refreshSettled', error: null })).toBe(state);
    expect(reduceSession(state, { type: 'refreshSettled', error: null, refreshAt: 1500 })).toBe(
      state,
    );
  });

  it('marks tokens expired once, and adopting tokens says whether they already are', () => {
    const fresh = reduceSession(LOADING_STATE, {
      type: 'tokensAdopted',
      snapshot,
      refreshAt: 1500,
      now: 1000,
    });
    expect(fresh).toMatchObject({ expired: false });
    const expired = reduceSession(fresh, { type: 'tokensExpired' });
    expect(expired).toMatchObject({ status: 'signedIn', expired: true });
    expect(reduceSession(expired, { type: 'tokensExpired' })).toBe(expired);
    const signedOut = reduceSession(LOADING_STATE, { type: 'signedOut', reason: null });
    expect(reduceSession(signedOut, { type: 'tokensExpired' })).toBe(signedOut);
    const restoredLate = reduceSession(LOADING_STATE, {
      type: 'tokensAdopted',
      snapshot,
      refreshAt: 2000,
      now: 2000,
    });
    expect(restoredLate).toMatchObject({ expired: true });
    expect(
      reduceSession(expired, { type: 'tokensAdopted', snapshot, refreshAt: 1500, now: 1999 }),
    ).toMatchObject({ expired: false });
  });
});
