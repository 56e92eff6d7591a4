import { type SignInStep, startPasswordSignIn } from '../providers/cognito/cognitoSignIn.js';
import {
  continueWithDevice,
  type DeviceChoice,
  presentDevice,
} from '../providers/cognito/deviceAuth.js';
import { customAuthSrpStart, signInWithSrp } from '../providers/cognito/srpSignIn.js';
import { internalsOf } from '../session/internals.js';
import type { Session } from '../session.js';
import { cognitoOf, passwordAuthFlow, withNextStep } from './passwordSignInSteps.js';
import type { PasswordSignInResult } from './signInChallenges.js';
import { createSignInFlow } from './signInFlow.js';

export { type ChallengeHandle, challengeHandles } from './passwordSignInSteps.js';
export type { PasswordSignInResult } from './signInChallenges.js';

/** Options of {@link signInWithPassword}. */
export interface PasswordSignInOptions {
  /**
   * Cognito's auth flow. `'USER_SRP_AUTH'` proves the password without sending it (SRP-6a) and is
   * what app clients allow by default (`ALLOW_USER_SRP_AUTH`). `'USER_PASSWORD_AUTH'` sends the
   * password to Cognito: the app client must allow `ALLOW_USER_PASSWORD_AUTH`, and a user-migration
   * Lambda trigger needs it (the trigger must see the password). `'CUSTOM_WITH_SRP'` (Amplify's
   * name) is custom authentication that starts with the same proof: the pool's define auth
   * challenge trigger asks for it, then `CUSTOM_CHALLENGE` steps follow, answered with
   * `respond({ ANSWER })`; the app client must allow `ALLOW_CUSTOM_AUTH`.
   * @default 'USER_SRP_AUTH'
   */
  authFlow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_WITH_SRP';
  /**
   * Sent as `ClientMetadata` with the requests that carry the password or its proof, for the
   * pool's Lambda triggers (user migration, pre authentication, custom challenges). Answers to
   * later steps carry their own (`respond`'s `clientMetadata`).
   */
  clientMetadata?: Record<string, string>;
  /**
   * The name Cognito lists a new device under (`ConfirmDevice`'s `DeviceName`), when the pool
   * tracks devices. @default `navigator.userAgent`, else `'sessionkit'`
   */
  deviceName?: string;
}

/**
 * Signs in with a username and password, by default with Cognito `USER_SRP_AUTH` (the password
 * never leaves the page). Resolves `{ status: 'signedIn' }`, or
 * `{ status: 'challenge', name, parameters, respond }` for MFA or a new password; rejects with
 * `invalid_grant` (wrong credentials), `challenge`, `rate_limited`…
 *
 * An account that owes a step first rejects with a `challenge` SessionError whose `nextStep`
 * names it: `{ step: 'confirmSignUp', username }` for a user who has not confirmed the sign-up
 * (Cognito's `UserNotConfirmedException`: see `confirmSignUp`, `resendSignUpCode`), and
 * `{ step: 'resetPassword', username }` for one who must reset the password
 * (`PasswordResetRequiredException`: see `resetPassword`, `confirmResetPassword`).
 *
 * With a user pool that tracks devices (docs/cognito-wire.md section 7), devices are handled
 * without the app: a device Cognito hands out is confirmed (`ConfirmDevice`) and kept in the
 * session's storage apart from the session (sign-out keeps it), and the result's `device` says so;
 * the next sign-in of the user in this browser presents it, and a remembered device answers
 * Cognito's `DEVICE_SRP_AUTH` instead of the user answering MFA. A device Cognito refuses (no
 * longer known, or its proof not accepted) is dropped and the sign-in starts over without it. If
 * confirming fails, the user is signed in anyway and `device.confirmation` is `'failed'`.
 *
 * @example
 * ```ts
 * import { signInWithPassword } from '@sessionkit/core';
 *
 * let step = await signInWithPassword(session, 'alice', password);
 * if (step.status === 'challenge' && step.name === 'SOFTWARE_TOKEN_MFA') {
 *   step = await step.respond({ SOFTWARE_TOKEN_MFA_CODE: await askForCode() });
 * }
 * ```
 * @example
 * ```ts
 * import { signInWithPassword } from '@sessionkit/core';
 *
 * // A pool with a user-migration trigger: the trigger needs the password itself.
 * await signInWithPassword(session, 'alice', password, { authFlow: 'USER_PASSWORD_AUTH' });
 * ```
 * @example
 * ```ts
 * import { signInWithPassword } from '@sessionkit/core';
 *
 * // Custom authentication that starts with the password (Amplify's CUSTOM_WITH_SRP).
 * let step = await signInWithPassword(session, 'alice', password, { authFlow: 'CUSTOM_WITH_SRP' });
 * while (step.status === 'challenge' && step.name === 'CUSTOM_CHALLENGE') {
 *   step = await step.respond({ ANSWER: await askForCode() });
 * }
 * ```
 * @example
 * ```ts
 * import { isSessionError, resendSignUpCode, signInWithPassword } from '@sessionkit/core';
 *
 * try {
 *   await signInWithPassword(session, 'alice', password);
 * } catch (error) {
 *   if (isSessionError(error) && error.nextStep?.step === 'confirmSignUp') {
 *     await resendSignUpCode(session, error.nextStep.username); // then confirmSignUp
 *   } else if (isSessionError(error) && error.nextStep?.step === 'resetPassword') {
 *     showResetPasswordForm(error.nextStep.username); // resetPassword, confirmResetPassword
 *   } else throw error;
 * }
 * ```
 */
export async function signInWithPassword(
  session: Session,
  username: string,
  password: string,
  options: PasswordSignInOptions = {},
): Promise<PasswordSignInResult> {
  const internals = internalsOf(session);
  const provider = cognitoOf(internals);
  const authFlow = passwordAuthFlow(options);
  const { clientMetadata } = options;
  const { callApi, run, devices, toResult } = createSignInFlow(internals, provider, options);

  async function withPassword(choice: DeviceChoice | undefined): Promise<SignInStep> {
    const deviceKey = (await choice?.find(username))?.deviceKey;
    const restart = () => withPassword(undefined);
    const step = await presentDevice(
      choice,
      () =>
        run((context) =>
          startPasswordSignIn(
            callApi,
            provider.clientId,
            username,
            password,
            context,
            deviceKey,
            clientMetadata,
          ),
        ),
      restart,
    );
    return continueWithDevice(run, callApi, provider.clientId, step, choice, restart);
  }

  const start =
    authFlow === 'CUSTOM_WITH_SRP'
      ? customAuthSrpStart(callApi, provider.clientId, username, clientMetadata)
      : undefined;
  const first =
    authFlow === 'USER_PASSWORD_AUTH'
      ? withPassword(devices)
      : signInWithSrp(run, callApi, provider, username, password, devices, {
          clientMetadata,
          ...(start ? { start } : {}),
        });
  return toResult(
    await first.catch((error: unknown) => Promise.reject(withNextStep(error, username))),
  );
}
