/**
 * A stand-in for the Web Locks API (`navigator.locks.request`), which every browser has and
 * happy-dom lacks: one FIFO queue per lock name, exclusive mode only, `signal` honoured while
 * waiting. A queue is dropped once it empties, so the stand-in holds nothing between cycles.
 */

type Grant = { name: string; mode: 'exclusive' };
type Callback = (lock: Grant | null) => unknown;
interface RequestOptions {
  mode?: 'exclusive' | 'shared';
  signal?: AbortSignal;
  ifAvailable?: boolean;
}

const tails = new Map<string, Promise<void>>();

function request(name: string, optionsOrCallback: RequestOptions | Callback, maybe?: Callback) {
  const callback = (typeof optionsOrCallback === 'function' ? optionsOrCallback : maybe)!;
  const options = typeof optionsOrCallback === 'function' ? {} : optionsOrCallback;
  if (options.ifAvailable && tails.has(name)) return Promise.resolve().then(() => callback(null));
  const previous = tails.get(name) ?? Promise.resolve();
  const granted = previous.then(() => {
    if (options.signal?.aborted) {
      throw options.signal.reason ?? new DOMException('The lock request was aborted', 'AbortError');
    }
    return callback({ name, mode: 'exclusive' });
  });
  const tail = granted.then(
    () => undefined,
    () => undefined,
  );
  tails.set(name, tail);
  void tail.then(() => {
    if (tails.get(name) === tail) tails.delete(name);
  });
  return granted;
}

/** Installs the stand-in as `navigator.locks` (before the SDK under test is imported). */
export function installWebLocks(): void {
  Object.defineProperty(globalThis.navigator, 'locks', {
    value: { request, query: async () => ({ held: [], pending: [] }) },
    configurable: true,
  });
}
