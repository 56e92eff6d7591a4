/**
 * createSession's option checks (sessionOptions.ts): every number option refuses what is not a
 * finite non-negative number, by name, before anything starts; `requestTimeoutMs` also refuses 0.
 */
import { describe, expect, it } from 'vitest';
import { createSession } from '../createSession.js';
import type { SessionOptions } from '../sessionOptions.js';
import { memoryStorage } from '../storage/memoryStorage.js';
import { startProvider } from './memoryHarness.js';

type Numbers = Partial<Record<string, unknown>>;

const NUMBER_OPTIONS: Array<[string, (value: unknown) => Numbers]> = [
  ['refreshLeewaySeconds', (value) => ({ refreshLeewaySeconds: value })],
  ['maxClockSkewSeconds', (value) => ({ maxClockSkewSeconds: value })],
  ['requestTimeoutMs', (value) => ({ requestTimeoutMs: value })],
  ['storageTimeoutMs', (value) => ({ storageTimeoutMs: value })],
  ['retry.baseDelayMs', (value) => ({ retry: { baseDelayMs: value } })],
  ['retry.maxDelayMs', (value) => ({ retry: { maxDelayMs: value } })],
  ['retry.maxAttempts', (value) => ({ retry: { maxAttempts: value } })],
];

const start = (options: Numbers) =>
  createSession({
    provider: startProvider(),
    storage: memoryStorage(),
    ...(options as Partial<SessionOptions>),
  });

describe('number options', () => {
  it.each(NUMBER_OPTIONS)('%s refuses NaN, Infinity, a string, a negative number', (name, set) => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, '5000', -1, null, {}]) {
      expect(() => start(set(value)), String(value)).toThrow(
        new TypeError(`createSession(): "${name}" must be a non-negative number.`),
      );
    }
  });

  it.each(NUMBER_OPTIONS)('%s takes a finite number', (_name, set) => {
    const session = start(set(2_500));
    expect(session.getState()).toEqual({ status: 'loading' });
    session.dispose();
  });
});
