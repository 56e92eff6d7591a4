/**
 * What every Cognito sign-in flow runs with (password, choice-based, custom, after sign-up): its
 * API, its remembered device, and how Cognito's next step becomes the app's result (tokens
 * establish the session and confirm a new device; a challenge gets `respond`).
 */
import { SessionError } from '../errors.js';
import type { CognitoProvider } from '../providers/cognito/cognito.js';
import { createCognitoApi } from '../providers/cognito/cognitoApi.js';
import { answerChallenge, type SignInStep } from '../providers/cognito/cognitoSignIn.js';
import { continueWithDevice, type DeviceChoice } from '../providers/cognito/deviceAuth.js';
import type { ProviderRun } from '../providers/cognito/srpSignIn.js';
import type { ProviderResponse } from '../providers/http.js';
import { internalsOf, type SessionInternals, signedInUser } from '../session/internals.js';
import type { Session } from '../session.js';
import { deviceStore } from '../storage/deviceStore.js';
import { chooseDevice, confirmNewDevice, defaultDeviceName } from './deviceSignIn.js';
import type { PasswordSignInOptions } from './passwordSignIn.js';
import { challengeHandles, cognitoOf } from './passwordSignInSteps.js';
import type { PasswordSignInResult, RespondOptions } from './signInChallenges.js';

/**
 * A challenge's typed details (signInChallenges.ts `challengeDetails`), for the flows that give
 * them: choice-based sign-in's. Left out of signInWithPassword, whose bundle does not need them.
 */
export type ChallengeDetails = (name: string, parameters: Record<string, unknown>) => object;

/**
 * How a refused answer to a challenge is read, where a flow words it its own way (choice-based
 * sign-in's passkey answer); else as signInErrors.ts `cognitoSignInError` reads it.
 */
export type AnswerErrors = (
  challenge: string,
) => ((response: ProviderResponse, now: number) => SessionError) | undefined;

/** What a sign-in runs with: its API, its device, and how a step becomes a result. */
export function createSignInFlow(
  internals: SessionInternals,
  provider: CognitoProvider,
  options: PasswordSignInOptions,
  details?: ChallengeDetails,
  answerErrors?: AnswerErrors,
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
            answerErrors?.(step.name),
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
  answerErrors?: AnswerErrors,
): Promise<PasswordSignInResult> {
  const internals = internalsOf(session);
  const provider = cognitoOf(internals);
  const { callApi, run, devices, toResult } = createSignInFlow(
    internals,
    provider,
    options,
    details,
    answerErrors,
  );
  return toResult(await start(callApi, run, provider, devices));
}
