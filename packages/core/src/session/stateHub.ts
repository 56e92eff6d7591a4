import { createEmitter, reportListenerError } from '../events.js';
import type { Session } from '../session.js';
import type { SessionEvents, SessionListener, SessionState } from '../types.js';
import { LOADING_STATE, reduceSession, type SessionAction } from './sessionReducer.js';

/** One event with its payload, as `commit` and `emit` take them. */
export type Emitted = {
  [Type in keyof SessionEvents]: [Type, SessionEvents[Type]];
}[keyof SessionEvents];

/**
 * Owns what the app observes: the state, its subscribers and the typed events. While the
 * cross-tab lock is held (`hold`) nothing reaches app code: notifications and events wait in
 * order and are delivered once the last hold is released (docs/several-tabs.md: no app callback under the lock).
 */
export interface StateHub extends Pick<Session, 'subscribe' | 'on' | 'off'> {
  get(): SessionState;
  /** Applies an action, then tells subscribers, then emits the events: always in that order. */
  commit(action: SessionAction, ...events: Emitted[]): void;
  emit(...events: Emitted[]): void;
  /** Holds back deliveries until the returned release is called (once per hold). */
  hold(): () => void;
  clear(): void;
}

export function createStateHub(): StateHub {
  let state: SessionState = LOADING_STATE;
  const listeners = new Set<SessionListener>();
  const emitter = createEmitter();
  let holds = 0;
  const queue: Array<() => void> = [];

  const deliver = (delivery: () => void) => (holds > 0 ? queue.push(delivery) : delivery());

  function notify(next: SessionState, previous: SessionState) {
    for (const listener of [...listeners]) {
      try {
        listener(next, previous);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  function emit(...events: Emitted[]) {
    for (const [type, payload] of events) {
      deliver(() => emitter.emit(type, payload as never));
    }
  }

  return {
    get: () => state,
    commit(action, ...events) {
      const previous = state;
      state = reduceSession(state, action);
      const next = state;
      if (next !== previous) deliver(() => notify(next, previous));
      emit(...events);
    },
    emit,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    on(type, handler) {
      emitter.on(type, handler);
      return () => emitter.off(type, handler);
    },
    off: emitter.off,
    hold() {
      holds++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--holds === 0) for (const delivery of queue.splice(0)) delivery();
      };
    },
    clear() {
      queue.length = 0;
      listeners.clear();
      emitter.clear();
    },
  };
}
