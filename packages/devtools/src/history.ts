/**
 * What the panel remembers of a session, as plain data: token sets as bars, moments as marks,
 * refreshes as spans, and the event log. Pure functions of the session's states and events (and
 * the devtools' own news from other tabs), so the timeline can be tested without a session.
 * Nothing here holds a token string: token sets are told apart by their claims.
 */
import type { SessionEvents, SessionState } from '@sessionkit/core';

/** One set of tokens, from issue to expiry (local clock, ms). */
export interface TokenBar {
  id: number;
  issuedAt: number;
  expiresAt: number;
  /** When its automatic refresh (or retry) is due; null when none is planned. */
  refreshAt: number | null;
  /** How it arrived: a sign-in, a refresh in this tab, another tab's refresh, or a reload. */
  source: 'signIn' | 'refresh' | 'otherTab' | 'restored';
  /** The devtools id of the tab that refreshed, for `otherTab`; null while unknown. */
  tab: string | null;
}

export type MarkKind =
  | 'signedIn'
  | 'signedOut'
  | 'otherTab'
  | 'retry'
  | 'expiredLocally'
  | 'offline'
  | 'refreshFailed';

export interface Mark {
  id: number;
  at: number;
  kind: MarkKind;
  label: string;
  tab: string | null;
}

/** One refresh in this tab, from start to outcome. */
export interface RefreshSpan {
  id: number;
  start: number;
  end: number | null;
  /** `adopted`: the refresh found another tab's new tokens in storage and sent no request. */
  outcome: 'pending' | 'ok' | 'failed' | 'adopted';
}

export interface LogEntry {
  id: number;
  at: number;
  /** A session event type, or `devtools` for what the panel did. */
  type: keyof SessionEvents | 'devtools';
  text: string;
}

export interface History {
  bars: TokenBar[];
  marks: Mark[];
  spans: RefreshSpan[];
  log: LogEntry[];
  nextId: number;
  /** The claims object of the newest bar (the session's state keeps it until new tokens). */
  claims: object | null;
}

export const EMPTY_HISTORY: History = {
  bars: [],
  marks: [],
  spans: [],
  log: [],
  nextId: 1,
  claims: null,
};

/** Limits of what a history keeps. */
export interface Limits {
  maxEvents: number;
  /** Bars, marks and spans that ended before this moment are dropped. */
  keepSince: number;
}

function prune(history: History, limits: Limits): History {
  const { keepSince, maxEvents } = limits;
  return {
    ...history,
    bars: history.bars.filter(
      (bar, index, all) => bar.expiresAt >= keepSince || index === all.length - 1,
    ),
    marks: history.marks.filter((mark) => mark.at >= keepSince),
    spans: history.spans.filter((span) => span.end === null || span.end >= keepSince),
    log: history.log.slice(-maxEvents),
  };
}

/** Adds a mark (and returns the history with it). */
export function addMark(
  history: History,
  at: number,
  kind: MarkKind,
  label: string,
  tab: string | null = null,
): History {
  const mark: Mark = { id: history.nextId, at, kind, label, tab };
  return { ...history, marks: [...history.marks, mark], nextId: history.nextId + 1 };
}

/** Adds a line to the event log. */
export function addLog(
  history: History,
  at: number,
  type: LogEntry['type'],
  text: string,
): History {
  const entry: LogEntry = { id: history.nextId, at, type, text };
  return { ...history, log: [...history.log, entry], nextId: history.nextId + 1 };
}

/** Follows a state change: new token sets, their refresh-due time, refreshes starting. */
export function applyState(
  history: History,
  state: SessionState,
  at: number,
  limits: Limits,
): History {
  let next = history;
  if (state.status !== 'signedIn') {
    const last = next.spans.at(-1);
    if (last?.outcome === 'pending') next = endSpan(next, at, 'failed', 0);
    return prune({ ...next, claims: null }, limits);
  }
  if (state.accessClaims !== next.claims) {
    const skew = state.clockSkewMs;
    const issued =
      typeof state.accessClaims.iat === 'number' ? state.accessClaims.iat * 1000 - skew : at;
    const bar: TokenBar = {
      id: next.nextId,
      issuedAt: Math.min(issued, at),
      expiresAt: state.expiresAt,
      refreshAt: state.refreshAt,
      source: next.claims === null ? 'restored' : 'refresh',
      tab: null,
    };
    next = {
      ...next,
      bars: [...next.bars, bar],
      claims: state.accessClaims,
      nextId: next.nextId + 1,
    };
  } else {
    const last = next.bars.at(-1);
    if (last && (last.refreshAt !== state.refreshAt || last.expiresAt !== state.expiresAt)) {
      const updated = { ...last, refreshAt: state.refreshAt, expiresAt: state.expiresAt };
      next = { ...next, bars: [...next.bars.slice(0, -1), updated] };
    }
  }
  const latest = next.spans.at(-1);
  const running = latest?.outcome === 'pending';
  if (running && !state.refreshing) {
    // Settled: the outcome's event may come after the state; new tokens since the start mean ok.
    const renewed = next.bars.some((bar) => bar.id > latest.id);
    next = endSpan(next, at, renewed ? 'ok' : 'failed', 0);
  } else if (state.refreshing && !running) {
    const span: RefreshSpan = { id: next.nextId, start: at, end: null, outcome: 'pending' };
    next = { ...next, spans: [...next.spans, span], nextId: next.nextId + 1 };
  }
  return prune(next, limits);
}

/**
 * Ends the refresh in progress with its outcome, or corrects the outcome of one that ended less
 * than `withinMs` ago; a refresh nobody saw start gets a span of 0.
 */
export function endSpan(
  history: History,
  at: number,
  outcome: 'ok' | 'failed' | 'adopted',
  withinMs = 1_000,
): History {
  const last = history.spans.at(-1);
  if (last && last.outcome !== 'pending' && last.end !== null && at - last.end <= withinMs) {
    const corrected: RefreshSpan = { ...last, outcome };
    return { ...history, spans: [...history.spans.slice(0, -1), corrected] };
  }
  if (last?.outcome === 'pending') {
    const ended: RefreshSpan = { ...last, end: at, outcome };
    return { ...history, spans: [...history.spans.slice(0, -1), ended] };
  }
  const span: RefreshSpan = { id: history.nextId, start: at, end: at, outcome };
  return { ...history, spans: [...history.spans, span], nextId: history.nextId + 1 };
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let index = items.length - 1; index >= 0; index--) {
    if (test(items[index] as T)) return index;
  }
  return -1;
}

/** Says how the newest token set arrived (its event follows the state change). */
export function labelLastBar(history: History, source: TokenBar['source']): History {
  const last = history.bars.at(-1);
  if (!last || last.source === source) return history;
  return { ...history, bars: [...history.bars.slice(0, -1), { ...last, source }] };
}

/** The tab that refreshed, once the devtools of that tab said so: fills the latest unknown one. */
export function attributeOtherTab(history: History, tab: string, since: number): History {
  const markIndex = lastIndexWhere(
    history.marks,
    (mark) => mark.kind === 'otherTab' && mark.tab === null && mark.at >= since,
  );
  if (markIndex === -1) return history;
  const marks = history.marks.map((mark, index) =>
    index === markIndex ? { ...mark, tab, label: `tokens refreshed by tab ${tab}` } : mark,
  );
  const barIndex = lastIndexWhere(
    history.bars,
    (bar) => bar.source === 'otherTab' && bar.tab === null,
  );
  const bars = history.bars.map((bar, index) => (index === barIndex ? { ...bar, tab } : bar));
  return { ...history, marks, bars };
}
