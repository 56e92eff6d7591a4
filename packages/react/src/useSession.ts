'use client';

import type { Session, SessionState } from '@sessionkit/core';
import { useMemo } from 'react';
import { useSessionContext } from './context.js';
import { useSyncExternalStoreWithSelector } from './useSyncExternalStoreWithSelector.js';

/** What `useSession()` returns: the session's state plus its actions, bound to the session. */
export type SessionSnapshot = SessionState & {
  /** `session.signOut(options)`. */
  signOut: Session['signOut'];
  /** `session.refresh()`. */
  refresh: Session['refresh'];
};

/**
 * The state used while rendering on the server and while hydrating: the server cannot know who
 * is signed in (the tokens live in the browser), so it renders what the client shows first.
 */
export const SERVER_SESSION_STATE: SessionState = Object.freeze({ status: 'loading' });

const getServerSnapshot = (): SessionState => SERVER_SESSION_STATE;
const selectState = (state: SessionState): SessionState => state;

/**
 * The session's state plus `signOut` and `refresh`. Re-renders on every state change (each
 * refresh brings new tokens); the returned object is the same until the state changes.
 *
 * @example
 * ```tsx
 * function Account() {
 *   const session = useSession();
 *   if (session.status === 'loading') return <Spinner />;
 *   if (session.status === 'signedOut') return <SignInForm />;
 *   return <button onClick={() => session.signOut()}>Sign out {session.user.email}</button>;
 * }
 * ```
 */
export function useSession(): SessionSnapshot;
/**
 * The part of the state that `selector` picks. Re-renders only when that part changes according
 * to `isEqual` (default `Object.is`; use `shallowEqual` for selectors that build objects), so a
 * token refresh that leaves a claim unchanged does not re-render a component that selected it.
 *
 * @example
 * ```tsx
 * function Email() {
 *   const email = useSession((state) => (state.status === 'signedIn' ? state.user.email : null));
 *   return <span>{email}</span>;
 * }
 * ```
 */
export function useSession<Selected>(
  selector: (state: SessionState) => Selected,
  isEqual?: (a: Selected, b: Selected) => boolean,
): Selected;
export function useSession<Selected>(
  selector?: (state: SessionState) => Selected,
  isEqual: (a: Selected, b: Selected) => boolean = Object.is,
): Selected | SessionSnapshot {
  const session = useSessionContext();
  const selected = useSyncExternalStoreWithSelector<SessionState, Selected | SessionState>(
    session.subscribe,
    session.getState,
    getServerSnapshot,
    selector ?? selectState,
    isEqual as (a: Selected | SessionState, b: Selected | SessionState) => boolean,
  );
  const actions = useMemo(
    () => ({
      signOut: (options?: Parameters<Session['signOut']>[0]) => session.signOut(options),
      refresh: () => session.refresh(),
    }),
    [session],
  );
  return useMemo(
    () => (selector ? (selected as Selected) : { ...(selected as SessionState), ...actions }),
    [selector, selected, actions],
  );
}
