/**
 * The development actions: refresh now, expire the access token here, make the next provider
 * requests fail as offline, sign out. The hooks come from `@sessionkit/core/devtools`.
 */
import type { Session } from '@sessionkit/core';
import { expireLocally, offlineRequestsLeft, simulateOffline } from '@sessionkit/core/devtools';
import { h } from './dom.js';
import type { Recorder } from './recorder.js';

export interface Actions {
  element: HTMLElement;
  /** Enables what the state allows and shows how many offline requests are left. */
  update(signedIn: boolean): void;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function createActions(session: Session, recorder: Recorder): Actions {
  const run = (label: string, action: () => Promise<unknown> | unknown) => {
    try {
      Promise.resolve(action()).catch((error: unknown) =>
        recorder.note(`${label} failed: ${describe(error)}`),
      );
    } catch (error) {
      recorder.note(`${label} failed: ${describe(error)}`);
    }
  };
  const refresh = h('button', { type: 'button', 'data-action': 'refresh' }, 'Refresh now');
  refresh.addEventListener('click', () => {
    recorder.note('refresh now');
    run('refresh', () => session.refresh());
  });
  const expire = h('button', { type: 'button', 'data-action': 'expire' }, 'Expire access token');
  expire.addEventListener('click', () =>
    run('expire', () => {
      if (expireLocally(session)) {
        recorder.note(
          'access token expired in this tab: the next call refreshes',
          'expiredLocally',
        );
      }
    }),
  );
  const count = h('input', {
    type: 'number',
    min: 1,
    max: 20,
    value: 3,
    id: 'offline-count',
    'data-action': 'offline-count',
  });
  const offline = h('button', { type: 'button', 'data-action': 'offline' }, 'Go offline');
  const left = h('span', { class: 'muted', 'data-offline-left': '0', 'aria-live': 'polite' });
  offline.addEventListener('click', () =>
    run('offline', () => {
      const requests = Math.min(20, Math.max(1, Number(count.value) || 1));
      simulateOffline(session, requests);
      recorder.note(`offline for the next ${requests} provider requests`, 'offline');
      update(true);
    }),
  );
  const signOut = h('button', { type: 'button', 'data-action': 'signOut' }, 'Sign out');
  signOut.addEventListener('click', () => run('sign-out', () => session.signOut()));

  function update(signedIn: boolean) {
    for (const button of [refresh, expire, signOut]) button.disabled = !signedIn;
    let requests = 0;
    try {
      requests = offlineRequestsLeft(session);
    } catch {
      // Not a session of createSession: no hooks.
    }
    left.dataset.offlineLeft = String(requests);
    left.textContent = requests > 0 ? `${requests} provider requests will fail` : '';
  }

  const element = h(
    'div',
    { class: 'actions' },
    refresh,
    expire,
    h('label', { for: 'offline-count' }, 'Offline requests'),
    count,
    offline,
    left,
    signOut,
  );
  return { element, update };
}
