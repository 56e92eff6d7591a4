import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActions } from '../actionsView.js';
import type { Recorder } from '../recorder.js';
import { fakeSession, signedIn } from './fakeSession.js';

// The hooks reach into createSession's internals; here they are stand-ins the tests steer
// (test/browser/devtools.test.ts drives the real ones in Chromium).
const hooks = vi.hoisted(() => ({
  expired: true as boolean | 'throw',
  left: 0,
  offline: [] as number[],
  leftThrows: false,
}));
vi.mock('@sessionkit/core/devtools', () => ({
  expireLocally: () => {
    if (hooks.expired === 'throw') throw new Error('the session is disposed');
    return hooks.expired;
  },
  simulateOffline: (_session: unknown, requests: number) => {
    if (hooks.expired === 'throw') throw new Error('the session is disposed');
    hooks.offline.push(requests);
    hooks.left = requests;
  },
  offlineRequestsLeft: () => {
    if (hooks.leftThrows) throw new Error('not a session of createSession');
    return hooks.left;
  },
}));

function recorderStub() {
  const notes: Array<[string, string | undefined]> = [];
  const recorder = { note: (text: string, kind?: string) => notes.push([text, kind]) };
  return { recorder: recorder as unknown as Recorder, notes };
}

beforeEach(() => {
  Object.assign(hooks, { expired: true, left: 0, offline: [], leftThrows: false });
});
afterEach(() => {
  document.body.replaceChildren();
});

const button = (element: HTMLElement, action: string) =>
  element.querySelector(`[data-action="${action}"]`) as HTMLButtonElement;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the actions', () => {
  it('are enabled only while signed in, the offline count always', () => {
    const { recorder } = recorderStub();
    const actions = createActions(fakeSession(signedIn(Date.now(), 'S')), recorder);
    actions.update(false);
    for (const action of ['refresh', 'expire', 'signOut']) {
      expect(button(actions.element, action).disabled).toBe(true);
    }
    expect(button(actions.element, 'offline').disabled).toBe(false);
    actions.update(true);
    for (const action of ['refresh', 'expire', 'signOut']) {
      expect(button(actions.element, action).disabled).toBe(false);
    }
  });

  it('refreshes now, and notes a refusal in its own words', async () => {
    const { recorder, notes } = recorderStub();
    const session = fakeSession(signedIn(Date.now(), 'S'));
    const refresh = vi.spyOn(session, 'refresh').mockRejectedValueOnce(new Error('no network'));
    const actions = createActions(session, recorder);
    button(actions.element, 'refresh').click();
    await settle();
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(notes).toEqual([
      ['refresh now', undefined],
      ['refresh failed: no network', undefined],
    ]);
  });

  it('expires the access token here and says so, or says nothing when there was none', () => {
    const { recorder, notes } = recorderStub();
    const actions = createActions(fakeSession(signedIn(Date.now(), 'S')), recorder);
    button(actions.element, 'expire').click();
    hooks.expired = false;
    button(actions.element, 'expire').click();
    expect(notes).toEqual([
      ['access token expired in this tab: the next call refreshes', 'expiredLocally'],
    ]);
  });

  it('takes the offline count from 1 to 20 and shows how many requests will fail', () => {
    const { recorder, notes } = recorderStub();
    const actions = createActions(fakeSession(signedIn(Date.now(), 'S')), recorder);
    const count = actions.element.querySelector('#offline-count') as HTMLInputElement;
    expect([count.value, count.min, count.max]).toEqual(['3', '1', '20']);
    const left = actions.element.querySelector('[data-offline-left]') as HTMLElement;
    for (const [typed, requests] of [
      ['3', 3],
      ['50', 20],
      ['0', 1],
      ['-4', 1],
      ['', 1],
      ['20', 20],
    ] as const) {
      count.value = typed;
      button(actions.element, 'offline').click();
      expect(hooks.offline.at(-1)).toBe(requests);
      expect(left.dataset.offlineLeft).toBe(String(requests));
      expect(left.textContent).toBe(`${requests} provider requests will fail`);
    }
    expect(notes[0]).toEqual(['offline for the next 3 provider requests', 'offline']);
    hooks.left = 0;
    actions.update(true);
    expect([left.dataset.offlineLeft, left.textContent]).toEqual(['0', '']);
  });

  it('notes a failed expiry or offline switch by its name, and stays enabled after going offline', () => {
    const { recorder, notes } = recorderStub();
    const actions = createActions(fakeSession(signedIn(Date.now(), 'S')), recorder);
    actions.update(true);
    button(actions.element, 'offline').click();
    expect(button(actions.element, 'refresh').disabled).toBe(false);
    hooks.expired = 'throw';
    button(actions.element, 'expire').click();
    button(actions.element, 'offline').click();
    expect(notes.slice(1)).toEqual([
      ['expire failed: the session is disposed', undefined],
      ['offline failed: the session is disposed', undefined],
    ]);
  });

  it('shows no count for a session the hooks do not know', () => {
    hooks.leftThrows = true;
    const { recorder } = recorderStub();
    const actions = createActions(fakeSession(signedIn(Date.now(), 'S')), recorder);
    expect(() => actions.update(true)).not.toThrow();
    const left = actions.element.querySelector('[data-offline-left]') as HTMLElement;
    expect([left.dataset.offlineLeft, left.textContent]).toEqual(['0', '']);
  });

  it('signs out, and notes what a throwing action said, even a thrown non-error', async () => {
    const { recorder, notes } = recorderStub();
    const session = fakeSession(signedIn(Date.now(), 'S'));
    const signOut = vi.spyOn(session, 'signOut').mockRejectedValueOnce('revocation refused');
    const actions = createActions(session, recorder);
    button(actions.element, 'signOut').click();
    await settle();
    expect(signOut).toHaveBeenCalledTimes(1);
    vi.spyOn(session, 'refresh').mockImplementationOnce(() => {
      throw new Error('disposed');
    });
    button(actions.element, 'refresh').click();
    expect(notes).toEqual([
      ['sign-out failed: revocation refused', undefined],
      ['refresh now', undefined],
      ['refresh failed: disposed', undefined],
    ]);
  });

  it('labels the count for assistive technology', () => {
    const { recorder } = recorderStub();
    const actions = createActions(fakeSession(signedIn(Date.now(), 'S')), recorder);
    document.body.append(actions.element);
    const label = actions.element.querySelector('label[for="offline-count"]');
    expect(label?.textContent).toBe('Offline requests');
    const count = actions.element.querySelector('#offline-count') as HTMLInputElement;
    expect([count.type, count.dataset.action]).toEqual(['number', 'offline-count']);
    const left = actions.element.querySelector('[aria-live="polite"]') as HTMLElement;
    expect([left.className, left.dataset.offlineLeft]).toEqual(['muted', '0']);
    expect(actions.element.className).toBe('actions');
    expect(
      [...actions.element.querySelectorAll('button')].map((item) => [item.type, item.textContent]),
    ).toEqual([
      ['button', 'Refresh now'],
      ['button', 'Expire access token'],
      ['button', 'Go offline'],
      ['button', 'Sign out'],
    ]);
  });
});
