/**
 * The timeline as geometry: a time scale over the window, and the history's bars, marks and
 * refresh spans placed on it. Pure; timelineView.ts draws the result as SVG.
 */
import { clockTime, duration } from './format.js';
import type { History, Mark, RefreshSpan, TokenBar } from './history.js';

/** The share of the window that lies ahead of now (the refresh due, the expiry). */
export const FUTURE_SHARE = 0.2;

export interface TimeScale {
  start: number;
  end: number;
  /** x of time `at`, clamped to the drawing. */
  x(at: number): number;
}

/** Maps [start, end] onto [0, width]. */
export function timeScale(start: number, end: number, width: number): TimeScale {
  const span = Math.max(1, end - start);
  return {
    start,
    end,
    x: (at) => Math.min(width, Math.max(0, ((at - start) / span) * width)),
  };
}

/** The window of the timeline at `now`: most of it past, a fifth ahead. */
export function timeWindow(now: number, windowMs: number): { start: number; end: number } {
  return { start: now - windowMs * (1 - FUTURE_SHARE), end: now + windowMs * FUTURE_SHARE };
}

export interface PlacedBar {
  bar: TokenBar;
  x: number;
  width: number;
  /** 0 or 1: consecutive token sets alternate rows, so an overlap shows. */
  row: number;
  /** x of the refresh-due mark on the bar; null when none is due within the window. */
  dueX: number | null;
  label: string;
}

export interface PlacedMark {
  mark: Mark;
  x: number;
  label: string;
}

export interface PlacedSpan {
  span: RefreshSpan;
  x: number;
  width: number;
  label: string;
}

export interface TimelineLayout {
  scale: TimeScale;
  nowX: number;
  ticks: Array<{ x: number; label: string }>;
  bars: PlacedBar[];
  marks: PlacedMark[];
  spans: PlacedSpan[];
}

const SOURCE_TEXT: Record<TokenBar['source'], string> = {
  signIn: 'from a sign-in',
  refresh: 'refreshed in this tab',
  otherTab: 'from another tab',
  restored: 'restored from storage',
};

const SPAN_TEXT: Record<RefreshSpan['outcome'], string> = {
  pending: 'in progress',
  ok: 'succeeded',
  failed: 'failed',
  adopted: "adopted another tab's tokens",
};

/** A tick every `stepMs` that fits: about six across the window. */
function tickStep(windowMs: number): number {
  const steps = [5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000];
  return steps.find((step) => windowMs / step <= 7) ?? 3_600_000;
}

function overlaps(from: number, to: number, scale: TimeScale): boolean {
  return to >= scale.start && from <= scale.end;
}

/** Places what `history` holds on a timeline `width` wide, at `now`. */
export function layoutTimeline(
  history: History,
  now: number,
  windowMs: number,
  width: number,
): TimelineLayout {
  const { start, end } = timeWindow(now, windowMs);
  const scale = timeScale(start, end, width);
  const step = tickStep(windowMs);
  const ticks: TimelineLayout['ticks'] = [];
  for (let at = Math.ceil(start / step) * step; at <= end; at += step) {
    ticks.push({ x: scale.x(at), label: clockTime(at) });
  }
  const bars = history.bars
    .map((bar, index) => ({ bar, row: index % 2 }))
    .filter(({ bar }) => overlaps(bar.issuedAt, bar.expiresAt, scale))
    .map(({ bar, row }): PlacedBar => {
      const x = scale.x(bar.issuedAt);
      const due = bar.refreshAt !== null && overlaps(bar.refreshAt, bar.refreshAt, scale);
      const from = bar.source === 'otherTab' && bar.tab ? ` (tab ${bar.tab})` : '';
      return {
        bar,
        x,
        width: Math.max(1, scale.x(bar.expiresAt) - x),
        row,
        dueX: due && bar.refreshAt !== null ? scale.x(bar.refreshAt) : null,
        label: `tokens ${SOURCE_TEXT[bar.source]}${from}: issued ${clockTime(bar.issuedAt)}, expire ${clockTime(bar.expiresAt)}${bar.refreshAt === null ? '' : `, refresh due ${clockTime(bar.refreshAt)}`}`,
      };
    });
  const marks = history.marks
    .filter((mark) => overlaps(mark.at, mark.at, scale))
    .map(
      (mark): PlacedMark => ({
        mark,
        x: scale.x(mark.at),
        label: `${clockTime(mark.at)} ${mark.label}`,
      }),
    );
  const spans = history.spans
    .filter((span) => overlaps(span.start, span.end ?? now, scale))
    .map((span): PlacedSpan => {
      const x = scale.x(span.start);
      const ended = span.end ?? now;
      return {
        span,
        x,
        width: Math.max(3, scale.x(ended) - x),
        label: `${clockTime(span.start)} refresh ${SPAN_TEXT[span.outcome]} in ${duration(ended - span.start)}`,
      };
    });
  return { scale, nowX: scale.x(now), ticks, bars, marks, spans };
}
