/**
 * The token lifetime the fake pool uses for the next tokens, chosen on the page. Every tab runs
 * its own pool object (the service worker hands each request back to the page that sent it),
 * and the tab that wins a refresh mints the tokens: so the choice lives in localStorage and
 * reaches every tab through the `storage` event.
 */
import { DEFAULT_TOKEN_LIFETIME_SECONDS } from './config';

const STORAGE_KEY = 'sessionkit-example:token-lifetime-seconds';

/** A setting the page reads and changes; `subscribe` fits `useSyncExternalStore`. */
export interface TokenLifetimeSetting {
  get(): number;
  set(seconds: number): void;
  subscribe(listener: () => void): () => void;
}

/** Reads the stored choice, applies it now and whenever it changes (here or in another tab). */
export function createTokenLifetimeSetting(apply: (seconds: number) => void): TokenLifetimeSetting {
  let current = read();
  const listeners = new Set<() => void>();
  const update = (seconds: number) => {
    current = seconds;
    apply(seconds);
    for (const listener of listeners) listener();
  };
  apply(current);
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) update(read());
  });
  return {
    get: () => current,
    set(seconds) {
      localStorage.setItem(STORAGE_KEY, String(seconds));
      update(seconds);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function read(): number {
  const stored = Number(localStorage.getItem(STORAGE_KEY));
  return Number.isFinite(stored) && stored > 0 ? stored : DEFAULT_TOKEN_LIFETIME_SECONDS;
}
