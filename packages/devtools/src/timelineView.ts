/** Draws a {@link TimelineLayout} as SVG, and the recent moments as a list beside it. */
import { h, replaceChildren, s } from './dom.js';
import { clockTime } from './format.js';
import type { TimelineLayout } from './timelineModel.js';

export const TIMELINE_WIDTH = 600;
const HEIGHT = 100;
const BAR_HEIGHT = 14;
const SPAN_Y = 44;
const DOT_Y = 64;
const AXIS_Y = 76;

/** Redraws `svg` from `layout`. */
export function drawTimeline(svg: SVGElement, layout: TimelineLayout, summary: string): void {
  svg.setAttribute('viewBox', `0 0 ${TIMELINE_WIDTH} ${HEIGHT}`);
  svg.setAttribute('aria-label', summary);
  const parts: SVGElement[] = [];
  parts.push(s('line', { class: 'axis', x1: 0, x2: TIMELINE_WIDTH, y1: AXIS_Y, y2: AXIS_Y }));
  for (const tick of layout.ticks) {
    parts.push(s('line', { class: 'axis', x1: tick.x, x2: tick.x, y1: AXIS_Y, y2: AXIS_Y + 4 }));
    parts.push(
      s('text', { class: 'tick', x: tick.x, y: AXIS_Y + 16, 'text-anchor': 'middle' }, tick.label),
    );
  }
  for (const placed of layout.bars) {
    const y = placed.row === 1 ? 24 : 6;
    parts.push(
      s(
        'rect',
        {
          class: 'bar',
          x: placed.x,
          y,
          width: placed.width,
          height: BAR_HEIGHT,
          rx: 2,
          'data-source': placed.bar.source,
          'data-tab': placed.bar.tab,
          'data-refresh-at': placed.bar.refreshAt,
        },
        s('title', {}, placed.label),
      ),
    );
    if (placed.dueX !== null) {
      parts.push(
        s(
          'line',
          { class: 'due', x1: placed.dueX, x2: placed.dueX, y1: y - 3, y2: y + BAR_HEIGHT + 3 },
          s('title', {}, `refresh due ${clockTime(placed.bar.refreshAt ?? 0)}`),
        ),
      );
    }
  }
  for (const placed of layout.spans) {
    parts.push(
      s(
        'rect',
        {
          class: 'span',
          x: placed.x,
          y: SPAN_Y,
          width: placed.width,
          height: 10,
          'data-outcome': placed.span.outcome,
        },
        s('title', {}, placed.label),
      ),
    );
  }
  for (const placed of layout.marks) {
    parts.push(s('line', { class: 'mark', x1: placed.x, x2: placed.x, y1: 0, y2: AXIS_Y }));
    parts.push(
      s(
        'circle',
        {
          class: 'dot',
          cx: placed.x,
          cy: DOT_Y,
          r: 4,
          'data-kind': placed.mark.kind,
          'data-tab': placed.mark.tab,
        },
        s('title', {}, placed.label),
      ),
    );
  }
  parts.push(s('line', { class: 'now', x1: layout.nowX, x2: layout.nowX, y1: 0, y2: AXIS_Y }));
  replaceChildren(svg, ...parts);
}

/** The newest moments first, as text: what the SVG shows, for screen readers and searching. */
export function drawMoments(list: HTMLElement, layout: TimelineLayout, limit = 12): void {
  const items = [
    ...layout.spans.map((placed) => ({
      at: placed.span.start,
      node: h(
        'li',
        {
          'data-kind': 'refresh',
          'data-outcome': placed.span.outcome,
          'data-at': placed.span.start,
        },
        h('time', {}, clockTime(placed.span.start)),
        placed.label.slice(9),
      ),
    })),
    ...layout.marks.map((placed) => ({
      at: placed.mark.at,
      node: h(
        'li',
        { 'data-kind': placed.mark.kind, 'data-tab': placed.mark.tab, 'data-at': placed.mark.at },
        h('time', {}, clockTime(placed.mark.at)),
        placed.mark.label,
      ),
    })),
  ]
    .sort((a, b) => b.at - a.at)
    .slice(0, limit);
  replaceChildren(list, ...items.map((item) => item.node));
}
