import { act, createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { HOST_TAG } from '../panel.js';
import { SessionDevtools } from '../react.js';
import { fakeSession, signedIn } from './fakeSession.js';

// React's act() outside a testing library.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  document.body.replaceChildren();
});

describe('SessionDevtools (React, jsdom)', () => {
  it('mounts the panel with its props, remounts when they change and removes it on unmount', () => {
    const session = fakeSession(signedIn(Date.now(), 'SIGRSIGRSIGRSIGR'));
    const app = document.createElement('div');
    const container = document.createElement('div');
    document.body.append(app, container);
    const root = createRoot(app);
    const render = (position: 'top-left' | 'bottom-left', initialIsOpen: boolean) =>
      act(() => {
        root.render(
          createElement(SessionDevtools, { session, container, position, initialIsOpen }),
        );
      });

    render('top-left', true);
    const hosts = () => container.querySelectorAll(HOST_TAG);
    expect(hosts()).toHaveLength(1);
    expect(hosts()[0]?.getAttribute('data-position')).toBe('top-left');
    const panel = () => hosts()[0]?.shadowRoot?.querySelector('section.panel') as HTMLElement;
    expect(panel().hidden).toBe(false);
    // It renders nothing of its own into the React tree.
    expect(app.innerHTML).toBe('');

    render('bottom-left', false);
    expect(hosts()).toHaveLength(1);
    expect(hosts()[0]?.getAttribute('data-position')).toBe('bottom-left');
    expect(panel().hidden).toBe(true);

    act(() => root.unmount());
    expect(hosts()).toHaveLength(0);
  });
});
