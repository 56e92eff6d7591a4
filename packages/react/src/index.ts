/**
 * `@sessionkit/react`: React bindings of a sessionkit `Session`. Every hook is one
 * `useSyncExternalStore` over `session.subscribe`/`session.getState`; the session logic is core's.
 * The flows are core's free functions: call them with the session from `useSessionClient()`.
 *
 * @packageDocumentation
 * @module \@sessionkit/react
 */

export { SessionProvider, type SessionProviderProps } from './SessionProvider.js';
export { SignedIn, type SignedInProps } from './SignedIn.js';
export { SignedOut, type SignedOutProps } from './SignedOut.js';
export { shallowEqual } from './shallowEqual.js';
export { useAccessToken } from './useAccessToken.js';
export { type FlowHandle, type FlowStatus, useFlow } from './useFlow.js';
export { useSession } from './useSession.js';
export { useSessionClient } from './useSessionClient.js';
export { useUser } from './useUser.js';
