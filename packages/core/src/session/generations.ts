/**
 * One generation of the session's tokens: from a sign-in, a refresh, another tab's news or a
 * sign-out until the next such change. Work started in a generation (a refresh, a hydration, a
 * write) holds on to it and checks `ended` before it changes anything: when the tokens changed
 * under it, it lost. Its `signal` aborts that work's network requests and waits.
 */
export interface Generation {
  /** True once the tokens changed (or the session was disposed) after this generation began. */
  readonly ended: boolean;
  /** Aborts when the generation ends. Made on first use: a page load that never waits needs none. */
  readonly signal: AbortSignal;
}

/** The single cancellation mechanism of a session. */
export interface Generations {
  /** The generation now. */
  readonly current: Generation;
  /** Ends the current generation (aborting its work) and starts the next. */
  next(): Generation;
}

function createGeneration(): Generation & { end(): void } {
  let ended = false;
  let controller: AbortController | undefined;
  return {
    get ended() {
      return ended;
    },
    get signal() {
      if (!controller) {
        controller = new AbortController();
        if (ended) controller.abort();
      }
      return controller.signal;
    },
    end() {
      ended = true;
      controller?.abort();
    },
  };
}

export function createGenerations(): Generations {
  let current = createGeneration();
  return {
    get current() {
      return current;
    },
    next() {
      current.end();
      current = createGeneration();
      return current;
    },
  };
}
