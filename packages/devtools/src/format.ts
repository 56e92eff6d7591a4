/** Text the panel shows: times, durations, the user's name, event summaries. Pure. */
import type { IdTokenClaims, SessionEvents } from '@sessionkit/core';

const pad = (value: number) => String(value).padStart(2, '0');

/** `HH:MM:SS` on the local clock. */
export function clockTime(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `YYYY-MM-DD HH:MM:SS` on the local clock. */
export function dateTime(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clockTime(ms)}`;
}

/** A duration as people say it: `850 ms`, `12 s`, `4 m 10 s`, `2 h 5 m`. */
export function duration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(abs)} ms`;
  const seconds = Math.floor(abs / 1_000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} m ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} m`;
}

/** `in 4 m 10 s` or `12 s ago`. */
export function relative(at: number, now: number): string {
  return at >= now ? `in ${duration(at - now)}` : `${duration(now - at)} ago`;
}

/** Who is signed in, by the first claim that names them. */
export function userName(user: IdTokenClaims): string {
  const named = user as IdTokenClaims & Record<string, unknown>;
  for (const claim of ['email', 'cognito:username', 'preferred_username', 'username', 'sub']) {
    const value = named[claim];
    if (typeof value === 'string' && value !== '') return value;
  }
  return '(unnamed)';
}

/** Claims that hold times (seconds since the epoch). */
export const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time', 'updated_at']);

/** A JSON Web Token (or a piece of one) hiding in a value: never shown. */
const TOKEN_LIKE = /eyJ[\w-]{8,}\.[\w-]{8,}/;

/** One claim's value as text: times as dates with the time left, tokens never. */
export function claimText(name: string, value: unknown, now: number): string {
  if (TIME_CLAIMS.has(name) && typeof value === 'number') {
    return `${dateTime(value * 1000)} (${relative(value * 1000, now)})`;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return TOKEN_LIKE.test(text ?? '') ? '(a token: hidden)' : String(text);
}

/** What an event said, in one line. Payloads carry no token strings (docs/sessions.md#events). */
export function eventText<Type extends keyof SessionEvents>(
  type: Type,
  payload: SessionEvents[Type],
): string {
  const event = payload as Partial<
    SessionEvents['refreshFailed'] &
      SessionEvents['signedIn'] &
      SessionEvents['signedOut'] &
      SessionEvents['refreshed'] &
      SessionEvents['tokensChanged']
  >;
  switch (type) {
    case 'signedIn':
      return event.user ? `signed in as ${userName(event.user)}` : 'signed in';
    case 'signedOut':
      return `signed out (${event.reason})`;
    case 'refreshed': {
      const info = event.tokens;
      if (!info) return 'refreshed';
      const rotated = info.refreshTokenRotated ? ', refresh token rotated' : '';
      return `refreshed: the new tokens expire at ${clockTime(info.expiresAt)}${rotated}`;
    }
    case 'refreshFailed': {
      const retry =
        event.willRetry && event.retryInMs != null
          ? `retry in ${duration(event.retryInMs)}`
          : 'no retry';
      return `refresh failed (${event.error?.code}): ${event.error?.message} ${retry}`;
    }
    case 'tokensChanged':
      return `tokens changed (source: ${event.source})`;
    default: {
      const error = (payload as { error?: { code?: string; message?: string } }).error;
      return error ? `${error.code}: ${error.message}` : String(type);
    }
  }
}
