export type { TokenSnapshot } from './claims.js';
export type { AccessTokenClaims, IdTokenClaims } from './claimsTypes.js';
export type { Session, SignOutOptions, TokenRequestOptions } from './createSession.js';
export { createSession } from './createSession.js';
export type { SessionErrorCode, SessionErrorDetails } from './errors.js';
export { isSessionError, SessionError } from './errors.js';
export type { IndexedDBStorageOptions } from './storage/indexedDbStorage.js';
export { indexedDBStorage } from './storage/indexedDbStorage.js';
export { memoryStorage } from './storage/memoryStorage.js';
export type {
  CognitoOptions,
  CognitoProvider,
  CognitoRefreshTransport,
} from './providers/cognito/cognito.js';
export { cognito } from './providers/cognito/cognito.js';
export type { OidcDiscovery, OidcOptions, OidcProvider } from './providers/oidc/oidc.js';
export { oidc } from './providers/oidc/oidc.js';
export type {
  AuthorizationRequest,
  PasswordSignInStep,
  ProviderContext,
  RedirectSignIn,
  SessionProvider,
} from './providers/types.js';
export {
  computeRefreshAt,
  computeRetryDelay,
  DEFAULT_REFRESH_LEEWAY_SECONDS,
  DEFAULT_RETRY_BASE_DELAY_MS,
  DEFAULT_RETRY_MAX_ATTEMPTS,
  DEFAULT_RETRY_MAX_DELAY_MS,
} from './refreshPolicy.js';
export { MAX_TIMER_STEP_MS } from './scheduler.js';
export type { SessionOptions } from './sessionOptions.js';
export { DEFAULT_REQUEST_TIMEOUT_MS } from './sessionOptions.js';
export type {
  PasswordSignInResult,
  RedirectCallbackResult,
  RedirectSignInOptions,
} from './signInFlows.js';
export type { PersistMode } from './storage/recordCodec.js';
export { STORAGE_SCHEMA_VERSION } from './storage/recordCodec.js';
export type { TokenStorage } from './storage/tokenStorage.js';
export type {
  SessionEvents,
  SessionListener,
  SessionState,
  SignedInState,
  SignOutReason,
  TokenInfo,
  TokenSet,
} from './types.js';
