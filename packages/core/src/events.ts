import mitt, { type Handler } from 'mitt';
import type { SessionEvents } from './types.js';

/** Reports an error thrown by app code (a listener) without letting it stop sessionkit. */
export function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error('sessionkit: a listener threw', error);
}

/** The typed event hub of a session: mitt for bookkeeping, but each handler isolated. */
export interface SessionEmitter {
  on<Type extends keyof SessionEvents>(type: Type, handler: Handler<SessionEvents[Type]>): void;
  off<Type extends keyof SessionEvents>(type: Type, handler: Handler<SessionEvents[Type]>): void;
  emit<Type extends keyof SessionEvents>(type: Type, payload: SessionEvents[Type]): void;
  clear(): void;
}

export function createEmitter(): SessionEmitter {
  const hub = mitt<SessionEvents>();
  return {
    on: hub.on,
    off: hub.off,
    emit(type, payload) {
      // mitt calls handlers in a plain loop, so one that throws would stop the rest.
      const handlers = hub.all.get(type);
      if (!handlers) return;
      for (const handler of [...handlers]) {
        try {
          (handler as Handler<typeof payload>)(payload);
        } catch (error) {
          reportListenerError(error);
        }
      }
    },
    clear: () => hub.all.clear(),
  };
}
