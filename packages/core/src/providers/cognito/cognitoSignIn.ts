import type { TokenSet } from '../../types.js';
import { type ProviderResponse, stringField } from '../http.js';
import type { PasswordSignInStep, ProviderContext } from '../types.js';
import { type CognitoApiCall, readAuthenticationResult } from './cognitoApi.js';
import { cognitoSignInError } from './signInErrors.js';

/** Challenge parameters with Cognito's JSON-in-a-string values decoded, prefixes dropped. */
export function readChallengeParameters(raw: unknown): Record<string, unknown> {
  const parameters: Record<string, unknown> = {};
  if (typeof raw !== 'object' || raw === null) return parameters;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    // NEW_PASSWORD_REQUIRED sends requiredAttributes and userAttributes, SELECT_MFA_TYPE sends
    // MFAS_CAN_CHOOSE, as JSON-encoded strings.
    if (typeof value === 'string' && /^[[{]/.test(value)) {
      try {
        parameters[key] = stripAttributePrefix(JSON.parse(value));
        continue;
      } catch {
        // Not JSON after all: keep the string.
      }
    }
    parameters[key] = value;
  }
  return parameters;
}

function stripAttributePrefix(value: unknown): unknown {
  const strip = (name: string) => name.replace(/^userAttributes\./, '');
  if (Array.isArray(value))
    return value.map((item) => (typeof item === 'string' ? strip(item) : item));
  return value;
}

/** `AuthenticationResult.NewDeviceMetadata`: a device Cognito started tracking (docs/cognito-wire.md section 7). */
export interface NewDeviceMetadata {
  deviceKey: string;
  deviceGroupKey: string;
}

/**
 * A sign-in step as Cognito's answers give it: a {@link PasswordSignInStep} whose tokens may come
 * with a new device to confirm.
 */
export type SignInStep =
  | Exclude<PasswordSignInStep, { kind: 'tokens' }>
  | { kind: 'tokens'; tokens: TokenSet; newDevice?: NewDeviceMetadata };

function readNewDevice(response: ProviderResponse): NewDeviceMetadata | undefined {
  const result = (response.json as { AuthenticationResult?: { NewDeviceMetadata?: unknown } })
    .AuthenticationResult;
  const deviceKey = stringField(result?.NewDeviceMetadata, 'DeviceKey');
  const deviceGroupKey = stringField(result?.NewDeviceMetadata, 'DeviceGroupKey');
  return deviceKey && deviceGroupKey ? { deviceKey, deviceGroupKey } : undefined;
}

/** Reads a sign-in answer: tokens (and a new device), or the next challenge with its `Session`. */
export function readSignInStep(
  response: ProviderResponse,
  operation: string,
  username: string,
): SignInStep {
  const body = response.json as {
    ChallengeName?: unknown;
    Session?: unknown;
    ChallengeParameters?: Record<string, unknown>;
  };
  if (typeof body.ChallengeName === 'string' && body.ChallengeName.length > 0) {
    const rawParameters = body.ChallengeParameters ?? {};
    // Cognito may name the user differently (an alias signed in): answers use its USERNAME, else
    // its USER_ID_FOR_SRP, else the name the previous step used.
    const named = (key: string) => {
      const value = rawParameters[key];
      return typeof value === 'string' && value.length > 0 ? value : undefined;
    };
    const challengeUser = named('USERNAME') ?? named('USER_ID_FOR_SRP') ?? username;
    return {
      kind: 'challenge',
      name: body.ChallengeName,
      parameters: readChallengeParameters(rawParameters),
      session: typeof body.Session === 'string' ? body.Session : '',
      username: challengeUser,
    };
  }
  const tokens = readAuthenticationResult(response, operation);
  const newDevice = readNewDevice(response);
  return newDevice ? { kind: 'tokens', tokens, newDevice } : { kind: 'tokens', tokens };
}

/**
 * `InitiateAuth` with `USER_PASSWORD_AUTH` (the app client must allow it), with the `DEVICE_KEY`
 * of a remembered device when there is one.
 */
export async function startPasswordSignIn(
  api: CognitoApiCall,
  clientId: string,
  username: string,
  password: string,
  context: ProviderContext,
  deviceKey?: string,
  clientMetadata?: Record<string, string>,
): Promise<SignInStep> {
  const response = await api(
    context,
    'InitiateAuth',
    {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: {
        USERNAME: username,
        PASSWORD: password,
        ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}),
      },
      // JSON.stringify leaves it out when undefined.
      ClientMetadata: clientMetadata,
    },
    cognitoSignInError,
  );
  return readSignInStep(response, 'InitiateAuth', username);
}

/** `RespondToAuthChallenge`: every answer carries `USERNAME`, as Cognito requires. */
export async function answerChallenge(
  api: CognitoApiCall,
  clientId: string,
  challenge: { name: string; session: string; username: string },
  answers: Record<string, string>,
  context: ProviderContext,
  clientMetadata?: Record<string, string>,
  mapError = cognitoSignInError,
): Promise<SignInStep> {
  const response = await api(
    context,
    'RespondToAuthChallenge',
    {
      ClientId: clientId,
      ChallengeName: challenge.name,
      // AWS may send PASSWORD_VERIFIER without a Session (its SECRET_BLOCK binds the answer).
      ...(challenge.session ? { Session: challenge.session } : {}),
      ChallengeResponses: { ...answers, USERNAME: challenge.username },
      // JSON.stringify leaves it out when undefined.
      ClientMetadata: clientMetadata,
    },
    mapError,
  );
  return readSignInStep(response, 'RespondToAuthChallenge', challenge.username);
}
