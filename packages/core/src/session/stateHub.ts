import { createEmitter, reportListenerError } from '../events.js';
import type { Session } from '../session.js';
import type { SessionEvents, SessionListener, SessionState, SignedInState } from '../types.js';
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
  /**
   * A signed-in state's token as a promise, made once per state: the hot path hands every caller
   * the same settled promise instead of a new one each call. Dropped with the state it came from.
   */
  token(kind: 'accessToken' | 'idToken'): Promise<string>;
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
  /** The current state's tokens as promises (see `token`); emptied whenever the state changes. */
  let served: { accessToken?: Promise<string>; idToken?: Promise<string> } = {};

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
    token: (kind) => (served[kind] ??= Promise.resolve((state as SignedInState).tokens[kind])),
    commit(action, ...events) {
      const previous = state;
      state = reduceSession(state, action);
      const next = state;
      if (next !== previous) {
        served = {};
        deliver(() => notify(next, previous));
      }
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
      served = {};
      queue.length = 0;
      listeners.clear();
      emitter.clear();
    },
  };
}
