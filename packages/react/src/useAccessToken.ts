'use client';

import type { SessionState } from '@sessionkit/core';
import { useSession } from './useSession.js';

const selectAccessToken = (state: SessionState) =>
  state.status === 'signedIn' ? state.tokens.accessToken : null;

/**
 * The current access token, or `null` while loading and when signed out. Core's scheduler
 * refreshes it before it expires, and the component re-renders with the new one.
 *
 * For API calls prefer core's `createAuthorizedFetch(session, { allowedOrigins })` (adds the bearer
 * header for allowed origins only and retries once on 401) or
 * `await session.getAccessToken({ minValiditySeconds })` at call time, with the session from
 * `useSessionClient()`: a token read during render may be about to expire by the time a request
 * is sent.
 *
 * @example
 * ```tsx
 * import { useAccessToken } from '@sessionkit/react';
 *
 * function GraphiQLLink() {
 *   const accessToken = useAccessToken();
 *   return accessToken ? <a href={`/graphiql#token=${encodeURIComponent(accessToken)}`}>GraphiQL</a> : null;
 * }
 * ```
 */
export function useAccessToken(): string | null {
  return useSession(selectAccessToken);
}
