/**
 * `@sessionkit/core/testing`: a fake Cognito user pool as MSW handlers, and token minting for
 * unit tests. Needs the optional peer dependency `msw` (2.x).
 *
 * @packageDocumentation
 * @module \@sessionkit/core/testing
 */

export type { AccountCodePurpose, AccountState, CodeDelivery } from './accountState.js';
export {
  createFakeUserPool,
  DEFAULT_EXPLICIT_AUTH_FLOWS,
  DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS,
  DEFAULT_RETRY_GRACE_PERIOD_SECONDS,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
  type FakeUserPool,
  type FakeUserPoolOptions,
} from './createFakeUserPool.js';
export type {
  CustomAuthRecord,
  FakeCustomAuthRequest,
  FakeCustomAuthTriggers,
  FakeCustomChallengeResult,
} from './customAuthTypes.js';
export type {
  DeviceTracking,
  ExplicitAuthFlow,
  FailNextOptions,
  FakeDevice,
  FakeUser,
  FakeUserInput,
  FakeUserMfa,
  FakeUserMfaSettings,
  FakeUserStatus,
  FaultKind,
  IssueTokensOptions,
  MfaFactor,
  PoolOperation,
  PoolRequest,
  SentCode,
  UserAuthFactor,
} from './fakePoolTypes.js';
export { DEFAULT_FAULT_OPERATIONS, DEFAULT_RETRY_AFTER_SECONDS } from './faults.js';
export { heldTokens } from './heldTokens.js';
export type { FakeIdentityPoolOptions, IdentityRecord } from './identityPool.js';
export type { JwtClaims, PublicJwk, StoredSigningKey } from './jwt.js';
export {
  getMintTokensJwks,
  MINT_DEFAULTS,
  type MintClaims,
  type MintTokensOptions,
  mintTokens,
} from './mintTokens.js';
export {
  AUTHORIZATION_CODE_LIFETIME_SECONDS,
  HOSTED_UI_SESSION_LIFETIME_SECONDS,
} from './oauthHandlers.js';
export type { PasswordAttempts } from './passwordAttempts.js';
export {
  DEFAULT_PASSWORD_POLICY,
  type FakePasswordPolicy,
  type ResolvedPasswordPolicy,
} from './passwordPolicy.js';
// The records a pool keeps: what a custom PoolStore (see createSharedPoolStore) stores.
export {
  type AuthorizationCodeRecord,
  type ChallengeRecord,
  createMemoryPoolStore,
  type DeviceChallengeRecord,
  type DeviceRecord,
  type HostedUiSession,
  type PoolState,
  type PoolStore,
  type RefreshTokenRecord,
} from './poolState.js';
export type {
  FakePreSignUpRequest,
  FakePreSignUpResponse,
  FakePreSignUpTrigger,
} from './preSignUp.js';
export type { ProfileState, VerifiedAttribute } from './profileState.js';
export {
  createSharedPoolStore,
  DEFAULT_SHARED_POOL_DATABASE,
  type SharedPoolStoreOptions,
} from './sharedPoolStore.js';
export { type OtpOptions, totp } from './totp.js';
export type { UserAuthRecord } from './userAuthSteps.js';
export type { AliasAttribute, UsernameAttribute } from './usernames.js';
export type {
  FakeWebAuthnOptions,
  WebAuthnCredentialRecord,
  WebAuthnState,
} from './webAuthnState.js';
