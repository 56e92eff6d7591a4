/**
 * The fault matrix (issue 9): every fault of the table, injected through the testing kit or by
 * replacing a browser API (faultMatrix.ts), meets every session phase:
 *
 * - `idle`: signed in, nothing happening; the fault is in place when the automatic refresh (240 s
 *   into 5-minute tokens) runs.
 * - `refreshing`: `refresh()` was called and its request has not been answered when the fault is
 *   injected (`before` faults, state at the pool or in storage, are in place just before).
 * - `signingOut`: `signOut()` (with revocation) was called, storage removal and the revocation
 *   request not done yet.
 * - `hydrating`: a new page reads the stored session, whose access token expired meanwhile, so
 *   it must refresh at once.
 *
 * Each row writes down the final state (`signedIn:<same|new tokens>:<error code|ok>` or
 * `signedOut:<reason>`), the events after the injection in order (`type:code|reason|source`), the
 * raw IndexedDB record (`absent`, `same` = the old tokens, `new` = the session's current tokens) and
 * how the phase's call settled. Every row also proves: no unhandled rejection, never signed out
 * while a retry is announced, at most two refresh requests, and no event at all delivered while
 * the cross-tab lock is held.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAULTS, type FaultName, type Phase, runRow } from './faultMatrix.js';
import { issue, startPool, startSession, useFakeClock, useMsw } from './harness.js';

interface Row {
  fault: FaultName;
  phase: Phase;
  state: string;
  events: string[];
  record: 'absent' | 'same' | 'new' | 'foreign';
  /** How `refresh()` (refreshing) or `signOut()` (signingOut) settled. */
  call: string | null;
}

function row(
  fault: FaultName,
  phase: Phase,
  state: string,
  events: string[],
  record: Row['record'],
  call: string | null = null,
): Row {
  return { fault, phase, state, events, record, call };
}

/** A refresh that failed once for a transient reason, was retried, and succeeded. */
const retried = (code: string) => [`refreshFailed:${code}`, 'refreshed', 'tokensChanged:refresh'];
const REFRESHED = ['refreshed', 'tokensChanged:refresh'];
/** Tokens refused on receipt (another client or issuer): surfaced, not retried. */
const REFUSED_TOKENS = ['refreshFailed:invalid_token', 'error:invalid_token'];

// biome-ignore format: one row per line reads as the table it is
const MATRIX: Row[] = [
  row('offline', 'idle', 'signedIn:new:ok', retried('network'), 'new'),
  row('offline', 'refreshing', 'signedIn:new:ok', retried('network'), 'new', 'resolved'),
  row('offline', 'signingOut', 'signedOut:user', ['signedOut:user', 'error:network'], 'absent', 'resolved'),
  row('offline', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('network')], 'new'),

  row('dns', 'idle', 'signedIn:new:ok', retried('network'), 'new'),
  row('dns', 'refreshing', 'signedIn:new:ok', retried('network'), 'new', 'resolved'),
  row('dns', 'signingOut', 'signedOut:user', ['signedOut:user', 'error:network'], 'absent', 'resolved'),
  row('dns', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('network')], 'new'),

  // The timed-out request is abandoned; the retry is the second request at the pool.
  row('timeout', 'idle', 'signedIn:new:ok', retried('timeout'), 'new'),
  row('timeout', 'refreshing', 'signedIn:new:ok', retried('timeout'), 'new', 'resolved'),
  row('timeout', 'signingOut', 'signedOut:user', ['signedOut:user', 'error:timeout'], 'absent', 'resolved'),
  row('timeout', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('timeout')], 'new'),

  row('server500', 'idle', 'signedIn:new:ok', retried('provider'), 'new'),
  row('server500', 'refreshing', 'signedIn:new:ok', retried('provider'), 'new', 'resolved'),
  row('server500', 'signingOut', 'signedOut:user', ['signedOut:user', 'error:provider'], 'absent', 'resolved'),
  row('server500', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('provider')], 'new'),

  row('html502', 'idle', 'signedIn:new:ok', retried('provider'), 'new'),
  row('html502', 'refreshing', 'signedIn:new:ok', retried('provider'), 'new', 'resolved'),
  row('html502', 'signingOut', 'signedOut:user', ['signedOut:user', 'error:provider'], 'absent', 'resolved'),
  row('html502', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('provider')], 'new'),

  row('unavailable503', 'idle', 'signedIn:new:ok', retried('provider'), 'new'),
  row('unavailable503', 'refreshing', 'signedIn:new:ok', retried('provider'), 'new', 'resolved'),
  row('unavailable503', 'signingOut', 'signedOut:user', ['signedOut:user', 'error:provider'], 'absent', 'resolved'),
  row('unavailable503', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('provider')], 'new'),

  row('throttled', 'idle', 'signedIn:new:ok', retried('rate_limited'), 'new'),
  row('throttled', 'refreshing', 'signedIn:new:ok', retried('rate_limited'), 'new', 'resolved'),
  row('throttled', 'signingOut', 'signedOut:user', ['signedOut:user', 'error:rate_limited'], 'absent', 'resolved'),
  row('throttled', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('rate_limited')], 'new'),

  row('http429', 'idle', 'signedIn:new:ok', retried('rate_limited'), 'new'),
  row('http429', 'refreshing', 'signedIn:new:ok', retried('rate_limited'), 'new', 'resolved'),
  row('http429', 'signingOut', 'signedOut:user', ['signedOut:user', 'error:rate_limited'], 'absent', 'resolved'),
  row('http429', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('rate_limited')], 'new'),

  row('invalidJson', 'idle', 'signedIn:new:ok', retried('invalid_response'), 'new'),
  row('invalidJson', 'refreshing', 'signedIn:new:ok', retried('invalid_response'), 'new', 'resolved'),
  row('invalidJson', 'signingOut', 'signedOut:user', ['signedOut:user', 'error:invalid_response'], 'absent', 'resolved'),
  row('invalidJson', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('invalid_response')], 'new'),

  row('missingTokens', 'idle', 'signedIn:new:ok', retried('invalid_response'), 'new'),
  row('missingTokens', 'refreshing', 'signedIn:new:ok', retried('invalid_response'), 'new', 'resolved'),
  row('missingTokens', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('missingTokens', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('invalid_response')], 'new'),

  row('missingAccessToken', 'idle', 'signedIn:new:ok', retried('invalid_response'), 'new'),
  row('missingAccessToken', 'refreshing', 'signedIn:new:ok', retried('invalid_response'), 'new', 'resolved'),
  row('missingAccessToken', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('missingAccessToken', 'hydrating', 'signedIn:new:ok', ['signedIn', ...retried('invalid_response')], 'new'),

  // Tokens refused in a refresh answer are a configuration error (docs/errors.md): surfaced on the
  // state, not retried automatically, the old tokens kept; once they expire the state says
  // `expired: true` (degraded.test.ts) and the next getAccessToken() tries again.
  row('otherClient', 'idle', 'signedIn:same:invalid_token', REFUSED_TOKENS, 'same'),
  row('otherClient', 'refreshing', 'signedIn:same:invalid_token', REFUSED_TOKENS, 'same', 'invalid_token'),
  row('otherClient', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('otherClient', 'hydrating', 'signedIn:same:invalid_token', ['signedIn', ...REFUSED_TOKENS], 'same'),

  row('otherIssuer', 'idle', 'signedIn:same:invalid_token', REFUSED_TOKENS, 'same'),
  row('otherIssuer', 'refreshing', 'signedIn:same:invalid_token', REFUSED_TOKENS, 'same', 'invalid_token'),
  row('otherIssuer', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('otherIssuer', 'hydrating', 'signedIn:same:invalid_token', ['signedIn', ...REFUSED_TOKENS], 'same'),

  row('refreshTokenExpired', 'idle', 'signedOut:expired', ['refreshFailed:invalid_grant', 'signedOut:expired'], 'absent'),
  row('refreshTokenExpired', 'refreshing', 'signedOut:expired', ['refreshFailed:invalid_grant', 'signedOut:expired'], 'absent', 'invalid_grant'),
  row('refreshTokenExpired', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('refreshTokenExpired', 'hydrating', 'signedOut:expired', ['signedIn', 'refreshFailed:invalid_grant', 'signedOut:expired'], 'absent'),

  row('refreshTokenRevoked', 'idle', 'signedOut:revoked', ['refreshFailed:invalid_grant', 'signedOut:revoked'], 'absent'),
  row('refreshTokenRevoked', 'refreshing', 'signedOut:revoked', ['refreshFailed:invalid_grant', 'signedOut:revoked'], 'absent', 'invalid_grant'),
  row('refreshTokenRevoked', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('refreshTokenRevoked', 'hydrating', 'signedOut:revoked', ['signedIn', 'refreshFailed:invalid_grant', 'signedOut:revoked'], 'absent'),

  // RefreshTokenReuseException ends the session as 'revoked' once storage holds no newer token.
  row('refreshTokenReused', 'idle', 'signedOut:revoked', ['refreshFailed:invalid_grant', 'signedOut:revoked'], 'absent'),
  row('refreshTokenReused', 'refreshing', 'signedOut:revoked', ['refreshFailed:invalid_grant', 'signedOut:revoked'], 'absent', 'invalid_grant'),
  row('refreshTokenReused', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('refreshTokenReused', 'hydrating', 'signedOut:revoked', ['signedIn', 'refreshFailed:invalid_grant', 'signedOut:revoked'], 'absent'),

  // The session falls back to memory: the IndexedDB record keeps the old tokens ('same').
  // A sign-out whose removal fails still signs out in memory and revokes the refresh token; the
  // record stays only because the storage refuses every operation (SECURITY.md, Sign-out).
  row('indexedDbOpen', 'idle', 'signedIn:new:ok', ['storageFallback:storage', ...REFRESHED], 'same'),
  row('indexedDbOpen', 'refreshing', 'signedIn:new:ok', ['storageFallback:storage', ...REFRESHED], 'same', 'resolved'),
  row('indexedDbOpen', 'signingOut', 'signedOut:user', ['signedOut:user', 'storageFallback:storage'], 'same', 'resolved'),
  row('indexedDbOpen', 'hydrating', 'signedOut:null', ['storageFallback:storage'], 'same'),

  row('indexedDbRead', 'idle', 'signedIn:new:ok', ['storageFallback:storage', ...REFRESHED], 'same'),
  row('indexedDbRead', 'refreshing', 'signedIn:new:ok', ['storageFallback:storage', ...REFRESHED], 'same', 'resolved'),
  // Sign-out reads nothing and a write fault does not hit a removal: no fallback, record removed.
  row('indexedDbRead', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('indexedDbRead', 'hydrating', 'signedOut:null', ['storageFallback:storage'], 'same'),

  row('indexedDbWrite', 'idle', 'signedIn:new:ok', ['storageFallback:storage', ...REFRESHED], 'same'),
  row('indexedDbWrite', 'refreshing', 'signedIn:new:ok', ['storageFallback:storage', ...REFRESHED], 'same', 'resolved'),
  row('indexedDbWrite', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('indexedDbWrite', 'hydrating', 'signedIn:new:ok', ['signedIn', 'storageFallback:storage', ...REFRESHED], 'same'),

  // A storage that hangs counts as failed once storageTimeoutMs (10 s) pass: memory from then on,
  // the record left as it was; the call waiting on it settles then.
  row('indexedDbHang', 'idle', 'signedIn:new:ok', ['storageFallback:storage', ...REFRESHED], 'same'),
  row('indexedDbHang', 'refreshing', 'signedIn:new:ok', ['storageFallback:storage', ...REFRESHED], 'same', 'resolved'),
  row('indexedDbHang', 'signingOut', 'signedOut:user', ['signedOut:user', 'storageFallback:storage'], 'same', 'resolved'),
  row('indexedDbHang', 'hydrating', 'signedOut:null', ['storageFallback:storage'], 'same'),

  // A bad record met during a refresh is overwritten without an event; at hydration it is
  // deleted and reported.
  row('corruptRecord', 'idle', 'signedIn:new:ok', REFRESHED, 'new'),
  row('corruptRecord', 'refreshing', 'signedIn:new:ok', REFRESHED, 'new', 'resolved'),
  row('corruptRecord', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('corruptRecord', 'hydrating', 'signedOut:invalid', ['error:storage', 'signedOut:invalid'], 'absent'),

  // A record of a newer version belongs to a newer release (a deploy under way): never deleted
  // or overwritten; this tab goes on in memory and says so (docs/sessions.md, Storage). A sign-out still
  // removes the session's record everywhere.
  row('futureRecord', 'idle', 'signedIn:new:ok', ['storageFallback:storage', ...REFRESHED], 'foreign'),
  row('futureRecord', 'refreshing', 'signedIn:new:ok', ['storageFallback:storage', ...REFRESHED], 'foreign', 'resolved'),
  row('futureRecord', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('futureRecord', 'hydrating', 'signedOut:null', ['storageFallback:storage'], 'foreign'),

  row('noCrossTabApis', 'idle', 'signedIn:new:ok', REFRESHED, 'new'),
  row('noCrossTabApis', 'refreshing', 'signedIn:new:ok', REFRESHED, 'new', 'resolved'),
  row('noCrossTabApis', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('noCrossTabApis', 'hydrating', 'signedIn:new:ok', ['signedIn', ...REFRESHED], 'new'),

  row('clockForward', 'idle', 'signedIn:new:ok', REFRESHED, 'new'),
  row('clockForward', 'refreshing', 'signedIn:new:ok', REFRESHED, 'new', 'resolved'),
  row('clockForward', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('clockForward', 'hydrating', 'signedIn:new:ok', ['signedIn', ...REFRESHED], 'new'),

  // A clock set back after the tokens arrived cannot be seen (the skew is measured at receipt):
  // the session hands out its tokens until its own deadline, and the authorised fetch recovers
  // through its 401 refresh (SECURITY.md, Sign-out limits).
  row('clockBack', 'idle', 'signedIn:same:ok', [], 'same'),
  row('clockBack', 'refreshing', 'signedIn:new:ok', REFRESHED, 'new', 'resolved'),
  row('clockBack', 'signingOut', 'signedOut:user', ['signedOut:user'], 'absent', 'resolved'),
  row('clockBack', 'hydrating', 'signedIn:same:ok', ['signedIn'], 'same'),
];

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

// The pool signs tokens with WebCrypto in real time that fake timers do not see, so a row
// takes real time (about 1.7 s for the timeout rows); on a loaded machine more than the default 5 s.
describe('fault matrix', { timeout: 30_000 }, () => {
  useMsw();
  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(() => process.off('unhandledRejection', onUnhandled));
  beforeEach(() => {
    useFakeClock();
    unhandled.length = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('covers every fault in every phase exactly once', () => {
    const phases: Phase[] = ['idle', 'refreshing', 'signingOut', 'hydrating'];
    const expected = Object.keys(FAULTS).flatMap((fault) =>
      phases.map((phase) => `${fault} ${phase}`),
    );
    expect(MATRIX.map((entry) => `${entry.fault} ${entry.phase}`).sort()).toEqual(expected.sort());
  });

  it.each(MATRIX.map((entry) => [FAULTS[entry.fault].name, entry.phase, entry] as const))(
    '%s × %s',
    async (_, phase, expected) => {
      const observed = await runRow(expected.fault, phase);
      expect({
        state: observed.state,
        events: observed.events,
        record: observed.record,
        call: observed.call,
      }).toEqual({
        state: expected.state,
        events: expected.events,
        record: expected.record,
        call: expected.call,
      });
      expect(observed.lostWhileRetrying).toEqual([]);
      expect(observed.refreshRequests).toBeLessThanOrEqual(2);
      expect(observed.underLock).toEqual([]);
      expect(unhandled).toEqual([]);
    },
  );

  it('an app listener that throws stops neither the other listeners nor the session, and is passed to reportError', async () => {
    const reported: unknown[] = [];
    vi.stubGlobal('reportError', (error: unknown) => reported.push(error));
    const pool = await startPool({ tokenLifetimeSeconds: 300 });
    const { session, recorder } = startSession();
    session.on('refreshed', () => {
      throw new Error('app bug');
    });
    session.subscribe(() => {
      throw new Error('app bug in a subscriber');
    });
    await session.setTokens(await issue(pool));
    await session.refresh();
    expect(recorder.of('refreshed')).toHaveLength(1);
    expect(session.getState()).toMatchObject({ status: 'signedIn', error: null });
    expect(reported.map((error) => (error as Error).message)).toContain('app bug');
    expect(reported.map((error) => (error as Error).message)).toContain('app bug in a subscriber');
  });

  // docs/several-tabs.md: "No app callback ever runs while the lock is held (events are emitted
  // after release)": a storage failure met under the lock is announced after it.
  it.each(['idle', 'refreshing'] as const)(
    'emits storageFallback only after the cross-tab lock is released (IndexedDB write fails, %s)',
    async (phase) => {
      const observed = await runRow('indexedDbWrite', phase);
      expect(observed.events).toContain('storageFallback:storage');
      expect(observed.underLock).toEqual([]);
    },
  );
});
