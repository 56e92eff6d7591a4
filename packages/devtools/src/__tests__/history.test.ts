import type { SessionState } from '@sessionkit/core';
import { describe, expect, it } from 'vitest';
import {
  addLog,
  addMark,
  applyState,
  attributeOtherTab,
  EMPTY_HISTORY,
  endSpan,
  type History,
  labelLastBar,
} from '../history.js';
import { signedIn } from './fakeSession.js';

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
const keepAll = { maxEvents: 100, keepSince: 0 };
const signedOut: SessionState = { status: 'signedOut', reason: null } as never;

const first = signedIn(T0, 'a');

/** A history with one refresh under way, started at T0 + 30 s on the tokens of T0. */
function refreshing(): History {
  const history = applyState(EMPTY_HISTORY, first, T0, keepAll);
  return applyState(history, { ...first, refreshing: true }, T0 + 30_000, keepAll);
}

describe('marks and log entries', () => {
  it('take the next id each, in order, and keep what came before', () => {
    let history = addMark(EMPTY_HISTORY, T0, 'offline', 'offline for 3');
    history = addLog(history, T0 + 1, 'devtools', 'refresh now');
    history = addMark(history, T0 + 2, 'otherTab', 'from tab', 'beef');
    expect(history.marks).toEqual([
      { id: 1, at: T0, kind: 'offline', label: 'offline for 3', tab: null },
      { id: 3, at: T0 + 2, kind: 'otherTab', label: 'from tab', tab: 'beef' },
    ]);
    expect(history.log).toEqual([{ id: 2, at: T0 + 1, type: 'devtools', text: 'refresh now' }]);
    expect(history.nextId).toBe(4);
    expect(EMPTY_HISTORY).toEqual({
      bars: [],
      marks: [],
      spans: [],
      log: [],
      nextId: 1,
      claims: null,
    });
  });
});

describe('applyState', () => {
  it('starts a bar for new tokens: issued at iat on the local clock, restored when first seen', () => {
    const state = { ...signedIn(T0, 'a'), clockSkewMs: 2_000 };
    const history = applyState(EMPTY_HISTORY, state, T0 + 5_000, keepAll);
    expect(history.bars).toEqual([
      {
        id: 1,
        issuedAt: T0 - 2_000,
        expiresAt: T0 + 60_000,
        refreshAt: T0 + 30_000,
        source: 'restored',
        tab: null,
      },
    ]);
    expect(history.claims).toBe(state.accessClaims);
    expect(history.nextId).toBe(2);
  });

  it('never starts a bar after now, and without iat starts it now', () => {
    const state = signedIn(T0, 'a');
    expect(applyState(EMPTY_HISTORY, state, T0 - 4_000, keepAll).bars[0]?.issuedAt).toBe(
      T0 - 4_000,
    );
    const noIat = { ...state, accessClaims: { ...state.accessClaims, iat: undefined } };
    expect(applyState(EMPTY_HISTORY, noIat as never, T0 + 7_000, keepAll).bars[0]?.issuedAt).toBe(
      T0 + 7_000,
    );
  });

  it('calls later tokens refreshed, and the same tokens update their bar instead', () => {
    let history = applyState(EMPTY_HISTORY, first, T0, keepAll);
    history = applyState(history, { ...first, refreshAt: T0 + 40_000 }, T0 + 1, keepAll);
    expect(history.bars).toHaveLength(1);
    expect(history.bars[0]).toMatchObject({ refreshAt: T0 + 40_000, expiresAt: T0 + 60_000 });
    history = applyState(history, { ...first, expiresAt: T0 + 50_000 }, T0 + 2, keepAll);
    expect(history.bars[0]).toMatchObject({ refreshAt: first.refreshAt, expiresAt: T0 + 50_000 });
    const expiry = applyState(
      history,
      { ...first, refreshAt: first.refreshAt, expiresAt: T0 + 45_000 },
      T0 + 3,
      keepAll,
    );
    expect(expiry.bars[0]).toMatchObject({ refreshAt: first.refreshAt, expiresAt: T0 + 45_000 });
    const unchanged = applyState(history, { ...first, expiresAt: T0 + 50_000 }, T0 + 3, keepAll);
    expect(unchanged.bars).toEqual(history.bars);
    history = applyState(history, signedIn(T0 + 30_000, 'b'), T0 + 30_000, keepAll);
    expect(history.bars.map((bar) => [bar.id, bar.source])).toEqual([
      [1, 'restored'],
      [2, 'refresh'],
    ]);
  });

  it('opens a span when a refresh starts and keeps one span while it runs', () => {
    let history = refreshing();
    expect(history.spans).toEqual([{ id: 2, start: T0 + 30_000, end: null, outcome: 'pending' }]);
    history = applyState(history, { ...first, refreshing: true }, T0 + 30_100, keepAll);
    expect(history.spans).toHaveLength(1);
  });

  it('ends the span ok when new tokens came since it started, failed when not', () => {
    const ok = applyState(refreshing(), signedIn(T0 + 30_200, 'b'), T0 + 30_200, keepAll);
    expect(ok.spans).toEqual([{ id: 2, start: T0 + 30_000, end: T0 + 30_200, outcome: 'ok' }]);
    const failed = applyState(refreshing(), first, T0 + 30_500, keepAll);
    expect(failed.spans).toEqual([
      { id: 2, start: T0 + 30_000, end: T0 + 30_500, outcome: 'failed' },
    ]);
  });

  it('signed out: ends a running refresh as failed and forgets the claims', () => {
    const history = applyState(refreshing(), signedOut, T0 + 31_000, keepAll);
    expect(history.spans[0]).toMatchObject({ end: T0 + 31_000, outcome: 'failed' });
    expect(history.claims).toBeNull();
    expect(history.bars).toHaveLength(1);
    // Signing in again later starts a restored-looking bar (its event labels it).
    const again = applyState(history, signedIn(T0 + 40_000, 'c'), T0 + 40_000, keepAll);
    expect(again.bars.at(-1)?.source).toBe('restored');
    // A sign-out with no refresh running adds no span.
    expect(applyState(EMPTY_HISTORY, signedOut, T0, keepAll).spans).toEqual([]);
  });

  it('drops what ended before the window but keeps the newest bar and running spans', () => {
    let history = applyState(EMPTY_HISTORY, first, T0, keepAll);
    history = addMark(history, T0, 'offline', 'old');
    history = addMark(history, T0 + 70_000, 'offline', 'new');
    history = addMark(history, T0 + 60_000, 'offline', 'at the edge');
    history = endSpan(history, T0 + 1_000, 'ok');
    const second = signedIn(T0 + 60_000, 'b');
    history = applyState(history, second, T0 + 60_000, keepAll);
    history = applyState(history, { ...second, refreshing: true }, T0 + 65_000, keepAll);
    for (let index = 0; index < 3; index++) history = addLog(history, T0, 'devtools', `${index}`);
    // Still running long after the window moved on: kept.
    const running = applyState(history, { ...second, refreshing: true }, T0 + 999_000, {
      maxEvents: 5,
      keepSince: T0 + 998_000,
    });
    expect(running.spans.map((span) => span.start)).toEqual([T0 + 65_000]);
    const kept = applyState(history, second, T0 + 70_000, { maxEvents: 2, keepSince: T0 + 60_001 });
    expect(kept.marks.map((mark) => mark.label)).toEqual(['new']);
    expect(kept.bars.map((bar) => bar.expiresAt)).toEqual([T0 + 120_000]);
    // The refresh that just ended (at 70 s) stays; the one that ended at 1 s goes.
    expect(kept.spans.map((span) => [span.end, span.outcome])).toEqual([[T0 + 70_000, 'failed']]);
    expect(kept.log.map((entry) => entry.text)).toEqual(['1', '2']);
    // What ends exactly at the edge stays.
    const edge = applyState(history, second, T0 + 70_000, { maxEvents: 5, keepSince: T0 + 60_000 });
    expect(edge.bars.map((bar) => bar.expiresAt)).toEqual([T0 + 60_000, T0 + 120_000]);
    expect(edge.marks.map((mark) => mark.label)).toEqual(['new', 'at the edge']);
    const spanEdge = applyState(history, second, T0 + 70_000, {
      maxEvents: 5,
      keepSince: T0 + 1_000,
    });
    expect(spanEdge.spans).toHaveLength(2);
    // The newest bar, long expired, is kept: it is what the session held last.
    const late = applyState(history, signedOut, T0 + 999_000, {
      maxEvents: 5,
      keepSince: T0 + 998_000,
    });
    expect(late.bars.map((bar) => bar.expiresAt)).toEqual([T0 + 120_000]);
    expect(late.spans.map((span) => [span.end, span.outcome])).toEqual([[T0 + 999_000, 'failed']]);
  });
});

describe('endSpan', () => {
  it('ends the running span with its outcome', () => {
    const history = endSpan(refreshing(), T0 + 30_400, 'adopted');
    expect(history.spans).toEqual([
      { id: 2, start: T0 + 30_000, end: T0 + 30_400, outcome: 'adopted' },
    ]);
  });

  it('corrects the outcome of a span that ended within the grace, adds one of 0 after it', () => {
    const ended = endSpan(refreshing(), T0 + 30_400, 'failed');
    const corrected = endSpan(ended, T0 + 31_400, 'ok');
    expect(corrected.spans).toEqual([
      { id: 2, start: T0 + 30_000, end: T0 + 30_400, outcome: 'ok' },
    ]);
    const later = endSpan(ended, T0 + 31_401, 'ok');
    expect(later.spans).toEqual([
      { id: 2, start: T0 + 30_000, end: T0 + 30_400, outcome: 'failed' },
      { id: 3, start: T0 + 31_401, end: T0 + 31_401, outcome: 'ok' },
    ]);
    expect(later.nextId).toBe(4);
    expect(endSpan(ended, T0 + 30_400, 'ok', 0).spans).toHaveLength(1);
    expect(endSpan(ended, T0 + 30_401, 'ok', 0).spans).toHaveLength(2);
  });

  it('gives a refresh nobody saw start a span of 0', () => {
    expect(endSpan(EMPTY_HISTORY, T0, 'ok').spans).toEqual([
      { id: 1, start: T0, end: T0, outcome: 'ok' },
    ]);
  });
});

describe('labelLastBar', () => {
  it('relabels only the newest bar, and returns the same history when nothing changes', () => {
    let history = applyState(EMPTY_HISTORY, signedIn(T0, 'a'), T0, keepAll);
    history = applyState(history, signedIn(T0 + 30_000, 'b'), T0 + 30_000, keepAll);
    const labelled = labelLastBar(history, 'signIn');
    expect(labelled.bars.map((bar) => bar.source)).toEqual(['restored', 'signIn']);
    expect(labelLastBar(labelled, 'signIn')).toBe(labelled);
    expect(labelLastBar(EMPTY_HISTORY, 'signIn')).toBe(EMPTY_HISTORY);
  });
});

describe('attributeOtherTab', () => {
  function fromOtherTab(at: number, history = EMPTY_HISTORY): History {
    let next = applyState(history, signedIn(at, `t${at}`), at, keepAll);
    next = labelLastBar(next, 'otherTab');
    return addMark(next, at, 'otherTab', 'tokens from another tab');
  }

  it('names the newest unnamed mark since the moment, and the newest unnamed bar', () => {
    let history = fromOtherTab(T0);
    history = fromOtherTab(T0 + 60_000, history);
    history = addMark(history, T0 + 61_000, 'offline', 'offline');
    const named = attributeOtherTab(history, 'beef', T0 + 59_000);
    expect(named.marks.map((mark) => [mark.kind, mark.tab, mark.label])).toEqual([
      ['otherTab', null, 'tokens from another tab'],
      ['otherTab', 'beef', 'tokens refreshed by tab beef'],
      ['offline', null, 'offline'],
    ]);
    expect(named.bars.map((bar) => bar.tab)).toEqual([null, 'beef']);
    // The next news names the older one, if still recent enough.
    const both = attributeOtherTab(named, 'cafe', T0);
    expect(both.marks.map((mark) => mark.tab)).toEqual(['cafe', 'beef', null]);
    expect(both.bars.map((bar) => bar.tab)).toEqual(['cafe', 'beef']);
  });

  it('changes nothing when no unnamed mark is recent enough', () => {
    const history = fromOtherTab(T0);
    expect(attributeOtherTab(history, 'beef', T0 + 1)).toBe(history);
    expect(attributeOtherTab(history, 'beef', T0).marks[0]?.tab).toBe('beef');
    const named = attributeOtherTab(history, 'beef', T0);
    expect(attributeOtherTab(named, 'cafe', 0)).toBe(named);
  });

  it('names a mark even when its bar came from elsewhere', () => {
    const history = addMark(
      applyState(EMPTY_HISTORY, signedIn(T0, 'a'), T0, keepAll),
      T0,
      'otherTab',
      'tokens from another tab',
    );
    const named = attributeOtherTab(history, 'beef', T0);
    expect(named.marks[0]?.tab).toBe('beef');
    expect(named.bars[0]?.tab).toBeNull();
  });
});
