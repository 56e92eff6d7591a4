'use client';

import type { Session } from '@sessionkit/core';
import { useContext } from 'react';
import { SessionContext } from './context.js';

/**
 * The `Session` given to the nearest `<SessionProvider>`: what core's flows take
 * (`signInWithPassword(session, …)`, `signOutWithRedirect(session)`,
 * `createAuthorizedFetch(session)`) and what has the actions (`session.signOut()`,
 * `session.refresh()`, `session.on(…)`). It never re-renders the component by itself: read the
 * state with `useSession`.
 *
 * Throws an error naming `<SessionProvider>` when there is none above the component.
 *
 * @example
 * ```tsx
 * import { useEffect } from 'react';
 * import { signInWithPassword } from '@sessionkit/core';
 * import { useSessionClient } from '@sessionkit/react';
 *
 * function SignInForm() {
 *   const session = useSessionClient();
 *   const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
 *     event.preventDefault();
 *     const form = new FormData(event.currentTarget);
 *     const [username, password] = [form.get('username'), form.get('password')];
 *     await signInWithPassword(session, String(username), String(password));
 *   };
 *   return <form onSubmit={onSubmit}>…</form>;
 * }
 *
 * function RefreshFailures() {
 *   const session = useSessionClient();
 *   // `on` returns its unsubscribe function: the effect's clean-up.
 *   useEffect(() => session.on('refreshFailed', ({ error }) => showError(error.message)), [session]);
 *   return null;
 * }
 * ```
 */
export function useSessionClient(): Session {
  const session = useContext(SessionContext);
  if (session === null) {
    throw new Error(
      '@sessionkit/react: useSessionClient, useSession, useUser, useAccessToken, <SignedIn> and ' +
        '<SignedOut> must be used inside <SessionProvider session={session}>. Wrap your app in it.',
    );
  }
  return session;
}
