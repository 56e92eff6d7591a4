import { SessionError } from './errors.js';
import type { ProviderContext } from './providers/types.js';
import type { Timers } from './timers.js';

/** What {@link callProvider} needs from the session. */
export interface ProviderCallSettings {
  timers: Timers;
  timeoutMs: number;
  fetch: () => typeof fetch;
  now: () => number;
}

/**
 * Runs one provider call with the request timeout. The call's signal aborts on timeout and when
 * `parent` aborts (sign-out, dispose). A provider whose fetch ignores its signal still cannot
 * hold the session past the timeout.
 */
export async function callProvider<T>(
  settings: ProviderCallSettings,
  parent: AbortSignal,
  call: (context: ProviderContext) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  parent.addEventListener('abort', abort, { once: true });
  let handle: unknown;
  const timeout = new Promise<never>((_, reject) => {
    handle = settings.timers.setTimeout(() => {
      controller.abort();
      reject(
        new SessionError(
          'timeout',
          `The provider did not answer within ${settings.timeoutMs} ms.`,
          {
            retryable: true,
          },
        ),
      );
    }, settings.timeoutMs);
  });
  try {
    return await Promise.race([
      call({ fetch: settings.fetch(), signal: controller.signal, now: settings.now }),
      timeout,
    ]);
  } finally {
    settings.timers.clearTimeout(handle);
    parent.removeEventListener('abort', abort);
  }
}
