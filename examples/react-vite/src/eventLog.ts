/**
 * The page's event log: every session event, timestamped, newest first. A tiny external store
 * (`entries` returns the same array until something is logged) for `useSyncExternalStore`.
 */
import type { Session, SessionEvents } from '@sessionkit/core';

/** One logged event. */
export interface LogEntry {
  id: number;
  /** Local time in ms. */
  at: number;
  type: keyof SessionEvents;
  /** A one-line summary of the payload (never a token). */
  detail: string;
}

/** The log of one tab. */
export interface EventLog {
  entries(): readonly LogEntry[];
  subscribe(listener: () => void): () => void;
  clear(): void;
}

/** Entries kept; older ones drop off. */
const MAX_ENTRIES = 200;

const time = (ms: number) => new Date(ms).toLocaleTimeString();

const DESCRIBE: { [Type in keyof SessionEvents]: (payload: SessionEvents[Type]) => string } = {
  signedIn: ({ user }) => `as ${user.email ?? user['cognito:username'] ?? user.sub}`,
  signedOut: ({ reason }) => `reason: ${reason}`,
  refreshed: ({ tokens }) =>
    `new tokens valid until ${time(tokens.expiresAt)}${tokens.refreshTokenRotated ? ', refresh token rotated' : ''}`,
  refreshFailed: ({ error, willRetry, retryInMs }) =>
    `${error.code}: ${error.message}${willRetry ? ` (retrying in ${Math.round((retryInMs ?? 0) / 1000)} s)` : ''}`,
  tokensChanged: ({ source }) => `source: ${source}`,
  storageFallback: ({ error }) => `tokens kept in memory only: ${error.message}`,
  error: ({ error }) => `${error.code}: ${error.message}`,
};

/** Starts logging `session`'s events now: create it right after the session, before `ready`. */
export function createEventLog(session: Session): EventLog {
  let entries: readonly LogEntry[] = [];
  let nextId = 1;
  const listeners = new Set<() => void>();
  const publish = (next: readonly LogEntry[]) => {
    entries = next;
    for (const listener of listeners) listener();
  };
  for (const type of Object.keys(DESCRIBE) as (keyof SessionEvents)[]) {
    session.on(type, (payload: SessionEvents[typeof type]) => {
      const describe = DESCRIBE[type] as (payload: unknown) => string;
      const entry: LogEntry = { id: nextId++, at: Date.now(), type, detail: describe(payload) };
      publish([entry, ...entries].slice(0, MAX_ENTRIES));
    });
  }
  return {
    entries: () => entries,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => publish([]),
  };
}
