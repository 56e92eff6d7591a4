import { setTimeout as delay } from 'node:timers/promises';

/** Options of {@link waitUntil}. */
export interface WaitUntilOptions {
  /** What is awaited, for the timeout message ("every tab is signed out"). */
  description: string;
  /** @default 15000 */
  timeoutMs?: number;
  /** @default 100 */
  intervalMs?: number;
}

/**
 * Reads a value every `intervalMs` until `isDone(value)` holds and returns that value; fails
 * after `timeoutMs` with the description and the last value read. A `read` that throws fails at
 * once. Real time is only ever spent here, polling with a bound.
 *
 * @example
 * ```ts
 * const state = await waitUntil(
 *   () => tab.call('state'),
 *   (state) => state.status === 'signedOut',
 *   { description: 'tab B is signed out', timeoutMs: 5_000 },
 * );
 * ```
 */
export async function waitUntil<T>(
  read: () => T | Promise<T>,
  isDone: (value: T) => boolean,
  options: WaitUntilOptions,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const intervalMs = options.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (isDone(value)) return value;
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting until ${options.description}; last value: ${describe(value)}`,
      );
    }
    await delay(Math.min(intervalMs, remainingMs));
  }
}

function describe(value: unknown): string {
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text;
  } catch {
    return String(value);
  }
}
