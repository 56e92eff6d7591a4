/**
 * Set-up of the session-logic suites (issue 13): sessions on the in-memory provider
 * (memoryProvider.ts) with memory storage, under fake timers only. Nothing here waits for real
 * time: the provider's latency is a timer and every other step is a promise, so
 * `vi.advanceTimersByTimeAsync` alone moves a test on, and a run is the same every time.
 *
 * Every event, state error and rejection of a session is recorded so that `auditForTokens`
 * (run after the file) can prove no token string reached an error message or an event payload,
 * as harness.ts does for the suites on the MSW fake pool.
 */

import { afterAll, afterEach, vi } from 'vitest';
import { createSession } from '../createSession.js';
import type { Session } from '../session.js';
import type { SessionOptions } from '../sessionOptions.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import type { TokenStorage } from '../storage/tokenStorage.js';
import type { TokenSet } from '../types.js';
import {
  type MemoryProvider,
  type MemoryProviderOptions,
  memoryProvider,
} from './memoryProvider.js';
import {
  auditForTokens,
  EVENT_TYPES,
  type Recorder,
  recordSession,
  rememberTokens,
} from './tokenAudit.js';

export const USER_POOL_ID = 'eu-west-1_TestPool1';
export const CLIENT_ID = 'sessionkittestclient01';
/** The storage key, lock and channel name of the provider's sessions. */
export const KEY = `cognito:${USER_POOL_ID}:${CLIENT_ID}`;
export const USERNAME = 'alice';

/** Fake timers for everything (setImmediate too: nothing here may run on real time). */
export function useFakeClock(start = Date.UTC(2026, 0, 1)): void {
  vi.useFakeTimers();
  vi.setSystemTime(start);
}

/** Moves fake time on by `ms`, running every timer due and the promises each one settles. */
export async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

/**
 * Installs the harness for the file: after each test the sessions it started are disposed,
 * after the file the token audit runs.
 */
export function useMemoryHarness(): void {
  afterEach(() => {
    for (const session of liveSessions.splice(0)) session.dispose();
  });
  afterAll(() => auditForTokens());
}

/** An in-memory provider with the test user. */
export function startProvider(options: MemoryProviderOptions = {}): MemoryProvider {
  const provider = memoryProvider({ userPoolId: USER_POOL_ID, clientId: CLIENT_ID, ...options });
  provider.addUser({
    username: USERNAME,
    attributes: { email: 'alice@example.com', email_verified: 'true', 'custom:tenant': 'acme' },
    groups: ['admins'],
  });
  return provider;
}

/** Tokens for the test user, remembered for the audit. */
export function issue(provider: MemoryProvider): TokenSet {
  const tokens = provider.issueTokens(USERNAME);
  rememberTokens(tokens);
  return tokens;
}

/** `storage` as seen by one tab, counting that tab's reads of it (`reads()`). */
export function countingReads(storage: TokenStorage): { storage: TokenStorage; reads(): number } {
  let reads = 0;
  return {
    storage: {
      ...storage,
      get: (key) => {
        reads++;
        return storage.get(key);
      },
    },
    reads: () => reads,
  };
}

/** Refresh calls that reached the provider. */
export function refreshesOf(provider: MemoryProvider) {
  return provider.callsOf('refresh');
}

/**
 * Tabs in one process on fake time: a stand-in for `BroadcastChannel` that hands each message,
 * structured-cloned, to every other open channel of its name in a microtask, once the sender's
 * current job is done. A browser queues a task instead; here that would be either a real task
 * (Node's own channel: real time, which fake timers do not drive) or a fake 0 ms timer (which
 * fake timers push 1 ms later when set during a tick: news later than in any browser). The real
 * channel is exercised in Chromium by test/browser/crossTab.test.ts.
 */
export function stubBroadcastChannel(): void {
  const open = new Map<string, Set<FakeChannel>>();
  class FakeChannel extends EventTarget {
    onmessage: ((event: MessageEvent) => void) | null = null;
    #closed = false;
    constructor(readonly name: string) {
      super();
      open.set(name, (open.get(name) ?? new Set()).add(this));
    }
    postMessage(data: unknown): void {
      if (this.#closed) throw new DOMException('The channel is closed.', 'InvalidStateError');
      for (const other of open.get(this.name) ?? []) {
        if (other === this) continue;
        const copy = structuredClone(data);
        queueMicrotask(() => other.#deliver(copy));
      }
    }
    #deliver(data: unknown): void {
      if (this.#closed) return;
      const event = new MessageEvent('message', { data });
      this.onmessage?.(event);
      this.dispatchEvent(event);
    }
    close(): void {
      this.#closed = true;
      open.get(this.name)?.delete(this);
    }
  }
  vi.stubGlobal('BroadcastChannel', FakeChannel);
}

/** Sessions started here, disposed after each test so no timer lingers. */
const liveSessions: Session[] = [];

/**
 * A session on `provider` with memory storage (unless given) and no other tab (unless
 * `crossTab` is given), recorded for the token audit; its methods' rejections are recorded too.
 */
export function startSession(
  provider: MemoryProvider,
  options: Partial<Omit<SessionOptions, 'provider'>> = {},
): { session: Session; recorder: Recorder } {
  const session = createSession({ provider, storage: memoryStorage(), ...options });
  liveSessions.push(session);
  const recorder = recordSession(session);
  return { session, recorder };
}

export { auditForTokens, EVENT_TYPES, type Recorder, rememberTokens };
