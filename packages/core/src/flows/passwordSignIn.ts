import { SessionError } from '../errors.js';
import type { CognitoProvider } from '../providers/cognito/cognito.js';
import { createCognitoApi } from '../providers/cognito/cognitoApi.js';
import {
  answerChallenge,
  type SignInStep,
  startPasswordSignIn,
} from '../providers/cognito/cognitoSignIn.js';
import {
  continueWithDevice,
  type DeviceChoice,
  presentDevice,
} from '../providers/cognito/deviceAuth.js';
import { type ProviderRun, signInWithSrp } from '../providers/cognito/srpSignIn.js';
import { internalsOf, type SessionInternals, signedInUser } from '../session/internals.js';
import type { Session } from '../session.js';
import { deviceStore } from '../storage/deviceStore.js';
import { chooseDevice, confirmNewDevice, defaultDeviceName } from './deviceSignIn.js';
import {
  challengeHandles,
  cognitoOf,
  passwordAuthFlow,
  withNextStep,
} from './passwordSignInSteps.js';
import type { PasswordSignInResult, RespondOptions } from './signInChallenges.js';

export { type ChallengeHandle, challengeHandles } from './passwordSignInSteps.js';
export type { PasswordSignInResult } from './signInChallenges.js';

/** Options of {@link signInWithPassword}. */
export interface PasswordSignInOptions {
  /**
   * Cognito's auth flow. `'USER_SRP_AUTH'` proves the password without sending it (SRP-6a) and is
   * what app clients allow by default (`ALLOW_USER_SRP_AUTH`). `'USER_PASSWORD_AUTH'` sends the
   * password to Cognito: the app client must allow `ALLOW_USER_PASSWORD_AUTH`, and a user-migration
   * Lambda trigger needs it (the trigger must see the password).
   * @default 'USER_SRP_AUTH'
   */
  authFlow?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';
  /**
   * The name Cognito lists a new device under (`ConfirmDevice`'s `DeviceName`), when the pool
   * tracks devices. @default `navigator.userAgent`, else `'sessionkit'`
   */
  deviceName?: string;
}

/**
 * A challenge's typed details (signInChallenges.ts `challengeDetails`), for the flows that give
 * them: choice-based sign-in's. Left out of signInWithPassword, whose bundle does not need them.
 */
export type ChallengeDetails = (name: string, parameters: Record<string, unknown>) => object;

/** What a sign-in runs with: its API, its device, and how a step becomes a result. */
function createSignInFlow(
  internals: SessionInternals,
  provider: CognitoProvider,
  options: PasswordSignInOptions,
  details?: ChallengeDetails,
) {
  const callApi = createCognitoApi(provider.endpoint);
  const run: ProviderRun = (task) => internals.call(task);
  const store = deviceStore(internals, provider.userPoolId);
  const devices = chooseDevice(store);
  // After an answer the password is spent: a refused device ends the sign-in (dropped here).
  const refusedDevice = () =>
    Promise.reject(
      new SessionError(
        'challenge',
        "Cognito did not accept this browser's remembered device, so it was forgotten here; sign in again (Cognito will ask for MFA).",
      ),
    );

  async function toResult(step: SignInStep): Promise<PasswordSignInResult> {
    if (step.kind === 'tokens') {
      const state = await internals.establish(step.tokens, {});
      const user = signedInUser(state);
      if (!step.newDevice || state.status !== 'signedIn') return { status: 'signedIn', user };
      const deviceName = options.deviceName ?? defaultDeviceName();
      const device = await confirmNewDevice(
        internals,
        callApi,
        store,
        state,
        step.newDevice,
        deviceName,
      );
      return { status: 'signedIn', user, device };
    }
    const result = {
      status: 'challenge',
      name: step.name,
      parameters: step.parameters,
      ...details?.(step.name, step.parameters),
      async respond(answers: Record<string, string>, options: RespondOptions = {}) {
        // As AWS's clients do, every answer names the device the sign-in presented.
        const deviceKey = devices.current?.deviceKey;
        const withDevice = deviceKey ? { DEVICE_KEY: deviceKey, ...answers } : answers;
        const next = await internals.call((context) =>
          answerChallenge(
            callApi,
            provider.clientId,
            step,
            withDevice,
            context,
            options.clientMetadata,
          ),
        );
        // A new password answered, MFA may follow: a remembered device proves itself instead.
        return toResult(
          await continueWithDevice(run, callApi, provider.clientId, next, devices, refusedDevice),
        );
      },
    } as PasswordSignInResult;
    challengeHandles.set(result, {
      internals,
      provider,
      callApi,
      step,
      toResult,
      run,
      devices,
      deviceKey: () => devices.current?.deviceKey,
    });
    return result;
  }

  return { callApi, run, devices, toResult };
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
  const { callApi, run, devices, toResult } = createSignInFlow(internals, provider, options);

  async function withPassword(choice: DeviceChoice | undefined): Promise<SignInStep> {
    const deviceKey = (await choice?.find(username))?.deviceKey;
    const restart = () => withPassword(undefined);
    const step = await presentDevice(
      choice,
      () =>
        run((context) =>
          startPasswordSignIn(callApi, provider.clientId, username, password, context, deviceKey),
        ),
      restart,
    );
    return continueWithDevice(run, callApi, provider.clientId, step, choice, restart);
  }

  const first =
    authFlow === 'USER_PASSWORD_AUTH'
      ? withPassword(devices)
      : signInWithSrp(run, callApi, provider, username, password, devices);
  return toResult(
    await first.catch((error: unknown) => Promise.reject(withNextStep(error, username))),
  );
}

/**
 * Continues a sign-in another flow started (confirmSignUp's `USER_AUTH` with the sign-up's
 * `Session`, signInWithChoice): its first step (given the device choice, to present a remembered
 * device), then as {@link signInWithPassword} (MFA, a device). Internal.
 */
export async function signInFromStep(
  session: Session,
  start: (
    callApi: ReturnType<typeof createCognitoApi>,
    run: ProviderRun,
    provider: CognitoProvider,
    devices: DeviceChoice,
  ) => Promise<SignInStep>,
  options: PasswordSignInOptions = {},
  details?: ChallengeDetails,
): Promise<PasswordSignInResult> {
  const internals = internalsOf(session);
  const provider = cognitoOf(internals);
  const { callApi, run, devices, toResult } = createSignInFlow(
    internals,
    provider,
    options,
    details,
  );
  return toResult(await start(callApi, run, provider, devices));
}
