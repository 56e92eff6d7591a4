/**
 * Passkey MFA (docs/cognito-wire.md section 11, "Passkeys and MFA"), as pure functions of the
 * pool's settings and the stored user: `WebAuthnMfaSettings` in `SetUserMFAPreference`, and
 * whether a passkey may sign a user in who owes MFA after a password.
 */
import { CognitoApiError } from './cognitoResponses.js';
import type { FakeUser, FakeUserMfaSettings } from './fakePoolTypes.js';
import { mfaStepFor, type PoolMfaConfig } from './mfaPolicy.js';
import type { PoolContext } from './poolContext.js';
import type { PoolState } from './poolState.js';
import { type ResolvedWebAuthnConfig, userCredentials } from './webAuthnState.js';

/** What Cognito answers a passkey sign-in that must go through a password and MFA instead. */
export const PASSWORD_CHALLENGE_REQUIRED = 'Password Challenge is Required to SignIn';

const countsAsMfa = (webAuthn: ResolvedWebAuthnConfig | null) =>
  webAuthn?.factorConfiguration === 'MULTI_FACTOR_WITH_USER_VERIFICATION';

/**
 * Applies `WebAuthnMfaSettings` (`{ Enabled }`) to settings `SetUserMFAPreference` already
 * changed. Turning it on needs a pool whose passkeys count as MFA; it needs another factor on, so
 * that the user cannot be locked out (also when the same request turns the last one off).
 */
export function applyPasskeyMfa(
  settings: FakeUserMfaSettings,
  change: { Enabled?: unknown } | undefined,
  webAuthn: ResolvedWebAuthnConfig | null,
): FakeUserMfaSettings {
  const turn = typeof change?.Enabled === 'boolean' ? change.Enabled : undefined;
  if (turn === false) return { ...settings, passkeyMfa: false };
  if (turn === undefined && !settings.passkeyMfa) return settings;
  if (turn === true && !countsAsMfa(webAuthn)) {
    // The kit's words: public reports name only the exception.
    throw new CognitoApiError(
      'InvalidParameterException',
      'WebAuthn MFA is not enabled for this user pool: its FactorConfiguration must be MULTI_FACTOR_WITH_USER_VERIFICATION',
    );
  }
  if (settings.enabled.length === 0) {
    throw new CognitoApiError(
      'InvalidParameterException',
      'WebAuthn MFA requires enabling an additional MFA setting.',
    );
  }
  return turn === undefined ? settings : { ...settings, passkeyMfa: true };
}

/**
 * Whether a passkey may sign `user` in: always, unless the user owes MFA after a password (a
 * factor on, or a pool that requires MFA); then only where passkeys count as MFA and the user
 * turned passkey MFA on.
 */
export function passkeySignInAllowed(
  user: FakeUser,
  mfa: PoolMfaConfig,
  webAuthn: ResolvedWebAuthnConfig | null,
): boolean {
  if (mfaStepFor(user, mfa).kind === 'none') return true;
  return countsAsMfa(webAuthn) && user.mfa?.passkeyMfa === true;
}

/**
 * A passkey sign-in Cognito refuses outright (`NotAuthorizedException`
 * {@link PASSWORD_CHALLENGE_REQUIRED}, not a `SELECT_CHALLENGE`): the pool offers passkeys and the
 * user has one, but owes MFA that the passkey cannot stand for.
 */
export function passkeyNeedsPassword(state: PoolState, user: FakeUser, context: PoolContext) {
  const { config } = context;
  return (
    config.webAuthn !== null &&
    config.userAuthFactors.includes('WEB_AUTHN') &&
    user.status !== 'FORCE_CHANGE_PASSWORD' &&
    userCredentials(state, user.username).length > 0 &&
    !passkeySignInAllowed(user, config.mfa, config.webAuthn)
  );
}
