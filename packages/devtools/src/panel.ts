/**
 * The panel: a floating button in a shadow root that opens the session's state, timeline,
 * claims, actions and event log. Framework-free; `SessionDevtools` (react.tsx) mounts it.
 */
import type { Session, SessionState } from '@sessionkit/core';
import { createActions } from './actionsView.js';
import { drawClaims } from './claimsView.js';
import { h, replaceChildren, s } from './dom.js';
import { clockTime, relative, userName } from './format.js';
import { drawLog, logFilters } from './logView.js';
import { createRecorder } from './recorder.js';
import { applyStyles } from './styles.js';
import { layoutTimeline } from './timelineModel.js';
import { drawMoments, drawTimeline, TIMELINE_WIDTH } from './timelineView.js';
import type { DevtoolsHandle, DevtoolsOptions } from './types.js';

/** The host element's name: also what a build check looks for (no-op builds lack it). */
export const HOST_TAG = 'sessionkit-devtools';
const TICK_MS = 1_000;

function statusText(state: SessionState, now: number): string {
  if (state.status === 'loading') return 'reading the stored session…';
  if (state.status === 'signedOut') return state.reason ? `reason: ${state.reason}` : '';
  const parts = [userName(state.user), `expires ${relative(state.expiresAt, now)}`];
  if (state.refreshAt !== null) parts.push(`refresh due ${relative(state.refreshAt, now)}`);
  if (state.refreshing) parts.push('refreshing');
  if (state.expired) parts.push('expired');
  if (state.error) parts.push(`degraded: ${state.error.code}`);
  return parts.join(' · ');
}

function legendItem(color: string, text: string): HTMLElement {
  const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.background = color;
  return h('span', {}, swatch, text);
}

/** The real panel; see {@link Mount}. */
export function mount(
  session: Session,
  element?: HTMLElement,
  options: DevtoolsOptions = {},
): DevtoolsHandle {
  const windowMs = Math.max(0.5, options.windowMinutes ?? 3) * 60_000;
  const recorder = createRecorder(session, { maxEvents: options.maxEvents ?? 200, windowMs });
  const host = document.createElement(HOST_TAG);
  host.setAttribute('data-position', options.position ?? 'bottom-right');
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root);

  let paused: number | null = null;
  const hidden = new Set<string>();
  const toggle = h(
    'button',
    {
      type: 'button',
      class: 'toggle',
      'aria-expanded': 'false',
      'aria-controls': 'panel',
      'aria-label': 'sessionkit devtools',
    },
    'sessionkit',
  );
  const badge = h('span', { class: 'badge', 'data-testid': 'devtools-status' });
  const status = h('p', { class: 'status', 'aria-live': 'polite' });
  const pause = h(
    'button',
    { type: 'button', 'aria-pressed': 'false', 'data-action': 'pause' },
    'Pause',
  );
  const close = h('button', { type: 'button', 'aria-label': 'Close devtools' }, 'Close');
  const svg = s('svg', { role: 'img', 'data-timeline': '' });
  const moments = h('ol', { 'aria-label': 'Recent moments', 'data-moments': '', tabindex: 0 });
  const claims = h('div', { 'data-claims': '' });
  const log = h('ol', { 'aria-label': 'Events', 'data-log': '', tabindex: 0 });
  const actions = createActions(session, recorder);
  const panel = h(
    'section',
    {
      class: 'panel',
      id: 'panel',
      'aria-label': 'sessionkit devtools panel',
      hidden: true,
      tabindex: -1,
    },
    h(
      'header',
      {},
      h('h2', {}, 'sessionkit'),
      badge,
      h('span', { class: 'muted', 'data-tab': recorder.tab }, `this tab: ${recorder.tab}`),
      h('span', { class: 'spacer' }),
      pause,
      close,
    ),
    status,
    h('h3', {}, 'Timeline'),
    svg,
    h(
      'div',
      { class: 'legend' },
      legendItem('#1d4ed8', 'tokens (this tab)'),
      legendItem('#6d28d9', 'tokens from another tab'),
      legendItem('#047857', 'sign-in'),
      legendItem('#fbbf24', 'refresh due / now'),
      legendItem('#4ade80', 'refresh ok'),
      legendItem('#f87171', 'failed'),
    ),
    moments,
    h('h3', {}, 'Actions'),
    actions.element,
    h('h3', {}, 'Claims'),
    claims,
    h('h3', {}, 'Events'),
    logFilters(hidden, () => drawLog(log, recorder.history.log, hidden)),
    log,
  );
  root.append(panel, toggle);

  function render() {
    const state = session.getState();
    const now = Date.now();
    badge.textContent = state.status;
    badge.dataset.status = state.status;
    status.textContent = statusText(state, now);
    actions.update(state.status === 'signedIn');
    if (panel.hidden) return;
    const at = paused ?? now;
    const layout = layoutTimeline(recorder.history, at, windowMs, TIMELINE_WIDTH);
    const minutes = Math.round(windowMs / 6_000) / 10;
    drawTimeline(
      svg,
      layout,
      `Timeline of ${minutes} minutes up to ${clockTime(at)}: ${layout.bars.length} token sets, ${layout.spans.length} refreshes, ${layout.marks.length} other moments`,
    );
    drawMoments(moments, layout);
    drawClaims(claims, state, now);
    drawLog(log, recorder.history.log, hidden);
  }

  function setOpen(open: boolean, focus = true) {
    panel.hidden = !open;
    toggle.setAttribute('aria-expanded', String(open));
    render();
    if (open && focus) panel.focus();
  }
  toggle.addEventListener('click', () => setOpen(panel.hidden));
  close.addEventListener('click', () => {
    setOpen(false);
    toggle.focus();
  });
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    setOpen(false);
    toggle.focus();
  });
  pause.addEventListener('click', () => {
    paused = paused === null ? Date.now() : null;
    pause.setAttribute('aria-pressed', String(paused !== null));
    replaceChildren(pause, paused === null ? 'Pause' : 'Resume');
    render();
  });

  recorder.onChange(render);
  const timer = setInterval(render, TICK_MS);
  (element ?? document.body).append(host);
  setOpen(options.initialIsOpen ?? false, false);

  return {
    open: () => setOpen(true),
    close: () => setOpen(false),
    unmount() {
      clearInterval(timer);
      recorder.dispose();
      host.remove();
    },
  };
}
