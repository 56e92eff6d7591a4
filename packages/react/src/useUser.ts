'use client';

import type { IdTokenClaims, SessionState } from '@sessionkit/core';
import { useSession } from './useSession.js';

const selectUser = (state: SessionState) => (state.status === 'signedIn' ? state.user : null);

/**
 * The signed-in user's ID-token claims, or `null` while loading and when signed out. Typed with
 * Cognito's claims (`email`, `cognito:username`, `cognito:groups`, …) plus your pool's custom
 * attributes, declared through `Custom` (Cognito sends them as strings).
 *
 * Each refresh brings a new ID token (new `iat`/`exp`), so this re-renders on refresh; to
 * follow one claim without that, select it: `useSession((s) => s.status === 'signedIn' ? s.user.email : null)`.
 *
 * @example
 * ```tsx
 * function Tenant() {
 *   const user = useUser<{ 'custom:tenant': string }>();
 *   if (!user) return null;
 *   return <p>{user.email} works for {user['custom:tenant']}</p>;
 * }
 * ```
 */
export function useUser<
  Custom extends object = Record<never, never>,
>(): IdTokenClaims<Custom> | null {
  // `Custom` is the app's declaration of its pool's attributes; the claims come from the token.
  return useSession(selectUser) as IdTokenClaims<Custom> | null;
}
