'use client';

import type { IdTokenClaims, SessionState } from '@sessionkit/core';
import { useSession } from './useSession.js';

const selectUser = (state: SessionState) => (state.status === 'signedIn' ? state.user : null);

/**
 * The signed-in user's ID-token claims, or `null` while loading and when signed out. Typed with
 * Cognito's and OIDC's claims (`email`, `cognito:username`, `cognito:groups`, …) plus the custom
 * claims the app declared once in core's `Register` interface; undeclared `custom:*` attributes
 * read as `string | undefined`. There is no type argument: a per-call one would be a cast that
 * the token does not check (`as IdTokenClaims<{ … }>` says so, where one place needs it).
 *
 * Each refresh brings a new ID token (new `iat`/`exp`), so this re-renders on refresh; to
 * follow one claim without that, select it: `useSession((s) => s.status === 'signedIn' ? s.user.email : null)`.
 *
 * @example
 * ```tsx
 * import { useUser } from '@sessionkit/react';
 *
 * // Once for the app, in any .ts file the compiler sees:
 * declare module '@sessionkit/core' {
 *   interface Register {
 *     claims: { 'custom:tenant': string; 'custom:plan': 'free' | 'pro' };
 *   }
 * }
 *
 * function Tenant() {
 *   const user = useUser();
 *   if (!user) return null;
 *   return <p>{user.email} works for {user['custom:tenant']}</p>;
 * }
 * ```
 */
export function useUser(): IdTokenClaims | null {
  return useSession(selectUser);
}
