import { afterEach, describe, expect, it, vi } from 'vitest';
import { claimRows, drawClaims } from '../claimsView.js';
import { h, replaceChildren, s } from '../dom.js';
import { clockTime, dateTime } from '../format.js';
import { addLog, addMark, EMPTY_HISTORY, endSpan, type History } from '../history.js';
import { drawLog, filterLog, LOG_TYPES, logFilters } from '../logView.js';
import { FUTURE_SHARE, layoutTimeline, timeScale } from '../timelineModel.js';
import { drawMoments, drawTimeline, TIMELINE_WIDTH } from '../timelineView.js';
import { signedIn } from './fakeSession.js';

const T0 = new Date(2026, 11, 2, 10, 0, 0).getTime();

function bar(id: number, issuedAt: number, expiresAt: number, extra: object = {}) {
  return {
    id,
    issuedAt,
    expiresAt,
    refreshAt: null,
    source: 'refresh',
    tab: null,
    ...extra,
  } as History['bars'][number];
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('the DOM helpers', () => {
  it('set attributes (true as empty, null, undefined and false left out) and append children', () => {
    const element = h(
      'div',
      { id: 'a', hidden: true, title: null, lang: undefined, draggable: false, tabindex: 0 },
      'text',
      null,
      undefined,
      false,
      h('span', {}, 'inner'),
    );
    expect(element.outerHTML).toBe(
      '<div id="a" hidden="" tabindex="0">text<span>inner</span></div>',
    );
    const svg = s('circle', { r: 4 });
    expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
    expect(svg.getAttribute('r')).toBe('4');
    replaceChildren(element, 'only', null, false);
    expect(element.innerHTML).toBe('only');
    // Text is text, never markup.
    expect(h('p', {}, '<b>x</b>').children).toHaveLength(0);
  });
});

describe('the timeline layout', () => {
  it('puts a fifth of the window ahead of now and a tick about every sixth of it', () => {
    expect(FUTURE_SHARE).toBe(0.2);
    const cases: Array<[number, number]> = [
      [30_000, 5_000],
      [35_000, 5_000],
      [35_001, 10_000],
      [180_000, 30_000],
      [600_000, 120_000],
      [12_600_000, 1_800_000],
      [12_600_001, 3_600_000],
    ];
    for (const [windowMs, step] of cases) {
      const now = T0;
      const layout = layoutTimeline(EMPTY_HISTORY, now, windowMs, 1_000);
      const start = now - windowMs * 0.8;
      const first = Math.ceil(start / step) * step;
      expect(layout.ticks[0]?.label).toBe(clockTime(first));
      expect(layout.ticks[1]?.label).toBe(clockTime(first + step));
      expect(layout.ticks.length).toBe(Math.floor((now + windowMs * 0.2 - first) / step) + 1);
    }
  });

  it('keeps a scale of zero length from dividing by zero', () => {
    expect(timeScale(100, 100, 500).x(101)).toBe(500);
    expect(timeScale(100, 100, 500).x(100)).toBe(0);
  });

  it('places bars on alternating rows, with their refresh due and a label', () => {
    const history = {
      ...EMPTY_HISTORY,
      bars: [
        bar(1, T0 - 90_000, T0 - 30_000, { refreshAt: T0 - 60_000, source: 'signIn' }),
        bar(2, T0 - 30_000, T0 + 30_000, { refreshAt: T0 + 60_000 }),
        bar(3, T0 - 10_000, T0 + 50_000, { source: 'otherTab', tab: 'beef', refreshAt: T0 + 1 }),
        bar(4, T0, T0, { source: 'otherTab' }),
      ],
    };
    const layout = layoutTimeline(history, T0, 100_000, 1_000);
    expect(layout.bars.map((placed) => [placed.x, placed.width, placed.row, placed.dueX])).toEqual([
      [0, 500, 0, 200],
      [500, 500, 1, null],
      [700, 300, 0, 800.01],
      [800, 1, 1, null],
    ]);
    expect(layout.bars[0]?.label).toBe(
      `tokens from a sign-in: issued ${clockTime(T0 - 90_000)}, expire ${clockTime(T0 - 30_000)}, refresh due ${clockTime(T0 - 60_000)}`,
    );
    expect(layout.bars[2]?.label).toBe(
      `tokens from another tab (tab beef): issued ${clockTime(T0 - 10_000)}, expire ${clockTime(T0 + 50_000)}, refresh due ${clockTime(T0 + 1)}`,
    );
    expect(layout.bars[3]?.label).toBe(
      `tokens from another tab: issued ${clockTime(T0)}, expire ${clockTime(T0)}`,
    );
    const restored = layoutTimeline(
      { ...EMPTY_HISTORY, bars: [bar(1, T0, T0 + 1, { source: 'restored' })] },
      T0,
      100_000,
      1_000,
    );
    expect(restored.bars[0]?.label).toMatch(/^tokens restored from storage: /);
    expect(layoutTimeline(history, T0, 100_000, 1_000).bars[1]?.label).toMatch(
      /^tokens refreshed in this tab: /,
    );
  });

  it('leaves out what lies wholly before or after the window, and keeps what touches its edges', () => {
    const history = {
      ...EMPTY_HISTORY,
      bars: [
        bar(1, T0 - 200_000, T0 - 80_001),
        bar(2, T0 - 200_000, T0 - 80_000),
        bar(3, T0 + 20_000, T0 + 30_000),
        bar(4, T0 + 20_001, T0 + 30_000),
      ],
      marks: [
        { id: 5, at: T0 - 80_001, kind: 'offline', label: 'out', tab: null },
        { id: 6, at: T0 + 20_000, kind: 'offline', label: 'in', tab: null },
        { id: 7, at: T0 + 20_001, kind: 'offline', label: 'ahead', tab: null },
      ],
      spans: [
        { id: 8, start: T0 - 90_000, end: T0 - 80_001, outcome: 'ok' },
        { id: 9, start: T0 - 90_000, end: T0 - 80_000, outcome: 'failed' },
      ],
    } as History;
    const layout = layoutTimeline(history, T0, 100_000, 1_000);
    expect(layout.bars.map((placed) => placed.bar.id)).toEqual([2, 3]);
    expect(layout.bars[0]).toMatchObject({ x: 0, width: 1, row: 1 });
    expect(layout.marks.map((placed) => [placed.mark.label, placed.x, placed.label])).toEqual([
      ['in', 1_000, `${clockTime(T0 + 20_000)} in`],
    ]);
    expect(layout.spans.map((placed) => placed.span.id)).toEqual([9]);
  });

  it('draws a running refresh up to now and labels spans by outcome and duration', () => {
    let history = endSpan(EMPTY_HISTORY, T0 - 20_000, 'adopted');
    history = {
      ...history,
      spans: [
        ...history.spans,
        { id: 9, start: T0 - 10_000, end: null, outcome: 'pending' },
        { id: 10, start: T0 - 50_000, end: T0 - 48_500, outcome: 'failed' },
      ],
    };
    const layout = layoutTimeline(history, T0, 100_000, 1_000);
    expect(layout.spans.map((placed) => [placed.x, placed.width, placed.label])).toEqual([
      [600, 3, `${clockTime(T0 - 20_000)} refresh adopted another tab's tokens in 0 ms`],
      [700, 100, `${clockTime(T0 - 10_000)} refresh in progress in 10 s`],
      [300, 15, `${clockTime(T0 - 50_000)} refresh failed in 1 s`],
    ]);
    expect(layout.nowX).toBe(800);
  });
});

describe('the timeline drawing', () => {
  it('draws the axis, ticks, bars with their due line, spans, marks and now', () => {
    const history = addMark(
      {
        ...EMPTY_HISTORY,
        bars: [
          bar(1, T0 - 60_000, T0 + 10_000, { refreshAt: T0 - 5_000 }),
          bar(2, T0 - 5_000, T0 + 55_000, { source: 'otherTab', tab: 'beef' }),
        ],
        spans: [{ id: 3, start: T0 - 5_000, end: T0 - 4_000, outcome: 'ok' }],
        nextId: 4,
      },
      T0 - 3_000,
      'otherTab',
      'tokens from another tab',
      'beef',
    );
    const layout = layoutTimeline(history, T0, 100_000, TIMELINE_WIDTH);
    const svg = s('svg');
    drawTimeline(svg, layout, 'summary text');
    expect(svg.getAttribute('viewBox')).toBe('0 0 600 100');
    expect(svg.getAttribute('aria-label')).toBe('summary text');
    const rects = [...svg.querySelectorAll('rect.bar')];
    expect(rects.map((rect) => [rect.getAttribute('y'), rect.getAttribute('data-source')])).toEqual(
      [
        ['6', 'refresh'],
        ['24', 'otherTab'],
      ],
    );
    expect(rects[1]?.getAttribute('data-tab')).toBe('beef');
    expect(rects[0]?.hasAttribute('data-tab')).toBe(false);
    expect(rects[0]?.getAttribute('data-refresh-at')).toBe(String(T0 - 5_000));
    expect(rects[0]?.querySelector('title')?.textContent).toBe(layout.bars[0]?.label);
    const due = svg.querySelectorAll('line.due');
    expect(due).toHaveLength(1);
    expect(due[0]?.getAttribute('x1')).toBe(String(layout.bars[0]?.dueX));
    expect(due[0]?.textContent).toBe(`refresh due ${clockTime(T0 - 5_000)}`);
    expect(svg.querySelector('rect.span')?.getAttribute('data-outcome')).toBe('ok');
    const dot = svg.querySelector('circle.dot');
    expect([dot?.getAttribute('data-kind'), dot?.getAttribute('data-tab')]).toEqual([
      'otherTab',
      'beef',
    ]);
    expect(svg.querySelectorAll('line.mark')).toHaveLength(1);
    expect(svg.querySelector('line.now')?.getAttribute('x1')).toBe('480');
    const ticks = [...svg.querySelectorAll('text.tick')];
    expect(ticks).toHaveLength(layout.ticks.length);
    expect([ticks[0]?.getAttribute('y'), ticks[0]?.getAttribute('text-anchor')]).toEqual([
      '92',
      'middle',
    ]);
    expect(ticks[0]?.textContent).toBe(layout.ticks[0]?.label);
    const axis = [...svg.querySelectorAll('line.axis')];
    expect(axis).toHaveLength(layout.ticks.length + 1);
    expect(['x1', 'x2', 'y1', 'y2'].map((name) => axis[0]?.getAttribute(name))).toEqual([
      '0',
      '600',
      '76',
      '76',
    ]);
    expect(['y1', 'y2'].map((name) => axis[1]?.getAttribute(name))).toEqual(['76', '80']);
    expect(['y1', 'y2'].map((name) => due[0]?.getAttribute(name))).toEqual(['3', '23']);
    expect(svg.children[0]?.tagName).toBe('line');
    // Redrawing replaces, never appends.
    drawTimeline(svg, layoutTimeline(EMPTY_HISTORY, T0, 100_000, TIMELINE_WIDTH), 'empty');
    expect(svg.querySelectorAll('rect')).toHaveLength(0);
  });

  it('lists the newest moments first, at most the limit, refreshes by outcome', () => {
    let history: History = EMPTY_HISTORY;
    for (let index = 0; index < 5; index++) {
      history = addMark(history, T0 - 50_000 + index * 1_000, 'offline', `mark ${index}`);
    }
    history = endSpan(history, T0 - 30_000, 'failed');
    const layout = layoutTimeline(history, T0, 100_000, TIMELINE_WIDTH);
    const list = h('ol');
    drawMoments(list, layout, 3);
    expect([...list.children].map((item) => item.textContent)).toEqual([
      `${clockTime(T0 - 30_000)}refresh failed in 0 ms`,
      `${clockTime(T0 - 46_000)}mark 4`,
      `${clockTime(T0 - 47_000)}mark 3`,
    ]);
    expect(list.children[0]?.getAttribute('data-kind')).toBe('refresh');
    expect(list.children[0]?.getAttribute('data-outcome')).toBe('failed');
    expect(list.children[0]?.getAttribute('data-at')).toBe(String(T0 - 30_000));
    expect(list.children[1]?.getAttribute('data-kind')).toBe('offline');
    drawMoments(list, layout);
    expect(list.children).toHaveLength(6);
  });
});

describe('the event log', () => {
  function logOf(...types: Array<History['log'][number]['type']>): History['log'] {
    let history: History = EMPTY_HISTORY;
    types.forEach((type, index) => {
      history = addLog(history, T0 + index * 1_000, type, `line ${index}`);
    });
    return history.log;
  }

  it('offers a filter for every event type and the panel', () => {
    expect(LOG_TYPES).toEqual([
      'signedIn',
      'signedOut',
      'refreshed',
      'refreshFailed',
      'tokensChanged',
      'storageFallback',
      'error',
      'devtools',
    ]);
  });

  it('shows the entries newest first, without the hidden types', () => {
    const log = logOf('signedIn', 'refreshed', 'devtools');
    expect(filterLog(log, new Set()).map((entry) => entry.text)).toEqual([
      'line 2',
      'line 1',
      'line 0',
    ]);
    expect(filterLog(log, new Set(['refreshed'])).map((entry) => entry.text)).toEqual([
      'line 2',
      'line 0',
    ]);
    // The log itself is left in order.
    expect(log.map((entry) => entry.text)).toEqual(['line 0', 'line 1', 'line 2']);
    const list = h('ol');
    drawLog(list, log, new Set(['devtools']));
    expect([...list.children].map((item) => item.textContent)).toEqual([
      `${clockTime(T0 + 1_000)}refreshed: line 1`,
      `${clockTime(T0)}signedIn: line 0`,
    ]);
    expect(list.children[0]?.getAttribute('data-event-type')).toBe('refreshed');
    drawLog(list, log, new Set(LOG_TYPES));
    expect(list.textContent).toBe('No events yet.');
    expect(list.children[0]?.className).toBe('muted');
  });

  it('hides and shows a type from its checkbox, checked when shown', () => {
    const hidden = new Set(['error']);
    const onChange = vi.fn();
    const fieldset = logFilters(hidden, onChange);
    document.body.append(fieldset);
    expect(fieldset.querySelector('legend')?.textContent).toBe('Show events');
    const box = (type: string) =>
      fieldset.querySelector(`input[data-filter="${type}"]`) as HTMLInputElement;
    expect(box('error').checked).toBe(false);
    expect(box('signedIn').checked).toBe(true);
    expect(box('signedIn').closest('label')?.textContent).toBe(' signedIn');
    box('signedIn').click();
    expect([...hidden].sort()).toEqual(['error', 'signedIn']);
    box('error').click();
    expect([...hidden]).toEqual(['signedIn']);
    expect(onChange).toHaveBeenCalledTimes(2);
  });
});

describe('the claims', () => {
  it('lists each claim in the order of the token, times with the time left', () => {
    const seconds = Math.floor(T0 / 1000);
    expect(claimRows({ sub: 'u-1', exp: seconds + 60, 'cognito:groups': ['a'] }, T0)).toEqual([
      ['sub', 'u-1'],
      ['exp', `${dateTime(T0 + 60_000)} (in 1 m 0 s)`],
      ['cognito:groups', '["a"]'],
    ]);
  });

  it('draws both tokens, says whether a refresh token is held, and nothing while signed out', () => {
    const container = h('div');
    const state = signedIn(T0, 'SIG');
    drawClaims(container, state, T0);
    const captions = [...container.querySelectorAll('caption')].map(
      (caption) => caption.textContent,
    );
    expect(captions).toEqual(['ID token', 'Access token']);
    expect(container.querySelector('td[data-claim="email"]')?.textContent).toBe('ada@example.com');
    expect(container.querySelector('th[scope="row"]')?.textContent).toBe('sub');
    expect(container.querySelector('p.muted')?.textContent).toBe(
      'Token strings are not shown; the refresh token is held by the session.',
    );
    drawClaims(container, { ...state, hasRefreshToken: false }, T0);
    expect(container.querySelector('p.muted')?.textContent).toBe(
      'Token strings are not shown; the refresh token is absent.',
    );
    expect(container.querySelectorAll('table')).toHaveLength(2);
    drawClaims(container, { status: 'signedOut', reason: null } as never, T0);
    expect(container.textContent).toBe('No tokens: no user is signed in.');
    expect(container.querySelector('p')?.className).toBe('muted');
  });
});
