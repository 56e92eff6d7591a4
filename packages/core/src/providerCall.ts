import { SessionError } from './errors.js';
import type { ProviderContext } from './providers/types.js';
import { type Timers, withDeadline } from './timers.js';

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
  let timedOut = false;
  try {
    return await withDeadline(
      settings.timers,
      settings.timeoutMs,
      call({ fetch: settings.fetch(), signal: controller.signal, now: settings.now }),
      () => {
        timedOut = true;
        return new SessionError(
          'timeout',
          `The provider did not answer within ${settings.timeoutMs} ms.`,
          { retryable: true },
        );
      },
    );
  } finally {
    // Aborted once the deadline has won: a call that rejects the moment its request is aborted
    // must not turn the timeout into a network error.
    if (timedOut) controller.abort();
    parent.removeEventListener('abort', abort);
  }
}
