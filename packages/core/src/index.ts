/**
 * `@sessionkit/core`: keeps web app users signed in with Amazon Cognito or any OpenID Connect
 * provider. Create one `Session` with `createSession`, then call the flows (free functions that
 * take the session) to sign in and out.
 *
 * @packageDocumentation
 * @module \@sessionkit/core
 */
export type { TokenSnapshot } from './claims.js';
export type {
  AccessTokenClaims,
  IdTokenClaims,
  Register,
  RegisteredClaims,
} from './claimsTypes.js';
export { createSession } from './createSession.js';
export type { CrossTab } from './crossTab.js';
export { crossTab } from './crossTab.js';
export type { SessionErrorCode, SessionErrorDetails, SignInNextStep } from './errors.js';
export { isSessionError, SessionError } from './errors.js';
export type {
  AdoptAmplifySessionOptions,
  AmplifyAdoptionResult,
  AmplifyKeyStorage,
} from './flows/adoptAmplifySession.js';
export { adoptAmplifySession } from './flows/adoptAmplifySession.js';
export type { AuthorizedFetchOptions } from './flows/authorizedFetch.js';
export { createAuthorizedFetch } from './flows/authorizedFetch.js';
export type {
  AwsCredentials,
  AwsCredentialsOptions,
  AwsCredentialsProvider,
} from './flows/awsCredentials.js';
export { createAwsCredentials } from './flows/awsCredentials.js';
export type { ChoiceSignInOptions } from './flows/choiceSignIn.js';
export { signInWithChoice } from './flows/choiceSignIn.js';
export type { CustomSignInOptions } from './flows/customSignIn.js';
export { signInWithCustomChallenge } from './flows/customSignIn.js';
export type {
  DeleteUserAttributesOptions,
  DeleteUserAttributesResult,
} from './flows/deleteUserAttributes.js';
export { deleteUserAttributes } from './flows/deleteUserAttributes.js';
export type { SignedInDevice } from './flows/deviceSignIn.js';
export type { DeviceList, ListDevicesOptions, TrackedDevice } from './flows/devices.js';
export { forgetDevice, listDevices, rememberDevice } from './flows/devices.js';
export { deleteUser, globalSignOut } from './flows/globalSignOut.js';
export type { TotpSetUp, TotpUriOptions, TotpVerifyOptions } from './flows/mfa.js';
export { setUpTotp } from './flows/mfa.js';
export type { MfaFactorSetting, MfaPreference } from './flows/mfaSettings.js';
export { associateTotp, setMfaPreference, verifyTotp } from './flows/mfaSettings.js';
export { answerWebAuthnChallenge } from './flows/passkeyCeremony.js';
export type { PasskeySignInOptions } from './flows/passkeySignIn.js';
export { signInWithPasskey } from './flows/passkeySignIn.js';
export type { ListPasskeysOptions, Passkey, PasskeyList } from './flows/passkeys.js';
export { deletePasskey, listPasskeys, registerPasskey } from './flows/passkeys.js';
export type { ResetPasswordOptions } from './flows/passwordReset.js';
export { changePassword, confirmResetPassword, resetPassword } from './flows/passwordReset.js';
export type { PasswordSignInOptions, PasswordSignInResult } from './flows/passwordSignIn.js';
export { signInWithPassword } from './flows/passwordSignIn.js';
export type {
  StandardAttributeName,
  UpdateUserAttributesOptions,
  UpdateUserAttributesResult,
  UserAttributes,
  UserProfile,
  VerifiableAttributeName,
} from './flows/profile.js';
export {
  getUserAttributes,
  sendUserAttributeVerificationCode,
  updateUserAttributes,
  verifyUserAttribute,
} from './flows/profile.js';
export type { RedirectCallbackResult, RedirectSignInOptions } from './flows/redirectSignIn.js';
export { handleRedirectCallback, signInWithRedirect } from './flows/redirectSignIn.js';
export { resendSignUpCode } from './flows/resendSignUpCode.js';
export type {
  ChallengeCodeDelivery,
  ChallengeStep,
  ChoiceChallenge,
  CodeChallengeStep,
  OtherChallengeStep,
  RespondOptions,
  SelectChallengeStep,
  SignInChallengeStep,
  WebAuthnChallengeStep,
} from './flows/signInChallenges.js';
export type { RedirectSignOutOptions } from './flows/signOutWithRedirect.js';
export { signOutWithRedirect } from './flows/signOutWithRedirect.js';
export type {
  ConfirmSignUpOptions,
  ConfirmSignUpResult,
  SignUpInput,
  SignUpResult,
} from './flows/signUp.js';
export { confirmSignUp, signUp } from './flows/signUp.js';
export {
  authenticationToJSON,
  creationOptionsFromJSON,
  registrationToJSON,
  requestOptionsFromJSON,
} from './flows/webAuthnJson.js';
export type {
  WebAuthnAuthenticationJSON,
  WebAuthnCreationOptionsJSON,
  WebAuthnCredentialDescriptorJSON,
  WebAuthnRegistrationJSON,
  WebAuthnRequestOptionsJSON,
} from './flows/webAuthnJsonTypes.js';
export type { CodeDeliveryDetails } from './providers/cognito/accountApi.js';
export type {
  CognitoOptions,
  CognitoProvider,
  CognitoRefreshTransport,
} from './providers/cognito/cognito.js';
export { cognito } from './providers/cognito/cognito.js';
export type { OidcDiscovery, OidcOptions, OidcProvider } from './providers/oidc/oidc.js';
export { oidc } from './providers/oidc/oidc.js';
export type {
  HostedEndpoints,
  HostedSignIn,
  IdentityProvider,
  ProviderContext,
} from './providers/types.js';
export type { Session, SignOutOptions, TokenRequestOptions } from './session.js';
export type { SessionOptions } from './sessionOptions.js';
export type { IndexedDBStorageOptions } from './storage/indexedDbStorage.js';
export { indexedDBStorage } from './storage/indexedDbStorage.js';
export { memoryStorage } from './storage/memoryStorage.js';
export type { PersistMode } from './storage/recordCodec.js';
export type { TokenStorage } from './storage/tokenStorage.js';
export type {
  SessionEvents,
  SessionListener,
  SessionState,
  SessionTokens,
  SignedInState,
  SignOutReason,
  TokenInfo,
  TokenSet,
} from './types.js';
