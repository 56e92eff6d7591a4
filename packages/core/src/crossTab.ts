import { createNewsHandler, type NewsParts } from './session/crossTabNews.js';
import type { Timers } from './timers.js';

/** What tabs tell each other. Never a token: receivers re-read storage. */
export type CrossTabMessage =
  | { type: 'tokens'; sessionId: string; source: 'setTokens' | 'refresh' }
  /**
   * `revoke`: the tab that signed out wants the refresh token revoked but holds none (persist
   * 'no-refresh-token'): a tab that holds it revokes it.
   */
  | { type: 'signedOut'; sessionId: string; revoke?: true };

/** The cross-tab port of one session: a lock around refreshes and a channel for news. */
export interface CrossTabPort {
  /** Whether other tabs are told and listened to at all (false: this tab alone). */
  readonly coordinated: boolean;
  /**
   * Runs `task` holding the exclusive Web Lock of this session, so only one tab refreshes at a
   * time. Waits at most `maxWaitMs` for the lock (a tab frozen while holding it must not hang
   * the others), then runs `task` without it; so too when the browser refuses the request
   * (`InvalidStateError`, `SecurityError`). Without Web Locks, runs `task` at once.
   */
  withLock<T>(task: () => Promise<T>): Promise<T>;
  /** Whether refreshes are serialised across tabs (Web Locks present). */
  readonly hasLocks: boolean;
  post(message: CrossTabMessage): void;
  close(): void;
}

interface LockManagerLike {
  request<T>(
    name: string,
    options: { mode: 'exclusive'; signal?: AbortSignal },
    callback: () => Promise<T>,
  ): Promise<T>;
}

function lockManager(): LockManagerLike | undefined {
  const locks = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator?.locks;
  return typeof locks?.request === 'function' ? locks : undefined;
}

function isMessage(data: unknown): data is CrossTabMessage {
  if (typeof data !== 'object' || data === null) return false;
  const message = data as Partial<CrossTabMessage>;
  return (
    (message.type === 'tokens' || message.type === 'signedOut') &&
    typeof message.sessionId === 'string'
  );
}

/**
 * The value of `createSession`'s `crossTab` option: what connects a session to its other tabs.
 * Made by {@link crossTab}.
 */
export interface CrossTab {
  /**
   * @internal Opens the lock and channel of one session; `parts` is what the news acts on
   * (asked for when news arrives, once the session is wired).
   */
  connect(name: string, timers: Timers, maxWaitMs: number, parts: () => NewsParts): CrossTabPort;
}

/** A session without `crossTab`: this tab alone, no lock, no news. */
export const SINGLE_TAB: CrossTabPort = {
  coordinated: false,
  hasLocks: false,
  withLock: (task) => task(),
  post() {},
  close() {},
};

/**
 * Coordinates a session with the app's other tabs: one refresh per expiry across all of them
 * (under a Web Lock), and sign-in, refresh and sign-out news over a `BroadcastChannel`, both named
 * after the storage key. Where either is missing the session still works in each tab alone.
 *
 * @example
 * ```ts
 * import { cognito, createSession, crossTab } from '@sessionkit/core';
 *
 * const session = createSession({ provider: cognito({ userPoolId: 'eu-west-1_AbC123', clientId: '4tq…' }), crossTab: crossTab() });
 * ```
 */
export function crossTab(): CrossTab {
  return {
    connect(name, timers, maxWaitMs, parts) {
      let onNews: ((message: CrossTabMessage) => void) | undefined;
      return connectCrossTab(name, timers, maxWaitMs, (message) => {
        onNews ??= createNewsHandler(parts());
        onNews(message);
      });
    },
  };
}

function connectCrossTab(
  name: string,
  timers: Timers,
  maxWaitMs: number,
  onMessage: (message: CrossTabMessage) => void,
): CrossTabPort {
  const lockName = `sessionkit:${name}`;
  /** Set once Web Locks refused this page (a sandboxed iframe): it goes on as a page without them. */
  let locksDenied = false;
  const locks = () => (locksDenied ? undefined : lockManager());
  let channel: BroadcastChannel | null = null;
  let stopWatchingFreeze: () => void = () => {};
  if (typeof BroadcastChannel === 'function') {
    const held = holdWhileFrozen(onMessage);
    stopWatchingFreeze = held.stop;
    channel = new BroadcastChannel(lockName);
    channel.onmessage = (event: MessageEvent) => {
      if (isMessage(event.data)) held.deliver(event.data);
    };
    // In Node a channel keeps the process alive; a session must not.
    (channel as unknown as { unref?: () => void }).unref?.();
  }

  return {
    coordinated: true,
    get hasLocks() {
      return locks() !== undefined;
    },
    async withLock(task) {
      const manager = locks();
      if (!manager) return task();
      const controller = new AbortController();
      const handle = timers.setTimeout(() => controller.abort(), maxWaitMs);
      let granted = false;
      try {
        return await manager.request(
          lockName,
          { mode: 'exclusive', signal: controller.signal },
          () => {
            granted = true;
            timers.clearTimeout(handle);
            return task();
          },
        );
      } catch (error) {
        const name = (error as { name?: unknown } | null)?.name;
        if (!granted) {
          // An opaque origin (an iframe sandboxed without allow-same-origin) has navigator.locks,
          // but every request is refused with a SecurityError: no other tab can share its storage.
          if (name === 'SecurityError') locksDenied = true;
          // Waited too long for a lock some frozen tab holds, or refused this once (Chromium:
          // InvalidStateError in a document that is not fully active): go on without it, as a
          // page without Web Locks would. A sign-out that could not clear storage, or a sign-in
          // that could not store, would be worse than a refresh not taken in turn.
          if (locksDenied || controller.signal.aborted || name === 'InvalidStateError') {
            return task();
          }
        }
        // The step's own failure, or a request the API refuses as malformed (a TypeError): a bug
        // to see, not a reason to go on unserialised.
        throw error;
      } finally {
        timers.clearTimeout(handle);
      }
    },
    post(message) {
      try {
        channel?.postMessage(message);
      } catch {
        // A closed channel (page unloading) has no one left to tell.
      }
    },
    close() {
      channel?.close();
      channel = null;
      stopWatchingFreeze();
    },
  };
}

/**
 * Holds the news that reaches a frozen page (Page Lifecycle `freeze`) until it `resume`s.
 * Chromium still runs BroadcastChannel handlers in a frozen page, but not the callbacks of the
 * IndexedDB request such a handler starts: the transaction then stays open until the page
 * resumes, and every other tab's write to the store (a refresh, under the lock) waits behind it.
 * A frozen page can do nothing with the news anyway; it reads storage once it runs again.
 */
function holdWhileFrozen(deliver: (message: CrossTabMessage) => void): {
  deliver: (message: CrossTabMessage) => void;
  stop: () => void;
} {
  const page = typeof document === 'undefined' ? undefined : document;
  if (typeof page?.addEventListener !== 'function') return { deliver, stop: () => {} };
  let held: CrossTabMessage[] | null = null;
  const onFreeze = () => {
    held ??= [];
  };
  const onResume = () => {
    const messages = held ?? [];
    held = null;
    for (const message of messages) deliver(message);
  };
  page.addEventListener('freeze', onFreeze);
  page.addEventListener('resume', onResume);
  return {
    deliver(message) {
      if (!held) return deliver(message);
      // Each message only says "read storage": the same news twice in a row is one read.
      const last = held.at(-1);
      if (!last || JSON.stringify(last) !== JSON.stringify(message)) held.push(message);
    },
    stop() {
      held = null;
      page.removeEventListener('freeze', onFreeze);
      page.removeEventListener('resume', onResume);
    },
  };
}
