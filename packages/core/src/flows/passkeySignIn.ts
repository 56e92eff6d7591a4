/**
 * Signing in with a passkey: choice-based sign-in (choiceSignIn.ts, `USER_AUTH` with
 * `PREFERRED_CHALLENGE` `WEB_AUTHN`), its `WEB_AUTHN` challenge answered by the browser
 * (passkeyCeremony.ts), docs/cognito-wire.md sections 9 and 11.
 */
import { SessionError } from '../errors.js';
import type { Session } from '../session.js';
import { type ChoiceSignInOptions, signInWithChoice } from './choiceSignIn.js';
import { answerWebAuthnChallenge, requireWebAuthn } from './passkeyCeremony.js';
import type { PasswordSignInResult } from './signInChallenges.js';

/**
 * Options of {@link signInWithPasskey}.
 *
 * @example
 * ```ts
 * import { type PasskeySignInOptions, signInWithPasskey } from '@sessionkit/core';
 *
 * const options: PasskeySignInOptions = { deviceName: 'Work laptop' };
 * await signInWithPasskey(session, 'alice', options);
 * ```
 */
export interface PasskeySignInOptions {
  /** As signInWithChoice's: the name a new device is listed under, when the pool tracks devices. */
  deviceName?: ChoiceSignInOptions['deviceName'];
}

const NO_PASSKEY =
  'Cognito does not offer a passkey sign-in for this account (it has no passkey, or the user pool does not allow passkeys); sign in another way.';

/**
 * Signs `username` in with a passkey: `InitiateAuth` `USER_AUTH` preferring `WEB_AUTHN` (the app
 * client must allow `ALLOW_USER_AUTH`, the pool's sign-in policy `WEB_AUTHN`), the browser's
 * passkey prompt (`navigator.credentials.get`), then the `CREDENTIAL` back to Cognito. When
 * Cognito answers `SELECT_CHALLENGE` instead, `WEB_AUTHN` is selected if offered. Resolves as
 * signInWithChoice does: `signedIn` (a passkey needs no MFA), or another challenge to answer.
 * Rejects with `provider` when the browser has no WebAuthn (before any request), `cancelled` when
 * the user dismisses the prompt or no passkey of the account is on this device, `challenge` when
 * Cognito offers no passkey sign-in for this account, `invalid_grant` when Cognito refuses the
 * passkey or the user.
 *
 * @example
 * ```ts
 * import { isSessionError, signInWithPasskey } from '@sessionkit/core';
 *
 * export async function onPasskeySignInClick(username: string) {
 *   try {
 *     const result = await signInWithPasskey(session, username);
 *     if (result.status !== 'signedIn') showError(`One more step: ${result.name}`);
 *   } catch (error) {
 *     if (isSessionError(error) && error.code === 'cancelled') return; // the user said no
 *     showError(isSessionError(error) ? error.message : 'Something went wrong.');
 *   }
 * }
 * ```
 */
export async function signInWithPasskey(
  session: Session,
  username: string,
  options: PasskeySignInOptions = {},
): Promise<PasswordSignInResult> {
  requireWebAuthn('signInWithPasskey()');
  let step = await signInWithChoice(session, username, {
    preferredChallenge: 'WEB_AUTHN',
    ...(options.deviceName === undefined ? {} : { deviceName: options.deviceName }),
  });
  if (step.status === 'challenge' && step.name === 'SELECT_CHALLENGE') {
    if (!step.availableChallenges.includes('WEB_AUTHN')) {
      throw new SessionError('challenge', NO_PASSKEY);
    }
    step = await step.select('WEB_AUTHN');
  }
  if (step.status !== 'challenge' || step.name !== 'WEB_AUTHN') return step;
  const credential = await answerWebAuthnChallenge(step.credentialRequestOptions);
  return step.respond({ CREDENTIAL: credential });
}
