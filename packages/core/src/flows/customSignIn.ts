/**
 * Sign-in with the user pool's own challenges (`InitiateAuth` `CUSTOM_AUTH`): the pool's Lambda
 * triggers decide what to ask, `CUSTOM_CHALLENGE` steps carry the question, and the app answers
 * with `respond({ ANSWER })` (docs/cognito-wire.md section 12).
 */
import { readSignInStep } from '../providers/cognito/cognitoSignIn.js';
import { continueWithDevice, presentDevice } from '../providers/cognito/deviceAuth.js';
import { cognitoSignInError } from '../providers/cognito/signInErrors.js';
import type { Session } from '../session.js';
import type { PasswordSignInOptions } from './passwordSignIn.js';
import { withNextStep } from './passwordSignInSteps.js';
import type { PasswordSignInResult } from './signInChallenges.js';
import { signInFromStep } from './signInFlow.js';

/** Options of {@link signInWithCustomChallenge}. */
export interface CustomSignInOptions {
  /**
   * Handed to the pool's define and create auth challenge triggers with the first request
   * (`ClientMetadata`): for example which kind of challenge the app can show.
   */
  clientMetadata?: Record<string, string>;
  /** As signInWithPassword's: the name a new device is listed under, when the pool tracks devices. */
  deviceName?: PasswordSignInOptions['deviceName'];
}

/**
 * Signs in through the user pool's custom authentication (`CUSTOM_AUTH`, allowed by
 * `ALLOW_CUSTOM_AUTH`, which app clients created today allow): the pool's define auth challenge
 * trigger decides the steps. Resolves with `{ status: 'challenge', name: 'CUSTOM_CHALLENGE' }`
 * whose `parameters` are what the create trigger made public (and `USERNAME`); answer with
 * `respond({ ANSWER: '…' })`, which resolves with the next challenge (a wrong answer may get
 * another, as the trigger decides) or `signedIn`. The session is established when the tokens
 * arrive. Rejects with a `SessionError`: `invalid_grant` when the trigger fails the sign-in
 * (`NotAuthorizedException`) or the user is unknown, `provider` when the pool has no triggers or
 * the app client does not allow the flow (`InvalidParameterException`, the setting named).
 * For custom authentication that starts with the password (Amplify's `CUSTOM_WITH_SRP`), call
 * `signInWithPassword` with `authFlow: 'CUSTOM_WITH_SRP'` instead.
 *
 * @example
 * ```ts
 * import { signInWithCustomChallenge } from '@sessionkit/core';
 *
 * let step = await signInWithCustomChallenge(session, 'alice');
 * while (step.status === 'challenge' && step.name === 'CUSTOM_CHALLENGE') {
 *   // parameters: what the pool's create auth challenge trigger made public.
 *   step = await step.respond({ ANSWER: await askForCode() });
 * }
 * ```
 */
export async function signInWithCustomChallenge(
  session: Session,
  username: string,
  options: CustomSignInOptions = {},
): Promise<PasswordSignInResult> {
  if (typeof username !== 'string' || username === '') {
    throw new TypeError('signInWithCustomChallenge(): username must be a non-empty string.');
  }
  const { clientMetadata, deviceName } = options;
  return signInFromStep(
    session,
    async (callApi, run, provider, devices) => {
      const first = async () => {
        const deviceKey = (await devices.find(username))?.deviceKey;
        const response = await run((context) =>
          callApi(
            context,
            'InitiateAuth',
            {
              AuthFlow: 'CUSTOM_AUTH',
              ClientId: provider.clientId,
              // JSON.stringify leaves out DEVICE_KEY and ClientMetadata when they are undefined.
              AuthParameters: { USERNAME: username, DEVICE_KEY: deviceKey },
              ClientMetadata: clientMetadata,
            },
            cognitoSignInError,
          ),
        );
        return readSignInStep(response, 'InitiateAuth', username);
      };
      const step = await presentDevice(devices, first, first).catch((error: unknown) =>
        Promise.reject(withNextStep(error, username)),
      );
      return continueWithDevice(run, callApi, provider.clientId, step, devices, first);
    },
    deviceName === undefined ? {} : { deviceName },
  );
}
