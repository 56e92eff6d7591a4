/**
 * A minimal in-process stand-in for `navigator.locks` (exclusive mode, `signal`; a mode that is
 * not one of LockMode's is refused, as the real API refuses it), so the cross-tab logic can run
 * in Node. The real Web Locks API is exercised in Chromium by test/.
 */
export function createFakeLockManager() {
  const tails = new Map<string, Promise<void>>();
  let held = 0;
  return {
    get held() {
      return held;
    },
    request<T>(
      name: string,
      options: { mode: 'exclusive'; signal?: AbortSignal },
      callback: () => Promise<T>,
    ): Promise<T> {
      // As strict as the real one: a mode other than LockMode's two values is a TypeError.
      const mode = (options as { mode?: unknown }).mode ?? 'exclusive';
      if (mode !== 'exclusive' && mode !== 'shared') {
        return Promise.reject(
          new TypeError(
            `The provided value '${String(mode)}' is not a valid enum value of type LockMode.`,
          ),
        );
      }
      const previous = tails.get(name) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => {
        release = resolve;
      });
      tails.set(
        name,
        previous.then(() => mine),
      );
      return new Promise<T>((resolve, reject) => {
        let granted = false;
        options.signal?.addEventListener('abort', () => {
          if (granted) return;
          release(); // give up our place in the queue
          reject(new DOMException('The lock request was aborted.', 'AbortError'));
        });
        void previous.then(async () => {
          if (options.signal?.aborted) return;
          granted = true;
          held++;
          try {
            resolve(await callback());
          } catch (error) {
            reject(error);
          } finally {
            held--;
            release();
          }
        });
      });
    },
  };
}
