'use client';

import type { SessionState } from '@sessionkit/core';
import type { ReactNode } from 'react';
import { useSession } from './useSession.js';

const selectIsSignedIn = (state: SessionState) => state.status === 'signedIn';

/**
 * Props of {@link SignedIn}: what to render while signed in.
 *
 * @example
 * ```tsx
 * import { SignedIn, type SignedInProps } from '@sessionkit/react';
 *
 * function Private({ children }: SignedInProps) {
 *   return <SignedIn>{children}</SignedIn>;
 * }
 * ```
 */
export interface SignedInProps {
  /** What only a signed-in user sees. */
  children?: ReactNode;
}

/**
 * Renders its children only while a user is signed in; nothing while loading (which includes
 * server rendering) or when signed out. Re-renders only when that changes, not on refresh.
 *
 * @example
 * ```tsx
 * import { SignedIn, useSessionClient } from '@sessionkit/react';
 *
 * function SignOutButton() {
 *   const session = useSessionClient();
 *   return <button onClick={() => session.signOut()}>Sign out</button>;
 * }
 *
 * <SignedIn>
 *   <Dashboard />
 *   <SignOutButton />
 * </SignedIn>;
 * ```
 */
export function SignedIn({ children }: SignedInProps) {
  // With @types/react before 18.2.8 a component returning a bare ReactNode cannot be used as JSX:
  // the fragment keeps the return type `JSX.Element | null` for every supported React.
  // biome-ignore lint/complexity/noUselessFragments: see above
  return useSession(selectIsSignedIn) ? <>{children}</> : null;
}
