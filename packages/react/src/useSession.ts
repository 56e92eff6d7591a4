'use client';

import type { SessionState } from '@sessionkit/core';
import { useSessionClient } from './useSessionClient.js';
import { useSyncExternalStoreWithSelector } from './useSyncExternalStoreWithSelector.js';

/**
 * The state used while rendering on the server and while hydrating: the server cannot know who
 * is signed in (the tokens live in the browser), so it renders what the client shows first.
 */
export const SERVER_SESSION_STATE: SessionState = Object.freeze({ status: 'loading' });

const getServerSnapshot = (): SessionState => SERVER_SESSION_STATE;
const selectState = (state: SessionState): SessionState => state;

/**
 * The session's state: `loading`, `signedOut` (with `reason`) or `signedIn` (with `user`,
 * `tokens`, `expiresAt`, `refreshAt`, `refreshing`, `error`). It is `session.getState()` itself,
 * the same object until the state changes, and re-renders on every change (each refresh brings
 * new tokens). The state only: for `signOut`, `refresh` and the flows, `useSessionClient()`.
 *
 * @example
 * ```tsx
 * import { useSession, useSessionClient } from '@sessionkit/react';
 *
 * function Account() {
 *   const session = useSessionClient();
 *   const state = useSession();
 *   if (state.status === 'loading') return <Spinner />;
 *   if (state.status === 'signedOut') return <a href="/sign-in">Sign in</a>;
 *   return <button onClick={() => session.signOut()}>Sign out {state.user.email}</button>;
 * }
 * ```
 */
export function useSession(): SessionState;
/**
 * The part of the state that `selector` picks. Re-renders only when that part changes according
 * to `isEqual` (default `Object.is`; use `shallowEqual` for selectors that build objects), so a
 * token refresh that leaves a claim unchanged does not re-render a component that selected it.
 * The state carries the custom claims declared in core's `Register`.
 *
 * @example
 * ```tsx
 * import { useSession } from '@sessionkit/react';
 *
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
): Selected | SessionState {
  const session = useSessionClient();
  return useSyncExternalStoreWithSelector<SessionState, Selected | SessionState>(
    session.subscribe,
    session.getState,
    getServerSnapshot,
    selector ?? selectState,
    isEqual as (a: Selected | SessionState, b: Selected | SessionState) => boolean,
  );
}
