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
