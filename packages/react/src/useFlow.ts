'use client';

import type { Session } from '@sessionkit/core';
import { useCallback, useRef, useState } from 'react';
import { useSessionClient } from './useSessionClient.js';

/** Where a flow run by {@link useFlow} stands. */
export type FlowStatus = 'idle' | 'pending' | 'success' | 'error';

/** What {@link useFlow} returns: the latest run's state and the functions to run and clear it. */
export interface FlowHandle<Args extends unknown[], Result> {
  /** `'idle'` before the first run and after `reset()`. */
  status: FlowStatus;
  /** True while the latest run has not settled: disable the form's button with it. */
  pending: boolean;
  /**
   * What the latest run resolved with (a sign-in's next step, a sign-up's code delivery…); kept
   * while the next run is pending.
   */
  result: Result | undefined;
  /**
   * What the latest run rejected with: a `SessionError` from core's flows (its `code`,
   * `nextStep`, `providerCode`; a message fit to show), or the error the flow threw.
   */
  error: unknown;
  /**
   * Runs the flow with the session of the nearest `<SessionProvider>` and these arguments.
   * Resolves with the result, or with `undefined` when the run failed (the error is in `error`,
   * so an event handler needs no try/catch) or was overtaken by a later run. Stable across
   * renders.
   */
  run(...args: Args): Promise<Result | undefined>;
  /** Back to `'idle'`, forgetting the latest result and error (a run in flight is ignored). */
  reset(): void;
}

interface Snapshot<Result> {
  status: FlowStatus;
  result: Result | undefined;
  error: unknown;
}

const IDLE: Snapshot<never> = { status: 'idle', result: undefined, error: undefined };

/**
 * Runs one of core's flows (`signInWithPassword`, `signUp`, `confirmSignUp`, `resetPassword`,
 * `updateUserAttributes`…, or any `(session, ...args) => Promise`) from a component, with its
 * pending and error states. The flow keeps its own types: `run` takes the flow's arguments after
 * the session, and `result` is what it resolves with, so a sign-in's next step is typed.
 *
 * Only the latest run counts: a run overtaken by another (or by `reset()`) changes nothing when
 * it settles.
 *
 * @example
 * ```tsx
 * import { signInWithPassword } from '@sessionkit/core';
 * import { useFlow } from '@sessionkit/react';
 *
 * export function SignInForm() {
 *   const signIn = useFlow(signInWithPassword);
 *   const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
 *     event.preventDefault();
 *     const form = new FormData(event.currentTarget);
 *     void signIn.run(String(form.get('username')), String(form.get('password')));
 *   };
 *   if (signIn.result?.status === 'challenge') return <p>Next: {signIn.result.name}</p>;
 *   return (
 *     <form onSubmit={onSubmit}>
 *       <input name="username" autoComplete="username" />
 *       <input name="password" type="password" autoComplete="current-password" />
 *       <button disabled={signIn.pending}>Sign in</button>
 *       {signIn.error instanceof Error && <p role="alert">{signIn.error.message}</p>}
 *     </form>
 *   );
 * }
 * ```
 */
export function useFlow<Args extends unknown[], Result>(
  flow: (session: Session, ...args: Args) => Promise<Result>,
): FlowHandle<Args, Result> {
  const session = useSessionClient();
  const [snapshot, setSnapshot] = useState<Snapshot<Result>>(IDLE);
  // The latest flow and session, read when `run` is called: `run` itself never changes.
  const latest = useRef({ flow, session });
  latest.current = { flow, session };
  const runId = useRef(0);

  const run = useCallback(async (...args: Args): Promise<Result | undefined> => {
    const id = ++runId.current;
    const settle = (next: Snapshot<Result>) => {
      if (id === runId.current) setSnapshot(next);
    };
    // The previous result stays while pending (a challenge on screen while it is answered).
    setSnapshot((previous) => ({ status: 'pending', result: previous.result, error: undefined }));
    try {
      const result = await latest.current.flow(latest.current.session, ...args);
      settle({ status: 'success', result, error: undefined });
      return id === runId.current ? result : undefined;
    } catch (error) {
      settle({ status: 'error', result: undefined, error });
      return undefined;
    }
  }, []);

  const reset = useCallback(() => {
    runId.current++;
    setSnapshot(IDLE);
  }, []);

  return {
    status: snapshot.status,
    pending: snapshot.status === 'pending',
    result: snapshot.result,
    error: snapshot.error,
    run,
    reset,
  };
}
