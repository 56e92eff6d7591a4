import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mount } from '../index.js';
import { HOST_TAG } from '../panel.js';
import { mount as noopMount } from '../production.js';
import { fakeSession, signedIn } from './fakeSession.js';

/** The shadow root's text and every attribute value (the host's too). */
function panelStrings(): string[] {
  const host = document.querySelector(HOST_TAG);
  const root = host?.shadowRoot;
  if (!host || !root) throw new Error('not mounted');
  const strings = [root.textContent ?? ''];
  for (const element of [host, ...root.querySelectorAll('*')]) {
    for (const attribute of element.attributes) strings.push(attribute.value);
  }
  return strings;
}

const shadow = () => document.querySelector(HOST_TAG)?.shadowRoot as ShadowRoot;

describe('the panel (jsdom)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-12-02T10:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  it('opens from its button, shows the state, the claims with dates, and the log, in a shadow root', () => {
    const session = fakeSession(signedIn(Date.now(), 'SIG1SIG1SIG1SIG1SIG1SIG1'));
    const handle = mount(session);
    const toggle = shadow().querySelector('button.toggle') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    toggle.click();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const text = shadow().textContent ?? '';
    expect(text).toContain('ada@example.com');
    expect(shadow().querySelector('td[data-claim="exp"]')?.textContent).toMatch(
      /^2026-12-02 \d\d:01:00 \(in 1 m 0 s\)$/,
    );
    session.emit('refreshFailed', {
      error: { code: 'network', message: 'offline' } as never,
      willRetry: true,
      retryInMs: 2_000,
    });
    expect(
      shadow().querySelector('[data-log] li[data-event-type="refreshFailed"]')?.textContent,
    ).toContain('retry in 2 s');
    expect(shadow().querySelector('[data-moments] li[data-kind="retry"]')).not.toBeNull();
    // Filters hide a type.
    (shadow().querySelector('input[data-filter="refreshFailed"]') as HTMLInputElement).click();
    expect(shadow().querySelector('[data-log] li[data-event-type="refreshFailed"]')).toBeNull();
    // Nothing of the panel is in the page's light DOM besides its host.
    expect(document.body.children).toHaveLength(1);
    expect(document.head.querySelector('style')).toBeNull();
    handle.unmount();
    expect(document.querySelector(HOST_TAG)).toBeNull();
  });

  it('never puts a token string in its DOM text or attributes', () => {
    const now = Date.now();
    const first = signedIn(now, 'FIRSTSIGNATUREFIRSTSIGNATURE');
    const session = fakeSession(first);
    mount(session, undefined, { initialIsOpen: true });
    const second = signedIn(now + 30_000, 'SECONDSIGNATURESECONDSIGNATURE');
    vi.advanceTimersByTime(30_000);
    session.set({ ...first, refreshing: true });
    session.set(second);
    session.emit('refreshed', {
      tokens: {
        user: (second as never as { user: never }).user,
        accessClaims: {} as never,
        expiresAt: now + 90_000,
        hasRefreshToken: true,
        refreshTokenRotated: false,
      },
    });
    vi.advanceTimersByTime(2_000);
    const strings = panelStrings();
    expect(strings.join(' ')).toContain('ada@example.com');
    for (const state of [first, second]) {
      if (state.status !== 'signedIn') throw new Error('signed in');
      for (const token of [state.tokens.idToken, state.tokens.accessToken]) {
        const signature = token.split('.')[2] ?? '';
        for (const text of strings) {
          expect(text).not.toContain(token);
          expect(text).not.toContain(signature);
        }
      }
    }
  });

  it('moves with time while live and stands still when paused', () => {
    const session = fakeSession(signedIn(Date.now(), 'SIG2SIG2SIG2SIG2SIG2SIG2'));
    mount(session, undefined, { initialIsOpen: true });
    const nowX = () => shadow().querySelector('svg line.now')?.getAttribute('x1');
    const barX = () => Number(shadow().querySelector('svg rect.bar')?.getAttribute('x'));
    const x0 = barX();
    vi.advanceTimersByTime(10_000);
    expect(barX()).toBeLessThan(x0);
    (shadow().querySelector('button[data-action="pause"]') as HTMLButtonElement).click();
    const paused = barX();
    vi.advanceTimersByTime(10_000);
    expect(barX()).toBe(paused);
    expect(nowX()).toBe('480');
  });
});

describe('the production twin', () => {
  it('mounts nothing and has the same API', () => {
    const session = fakeSession({ status: 'signedOut', reason: null });
    const handle = noopMount(session);
    handle.open();
    expect(document.body.children).toHaveLength(0);
    expect(Object.keys(handle).sort()).toEqual(['close', 'open', 'unmount']);
    const real = mount(session);
    expect(Object.keys(real).sort()).toEqual(Object.keys(handle).sort());
    real.unmount();
  });
});

describe('the panel, part by part (jsdom)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date(2026, 11, 2, 10, 0, 0) });
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
  });

  const status = () => shadow().querySelector('p.status')?.textContent;
  const badge = () => shadow().querySelector('[data-testid="devtools-status"]') as HTMLElement;
  const panel = () => shadow().querySelector('section.panel') as HTMLElement;
  const toggle = () => shadow().querySelector('button.toggle') as HTMLButtonElement;

  it('says what the session is doing in its status line and badge', () => {
    const now = Date.now();
    const state = signedIn(now, 'SIG3SIG3SIG3SIG3');
    const session = fakeSession({ status: 'loading' } as never);
    mount(session);
    expect(status()).toBe('reading the stored session…');
    expect([badge().textContent, badge().dataset.status]).toEqual(['loading', 'loading']);
    session.set({ status: 'signedOut', reason: 'refreshTokenRevoked' } as never);
    vi.advanceTimersByTime(1_000);
    expect(status()).toBe('reason: refreshTokenRevoked');
    expect(badge().dataset.status).toBe('signedOut');
    session.set({ status: 'signedOut', reason: null } as never);
    vi.advanceTimersByTime(1_000);
    expect(status()).toBe('');
    session.set(state);
    vi.advanceTimersByTime(1_000);
    expect(status()).toBe('ada@example.com · expires in 57 s · refresh due in 27 s');
    session.set({
      ...state,
      refreshAt: null,
      refreshing: true,
      expired: true,
      error: { code: 'network' } as never,
    });
    expect(status()).toBe(
      'ada@example.com · expires in 57 s · refreshing · expired · degraded: network',
    );
  });

  it('opens and closes from its button, its close button and Escape, focusing as it goes', () => {
    mount(fakeSession(signedIn(Date.now(), 'SIG4SIG4SIG4SIG4')));
    expect(document.querySelector(HOST_TAG)?.getAttribute('data-position')).toBe('bottom-right');
    expect(panel().hidden).toBe(true);
    toggle().click();
    expect(panel().hidden).toBe(false);
    expect(shadow().activeElement).toBe(panel());
    panel().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(panel().hidden).toBe(false);
    panel().dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }));
    expect(panel().hidden).toBe(true);
    expect(toggle().getAttribute('aria-expanded')).toBe('false');
    expect(shadow().activeElement).toBe(toggle());
    toggle().click();
    (shadow().querySelector('button[aria-label="Close devtools"]') as HTMLButtonElement).click();
    expect(panel().hidden).toBe(true);
    expect(shadow().activeElement).toBe(toggle());
  });

  it('mounts where it is told, in the corner it is told, and its handle opens and closes it', () => {
    const container = document.createElement('div');
    document.body.append(container);
    const handle = mount(fakeSession(signedIn(Date.now(), 'SIG5SIG5SIG5SIG5')), container, {
      position: 'top-left',
    });
    const host = container.querySelector(HOST_TAG);
    expect(host?.getAttribute('data-position')).toBe('top-left');
    handle.open();
    expect(panel().hidden).toBe(false);
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    handle.close();
    expect(panel().hidden).toBe(true);
    handle.unmount();
    expect(container.children).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('draws the timeline only while open, and says what it spans', () => {
    const session = fakeSession(signedIn(Date.now(), 'SIG6SIG6SIG6SIG6'));
    mount(session, undefined, { windowMinutes: 0.1 });
    const svg = () => shadow().querySelector('svg') as SVGElement;
    expect(svg().children).toHaveLength(0);
    toggle().click();
    expect(svg().getAttribute('aria-label')).toBe(
      'Timeline of 0.5 minutes up to 10:00:00: 1 token sets, 0 refreshes, 0 other moments',
    );
    expect(shadow().querySelector('[data-tab]')?.textContent).toMatch(/^this tab: [0-9a-f]{4}$/);
    document.body.replaceChildren();
    mount(session, undefined, { initialIsOpen: true });
    expect(svg().getAttribute('aria-label')).toMatch(/^Timeline of 3 minutes up to /);
    // Opened at mount, the panel does not take the focus from the page.
    expect(shadow().activeElement).toBeNull();
  });

  it('pauses the timeline and resumes it, saying which it will do', () => {
    mount(fakeSession(signedIn(Date.now(), 'SIG7SIG7SIG7SIG7')), undefined, {
      initialIsOpen: true,
    });
    const pause = shadow().querySelector('button[data-action="pause"]') as HTMLButtonElement;
    pause.click();
    expect([pause.textContent, pause.getAttribute('aria-pressed')]).toEqual(['Resume', 'true']);
    vi.advanceTimersByTime(5_000);
    expect(shadow().querySelector('svg')?.getAttribute('aria-label')).toContain('up to 10:00:00');
    pause.click();
    expect([pause.textContent, pause.getAttribute('aria-pressed')]).toEqual(['Pause', 'false']);
    expect(shadow().querySelector('svg')?.getAttribute('aria-label')).toContain('up to 10:00:05');
  });

  it('keeps 200 events by default, or as many as it is told', () => {
    // Closed while the events come (a closed panel draws only its status), then opened.
    const session = fakeSession(signedIn(Date.now(), 'SIG8SIG8SIG8SIG8'));
    let handle = mount(session);
    const emitMany = (count: number) => {
      for (let index = 0; index < count; index++) {
        session.emit('tokensChanged', { source: 'refresh' } as never);
      }
      // A state change prunes the log.
      session.set({ ...session.getState(), refreshing: false } as never);
    };
    emitMany(205);
    handle.open();
    expect(shadow().querySelectorAll('[data-log] li')).toHaveLength(200);
    handle.unmount();
    handle = mount(session, undefined, { maxEvents: 5 });
    emitMany(7);
    handle.open();
    expect(shadow().querySelectorAll('[data-log] li')).toHaveLength(5);
  });
});

describe('the panel for assistive technology (jsdom)', () => {
  afterEach(() => {
    document.body.replaceChildren();
  });

  it('names its controls, regions and headings, and explains its colours', () => {
    mount(fakeSession(signedIn(Date.now(), 'SIG9SIG9SIG9SIG9')));
    const root = shadow();
    const toggle = root.querySelector('button.toggle') as HTMLButtonElement;
    expect(
      ['type', 'aria-controls', 'aria-label'].map((name) => toggle.getAttribute(name)),
    ).toEqual(['button', 'panel', 'sessionkit devtools']);
    expect(toggle.textContent).toBe('sessionkit');
    const panel = root.getElementById('panel') as HTMLElement;
    expect([panel.getAttribute('aria-label'), panel.tabIndex]).toEqual([
      'sessionkit devtools panel',
      -1,
    ]);
    expect([...root.querySelectorAll('h2, h3')].map((heading) => heading.textContent)).toEqual([
      'sessionkit',
      'Timeline',
      'Actions',
      'Claims',
      'Events',
    ]);
    expect(root.querySelector('p.status')?.getAttribute('aria-live')).toBe('polite');
    const pause = root.querySelector('button[data-action="pause"]') as HTMLButtonElement;
    expect([pause.type, pause.getAttribute('aria-pressed'), pause.textContent]).toEqual([
      'button',
      'false',
      'Pause',
    ]);
    const close = root.querySelector('button[aria-label="Close devtools"]') as HTMLButtonElement;
    expect([close.type, close.textContent]).toEqual(['button', 'Close']);
    expect(root.querySelector('svg')?.getAttribute('role')).toBe('img');
    expect(root.querySelector('svg')?.hasAttribute('data-timeline')).toBe(true);
    for (const [selector, label] of [
      ['[data-moments]', 'Recent moments'],
      ['[data-log]', 'Events'],
    ]) {
      const list = root.querySelector(selector as string) as HTMLElement;
      expect([list.tagName, list.getAttribute('aria-label'), list.tabIndex]).toEqual([
        'OL',
        label,
        0,
      ]);
    }
    expect(root.querySelector('[data-claims]')?.tagName).toBe('DIV');
    const legend = [...root.querySelectorAll('.legend > span')].map((item) => {
      const swatch = item.querySelector('.swatch') as HTMLElement;
      return [swatch.getAttribute('aria-hidden'), swatch.style.background, item.textContent];
    });
    expect(legend).toEqual([
      ['true', 'rgb(29, 78, 216)', 'tokens (this tab)'],
      ['true', 'rgb(109, 40, 217)', 'tokens from another tab'],
      ['true', 'rgb(4, 120, 87)', 'sign-in'],
      ['true', 'rgb(251, 191, 36)', 'refresh due / now'],
      ['true', 'rgb(74, 222, 128)', 'refresh ok'],
      ['true', 'rgb(248, 113, 113)', 'failed'],
    ]);
    expect(root.querySelector('.spacer')?.tagName).toBe('SPAN');
    expect(root.querySelector('.badge')?.getAttribute('data-testid')).toBe('devtools-status');
  });

  it('enables the actions while signed in and disables them once signed out', () => {
    const session = fakeSession(signedIn(Date.now(), 'SIGASIGASIGASIGA'));
    mount(session);
    const refresh = () =>
      shadow().querySelector('button[data-action="refresh"]') as HTMLButtonElement;
    expect(refresh().disabled).toBe(false);
    session.set({ status: 'signedOut', reason: 'userSignedOut' } as never);
    expect(refresh().disabled).toBe(true);
  });
});
