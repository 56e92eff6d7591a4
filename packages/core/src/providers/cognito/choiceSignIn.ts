/**
 * Choice-based sign-in's requests (docs/cognito-wire.md section 9): `InitiateAuth` `USER_AUTH`
 * with `AuthParameters {USERNAME, PREFERRED_CHALLENGE?, PASSWORD?, SRP_A?}`, and the
 * `SELECT_CHALLENGE` answer `{USERNAME, ANSWER, PASSWORD? | SRP_A?}`. `PASSWORD_SRP` proves the
 * password as `USER_SRP_AUTH` does (srpSignIn.ts, with these requests sending `SRP_A`).
 */
import type { ChoiceChallenge } from '../../flows/signInChallenges.js';
import type { ProviderResponse } from '../http.js';
import type { ProviderContext } from '../types.js';
import type { CognitoApiCall } from './cognitoApi.js';
import { readSignInStep, type SignInStep } from './cognitoSignIn.js';
import { continueWithDevice, type DeviceChoice, presentDevice } from './deviceAuth.js';
import { choiceStartError, cognitoSignInError } from './signInErrors.js';
import { type ProviderRun, signInWithSrp } from './srpSignIn.js';

/** The ways choice-based sign-in names, in Cognito's spelling. */
export const CHOICE_CHALLENGES: readonly ChoiceChallenge[] = [
  'PASSWORD',
  'PASSWORD_SRP',
  'EMAIL_OTP',
  'SMS_OTP',
  'WEB_AUTHN',
];

/** What the first request carries: the preferred way, and the password for the password ways. */
export interface ChoiceStart {
  preferred: ChoiceChallenge | undefined;
  password: string | undefined;
}

/** A step and the `AvailableChallenges` its answer listed (top level of the body, not a parameter). */
export interface ChoiceStep {
  step: SignInStep;
  available: ChoiceChallenge[];
}

function readAvailable(response: ProviderResponse): ChoiceChallenge[] {
  const listed = (response.json as { AvailableChallenges?: unknown }).AvailableChallenges;
  return Array.isArray(listed)
    ? listed.filter((name): name is ChoiceChallenge => CHOICE_CHALLENGES.includes(name))
    : [];
}

/**
 * `InitiateAuth` `USER_AUTH`, presenting the remembered device of `devices` (`DEVICE_KEY`), then
 * what follows as after a password (a remembered device proving itself instead of MFA).
 * `PASSWORD_SRP` sends `SRP_A` and answers `PASSWORD_VERIFIER`.
 */
export async function startChoiceSignIn(
  run: ProviderRun,
  api: CognitoApiCall,
  pool: { clientId: string; userPoolId: string },
  username: string,
  choice: ChoiceStart,
  devices: DeviceChoice,
): Promise<ChoiceStep> {
  let available: ChoiceChallenge[] = [];
  const initiate = async (
    context: ProviderContext,
    parameters: Record<string, string | undefined>,
    deviceKey: string | undefined,
  ) => {
    const response = await api(
      context,
      'InitiateAuth',
      {
        AuthFlow: 'USER_AUTH',
        ClientId: pool.clientId,
        // JSON.stringify leaves out the parameters that are undefined.
        AuthParameters: {
          USERNAME: username,
          PREFERRED_CHALLENGE: choice.preferred,
          ...parameters,
          DEVICE_KEY: deviceKey,
        },
      },
      choiceStartError,
    );
    available = readAvailable(response);
    return response;
  };
  const { password } = choice;
  if (choice.preferred === 'PASSWORD_SRP' && password !== undefined) {
    const step = await signInWithSrp(run, api, pool, username, password, devices, {
      start: (c, srpA, key) => initiate(c, { SRP_A: srpA }, key),
    });
    return { step, available };
  }
  const first = async (): Promise<SignInStep> => {
    const deviceKey = (await devices.find(username))?.deviceKey;
    const parameters = { PASSWORD: choice.preferred === 'PASSWORD' ? password : undefined };
    const response = await run((context) => initiate(context, parameters, deviceKey));
    return readSignInStep(response, 'InitiateAuth', username);
  };
  const step = await presentDevice(devices, first, first);
  return {
    step: await continueWithDevice(run, api, pool.clientId, step, devices, first),
    available,
  };
}

/**
 * The `SELECT_CHALLENGE` answer choosing `PASSWORD_SRP`: `SRP_A` with the `ANSWER`, then the
 * `PASSWORD_VERIFIER` answer (srpSignIn.ts), then a remembered device's proof if Cognito asks.
 */
export function selectPasswordSrp(
  run: ProviderRun,
  api: CognitoApiCall,
  pool: { clientId: string; userPoolId: string },
  challenge: { session: string; username: string },
  password: string,
  devices: DeviceChoice,
): Promise<SignInStep> {
  return signInWithSrp(run, api, pool, challenge.username, password, devices, {
    start: (context, srpA, deviceKey) =>
      api(
        context,
        'RespondToAuthChallenge',
        {
          ClientId: pool.clientId,
          ChallengeName: 'SELECT_CHALLENGE',
          Session: challenge.session,
          ChallengeResponses: {
            ANSWER: 'PASSWORD_SRP',
            USERNAME: challenge.username,
            SRP_A: srpA,
            DEVICE_KEY: deviceKey,
          },
        },
        cognitoSignInError,
      ),
  });
}
