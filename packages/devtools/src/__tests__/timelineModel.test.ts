import { describe, expect, it } from 'vitest';
import {
  addMark,
  applyState,
  attributeOtherTab,
  EMPTY_HISTORY,
  endSpan,
  labelLastBar,
} from '../history.js';
import { layoutTimeline, timeScale, timeWindow } from '../timelineModel.js';
import { signedIn } from './fakeSession.js';

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0);
const limits = { maxEvents: 10, keepSince: 0 };

describe('the timeline model', () => {
  it('maps times onto the width, clamped, with a fifth of the window ahead', () => {
    const scale = timeScale(0, 1_000, 500);
    expect([scale.x(0), scale.x(500), scale.x(1_000), scale.x(-5), scale.x(2_000)]).toEqual([
      0, 250, 500, 0, 500,
    ]);
    expect(timeWindow(T0, 60_000)).toEqual({ start: T0 - 48_000, end: T0 + 12_000 });
  });

  it('turns states into token bars, refresh spans and marks, and names the tab that refreshed', () => {
    const first = signedIn(T0, 'a');
    let history = applyState(EMPTY_HISTORY, first, T0, limits);
    history = labelLastBar(history, 'signIn');
    expect(history.bars).toMatchObject([
      { issuedAt: T0, expiresAt: T0 + 60_000, refreshAt: T0 + 30_000, source: 'signIn' },
    ]);
    // A refresh: refreshing, then new tokens, then its event.
    history = applyState(history, { ...first, refreshing: true }, T0 + 30_000, limits);
    history = applyState(history, signedIn(T0 + 30_200, 'b'), T0 + 30_200, limits);
    history = endSpan(labelLastBar(history, 'refresh'), T0 + 30_200, 'ok');
    expect(history.spans).toMatchObject([{ start: T0 + 30_000, end: T0 + 30_200, outcome: 'ok' }]);
    expect(history.bars.map((bar) => bar.source)).toEqual(['signIn', 'refresh']);
    // Tokens from another tab, named once that tab's devtools say so.
    history = applyState(history, signedIn(T0 + 60_000, 'c'), T0 + 60_000, limits);
    history = addMark(
      labelLastBar(history, 'otherTab'),
      T0 + 60_000,
      'otherTab',
      'tokens from another tab',
    );
    history = attributeOtherTab(history, 'beef', T0 + 55_000);
    expect(history.marks.at(-1)).toMatchObject({ kind: 'otherTab', tab: 'beef' });
    expect(history.bars.at(-1)).toMatchObject({ source: 'otherTab', tab: 'beef' });

    const layout = layoutTimeline(history, T0 + 60_000, 100_000, 1_000);
    expect(layout.nowX).toBe(800);
    expect(layout.bars.map((bar) => [bar.x, bar.row])).toEqual([
      [200, 0],
      [500, 1],
      [800, 0],
    ]);
    expect(layout.bars[0]?.dueX).toBe(500);
    expect(layout.spans[0]).toMatchObject({ x: 500, width: 3 });
    expect(layout.spans[0]?.label).toContain('refresh succeeded in 200 ms');
    expect(layout.marks[0]?.label).toContain('tokens refreshed by tab beef');
    // What left the window is not placed.
    expect(layoutTimeline(history, T0 + 500_000, 100_000, 1_000).bars).toHaveLength(0);
  });
});
