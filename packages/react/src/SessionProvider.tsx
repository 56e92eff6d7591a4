'use client';

import type { Session } from '@sessionkit/core';
import type { ReactNode } from 'react';
import { SessionContext } from './context.js';

/**
 * Props of {@link SessionProvider}.
 *
 * @example
 * ```tsx
 * import { SessionProvider, type SessionProviderProps } from '@sessionkit/react';
 *
 * // The app's own stack of providers, taking the same props:
 * function Providers({ session, children }: SessionProviderProps) {
 *   return (
 *     <SessionProvider session={session}>
 *       <ThemeProvider>{children}</ThemeProvider>
 *     </SessionProvider>
 *   );
 * }
 * ```
 */
export interface SessionProviderProps {
  /** The app's session, created once with `createSession` (outside any component). */
  session: Session;
  /** The part of the app that reads the session: the hooks and components work only below the provider. */
  children?: ReactNode;
}

/**
 * Makes `session` available to the hooks and to `<SignedIn>`/`<SignedOut>` below it; components
 * get it back with `useSessionClient()`. The provider only passes the session down: it does not
 * create, start or dispose it.
 *
 * @example
 * ```tsx
 * import { createRoot } from 'react-dom/client';
 * import { cognito, createSession, crossTab } from '@sessionkit/core';
 * import { SessionProvider } from '@sessionkit/react';
 *
 * const session = createSession({
 *   provider: cognito({ region: 'eu-west-1', userPoolId: 'eu-west-1_AbC123', clientId: '4tq…' }),
 *   crossTab: crossTab(),
 * });
 *
 * createRoot(document.getElementById('root')!).render(
 *   <SessionProvider session={session}>
 *     <App />
 *   </SessionProvider>,
 * );
 * ```
 */
export function SessionProvider({ session, children }: SessionProviderProps) {
  // `.Provider` rather than React 19's `<Context value>`: the package supports React 18 too.
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}
