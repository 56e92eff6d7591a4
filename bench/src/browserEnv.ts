/**
 * A browser-like Node for the peers' browser builds, as the shared measurement ran them:
 * happy-dom's window (localStorage, sessionStorage, location, document), fake-indexeddb, and a
 * `fetch` that throws, so an SDK that misses its cache fails loudly instead of looking fast.
 */
import 'fake-indexeddb/auto';
import { Window } from 'happy-dom';

export const APP_ORIGIN = 'https://app.example';

/** Every fetch the SDKs made since the environment was installed (or last reset). */
export const fetchLog: string[] = [];

type FetchHandler = (url: string, init?: RequestInit) => Promise<Response>;
let fetchHandler: FetchHandler = async (url) => {
  throw new TypeError(`bench: network disabled (${url})`);
};

/** Answers the SDKs' fetches with `handler` (default: reject, so a cache miss shows). */
export function setFetchHandler(handler: FetchHandler | null): void {
  fetchHandler =
    handler ??
    (async (url) => {
      throw new TypeError(`bench: network disabled (${url})`);
    });
}

const stubFetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  fetchLog.push(url);
  return fetchHandler(url, init);
};

const happyWindow = new Window({ url: `${APP_ORIGIN}/` });
const browserGlobals: Record<string, unknown> = {
  window: globalThis,
  self: globalThis,
  document: happyWindow.document,
  location: happyWindow.location,
  history: happyWindow.history,
  navigator: happyWindow.navigator,
  localStorage: happyWindow.localStorage,
  sessionStorage: happyWindow.sessionStorage,
  addEventListener: happyWindow.addEventListener.bind(happyWindow),
  removeEventListener: happyWindow.removeEventListener.bind(happyWindow),
  dispatchEvent: happyWindow.dispatchEvent.bind(happyWindow),
  XMLHttpRequest: happyWindow.XMLHttpRequest,
  HTMLElement: happyWindow.HTMLElement,
  HTMLIFrameElement: happyWindow.HTMLIFrameElement,
  Storage: happyWindow.Storage,
  parent: globalThis,
  top: globalThis,
  innerWidth: 1280,
  innerHeight: 800,
  screen: happyWindow.screen,
  fetch: stubFetch,
};
for (const [name, value] of Object.entries(browserGlobals)) {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}

/** Empties web storage, as a fresh page load of a new profile. */
export function clearWebStorage(): void {
  happyWindow.localStorage.clear();
  happyWindow.sessionStorage.clear();
}
