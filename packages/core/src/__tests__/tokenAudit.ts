/**
 * The token audit shared by the session suites (MSW ones through harness.ts, session-logic ones
 * through memoryHarness.ts): every event, state error and rejection a recorded session produces
 * is kept as text, and `auditForTokens` proves no token string reached any of it. State is per
 * test file (Vitest isolates modules per file).
 */
import { expect } from 'vitest';
import type { Session } from '../session.js';
import { heldTokens } from '../testing/heldTokens.js';
import type { SessionEvents, TokenSet } from '../types.js';

export { heldTokens };

const seenTokens = new Set<string>();
const producedTexts: string[] = [];
/** Refresh tokens sessions held, and every state subscribers were handed (as JSON). */
const seenRefreshTokens = new Set<string>();
const stateTexts: string[] = [];

function describeValue(value: unknown, depth = 0): string {
  if (depth > 4) return '';
  if (value instanceof Error) {
    // Name, message, stack and cause, and every own field (providerCode, providerMessage, …).
    const fields = Object.entries(value)
      .map(([key, field]) => `${key}=${describeValue(field, depth + 1)}`)
      .join(' ');
    return `${value.name}: ${value.message} ${value.stack ?? ''} ${fields} ${describeValue((value as { cause?: unknown }).cause, depth + 1)}`;
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .map(([key, field]) => `${key}=${describeValue(field, depth + 1)}`)
      .join(' ');
  }
  return String(value);
}

/** Records tokens the suite saw, so the audit knows what to look for. */
export function rememberTokens(tokens: TokenSet | undefined): void {
  if (!tokens) return;
  for (const token of Object.values(tokens)) if (typeof token === 'string') seenTokens.add(token);
}

function record(value: unknown): void {
  producedTexts.push(describeValue(value));
}

/**
 * Wraps a public function that takes a session (a sign-in flow, the authorised fetch): its
 * rejections are recorded for the audit, and so are those of the functions on what it resolves
 * with (a challenge's `respond`, a set-up's `verify`), or of the function it returns.
 */
export function audited<F extends (...args: never[]) => unknown>(fn: F): F {
  return ((...args: never[]) => {
    const result = fn(...args);
    if (typeof result === 'function') return audited(result as (...inner: never[]) => unknown);
    if (!(result instanceof Promise)) return result;
    return result.then(
      (value: unknown) => {
        if (typeof value !== 'object' || value === null) return value;
        // In place: flows find a result again by its identity (a challenge's handle).
        const fields = value as Record<string, unknown>;
        for (const [key, field] of Object.entries(fields)) {
          if (typeof field === 'function') fields[key] = audited(field as () => unknown);
        }
        return value;
      },
      (error: unknown) => {
        record(error);
        throw error;
      },
    );
  }) as F;
}

/** Fails if any error message or event payload recorded in this file contains a token. */
export function auditForTokens(): void {
  const leaks: string[] = [];
  for (const token of seenTokens) {
    // Any JWT segment or opaque token long enough to be a secret counts.
    const needles = token.split('.').filter((part) => part.length >= 16);
    for (const text of producedTexts) {
      if (needles.some((needle) => text.includes(needle))) leaks.push(text.slice(0, 120));
    }
  }
  expect(seenTokens.size, 'the audit saw no tokens at all').toBeGreaterThan(0);
  expect(producedTexts.length, 'the audit saw no errors or events at all').toBeGreaterThan(0);
  expect(leaks).toEqual([]);
  // The refresh token stays inside the session: no state a subscriber (or hook) gets holds it.
  const inState = [...seenRefreshTokens].filter((token) =>
    stateTexts.some((text) => text.includes(token)),
  );
  expect(inState, 'a refresh token reached a subscriber through the state').toEqual([]);
}

/** Every event a session emits. */
export const EVENT_TYPES: ReadonlyArray<keyof SessionEvents> = [
  'signedIn',
  'signedOut',
  'refreshed',
  'refreshFailed',
  'tokensChanged',
  'storageFallback',
  'error',
];

/** Everything a test may want to assert on, recorded as it happens. */
export interface Recorder {
  events: Array<{ type: keyof SessionEvents; payload: unknown }>;
  of<Type extends keyof SessionEvents>(type: Type): Array<SessionEvents[Type]>;
}

/**
 * Records a session for the audit: its events (also into the returned recorder), the tokens and
 * errors of its states, and the rejections of its methods.
 */
export function recordSession(session: Session): Recorder {
  const recorder: Recorder = {
    events: [],
    of(type) {
      return this.events
        .filter((event) => event.type === type)
        .map((event) => event.payload) as never;
    },
  };
  for (const type of EVENT_TYPES) {
    session.on(type, (payload) => {
      recorder.events.push({ type, payload });
      record(payload);
    });
  }
  session.subscribe((state) => {
    stateTexts.push(JSON.stringify(state));
    if (state.status === 'signedIn') {
      const held = heldTokens(session);
      rememberTokens(held ?? undefined);
      if (held?.refreshToken) seenRefreshTokens.add(held.refreshToken);
      if (state.error) record(state.error);
    }
  });
  for (const method of [
    'setTokens',
    'getAccessToken',
    'getIdToken',
    'refresh',
    'signOut',
  ] as const) {
    const original = session[method] as (...args: unknown[]) => Promise<unknown>;
    (session as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
      original(...args).catch((error: unknown) => {
        record(error);
        throw error;
      });
  }
  return recorder;
}

/** What a session's public state carries of a token set: the ID and access token only. */
export function publicTokens(tokens: TokenSet): { idToken: string; accessToken: string } {
  return { idToken: tokens.idToken, accessToken: tokens.accessToken };
}
