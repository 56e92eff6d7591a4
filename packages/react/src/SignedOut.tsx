'use client';

import type { SessionState } from '@sessionkit/core';
import type { ReactNode } from 'react';
import { useSession } from './useSession.js';

const selectIsSignedOut = (state: SessionState) => state.status === 'signedOut';

/**
 * Props of {@link SignedOut}: what to render once signed out.
 *
 * @example
 * ```tsx
 * import { SignedOut, type SignedOutProps } from '@sessionkit/react';
 *
 * function Public({ children }: SignedOutProps) {
 *   return <SignedOut>{children}</SignedOut>;
 * }
 * ```
 */
export interface SignedOutProps {
  /** What a signed-out user sees, such as the sign-in form. */
  children?: ReactNode;
}

/**
 * Renders its children only once the session is known to be signed out; nothing while loading
 * (which includes server rendering), so a returning user never sees a sign-in form flash.
 *
 * @example
 * ```tsx
 * import { signInWithRedirect } from '@sessionkit/core';
 * import { SignedOut, useSessionClient } from '@sessionkit/react';
 *
 * function SignInButton() {
 *   const session = useSessionClient();
 *   return <button onClick={() => signInWithRedirect(session)}>Sign in</button>;
 * }
 *
 * <SignedOut>
 *   <SignInButton />
 * </SignedOut>;
 * ```
 */
export function SignedOut({ children }: SignedOutProps) {
  // With @types/react before 18.2.8 a component returning a bare ReactNode cannot be used as JSX:
  // the fragment keeps the return type `JSX.Element | null` for every supported React.
  // biome-ignore lint/complexity/noUselessFragments: see above
  return useSession(selectIsSignedOut) ? <>{children}</> : null;
}
