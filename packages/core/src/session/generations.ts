/**
 * One generation of the session's tokens: from a sign-in, a refresh, another tab's news or a
 * sign-out until the next such change. Work started in a generation (a refresh, a hydration, a
 * write) holds on to it and checks `signal.aborted` before it changes anything: when the tokens
 * changed under it, it lost. The signal also aborts that work's network requests.
 */
export interface Generation {
  readonly signal: AbortSignal;
}

/** The single cancellation mechanism of a session. */
export interface Generations {
  /** The generation now. */
  readonly current: Generation;
  /** Ends the current generation (aborting its work) and starts the next. */
  next(): Generation;
}

export function createGenerations(): Generations {
  let controller = new AbortController();
  return {
    get current() {
      return controller;
    },
    next() {
      controller.abort();
      controller = new AbortController();
      return controller;
    },
  };
}
