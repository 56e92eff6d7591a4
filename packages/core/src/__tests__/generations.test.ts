/**
 * The session's one cancellation mechanism (session/generations.ts): a generation's signal is made
 * on first use and is the same object every time it is read, so ending the generation aborts the
 * requests and waits that took it earlier, not only the last one.
 */
import { describe, expect, it } from 'vitest';
import { createGenerations } from '../session/generations.js';

describe('generations', () => {
  it('every reader of a generation gets the one signal, aborted when the generation ends', () => {
    const generations = createGenerations();
    const first = generations.current;
    const request = first.signal;
    const wait = first.signal;
    expect(wait).toBe(request);
    expect(request.aborted).toBe(false);
    const second = generations.next();
    expect(first.ended).toBe(true);
    expect(request.aborted).toBe(true);
    expect(second).toBe(generations.current);
    expect(second.ended).toBe(false);
    expect(second.signal.aborted).toBe(false);
  });

  it('a signal first asked for after the generation ended is already aborted', () => {
    const generations = createGenerations();
    const first = generations.current;
    generations.next();
    expect(first.signal.aborted).toBe(true);
    expect(first.signal).toBe(first.signal);
  });
});
