'use client';

import type { Session } from '@sessionkit/core';
import { createContext, useContext } from 'react';

/** The session of the nearest `<SessionProvider>`; `null` outside one. */
export const SessionContext = createContext<Session | null>(null);
SessionContext.displayName = 'SessionContext';

/**
 * The provider's session, for the package's hooks. Throws a clear error outside the provider
 * instead of failing later on `null`.
 */
export function useSessionContext(): Session {
  const session = useContext(SessionContext);
  if (session === null) {
    throw new Error(
      '@sessionkit/react: useSession, useUser, useAccessToken, <SignedIn> and <SignedOut> must ' +
        'be used inside <SessionProvider session={session}>. Wrap your app in it.',
    );
  }
  return session;
}
