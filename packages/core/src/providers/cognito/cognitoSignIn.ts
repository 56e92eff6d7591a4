import { SessionError } from '../../errors.js';
import type { TokenSet } from '../../types.js';
import { type ProviderResponse, stringField } from '../http.js';
import type { PasswordSignInStep, ProviderContext } from '../types.js';
import { type CognitoApiCall, readAuthenticationResult } from './cognitoApi.js';
import {
  clientSecretError,
  cognitoError,
  cognitoErrorName,
  LAMBDA_REFUSAL,
  readNotAuthorized,
} from './cognitoErrors.js';

/**
 * Sign-in errors (docs/cognito-wire.md section 3). Wrong password and unknown user are refused credentials;
 * an unconfirmed user or one who must reset the password has a step to take first; a wrong or
 * expired code, a password the policy refuses or an expired challenge session fail the challenge.
 */
const SIGN_IN_ERRORS: Record<string, { code: 'invalid_grant' | 'challenge'; hint: string }> = {
  NotAuthorizedException: { code: 'invalid_grant', hint: 'The username or password is wrong.' },
  UserNotFoundException: { code: 'invalid_grant', hint: 'No user has this username.' },
  UserNotConfirmedException: {
    code: 'challenge',
    hint: 'The user has not confirmed the account yet (confirm it with the code Cognito sent).',
  },
  PasswordResetRequiredException: {
    code: 'challenge',
    hint: 'The user must reset the password before signing in.',
  },
  CodeMismatchException: { code: 'challenge', hint: 'The code is wrong.' },
  ExpiredCodeException: { code: 'challenge', hint: 'The code has expired.' },
  InvalidPasswordException: {
    code: 'challenge',
    hint: "The new password does not meet the pool's password policy.",
  },
  UserLambdaValidationException: LAMBDA_REFUSAL,
};

/** `NEW_PASSWORD_REQUIRED` answered without an attribute the pool requires. */
const MISSING_ATTRIBUTES = {
  code: 'challenge',
  hint: "The answer lacks attributes the user pool requires: answer each of the challenge's requiredAttributes as userAttributes.<name>.",
} as const;

/**
 * `NotAuthorizedException` during sign-in: wrong credentials, unless its message says otherwise
 * (docs/cognito-wire.md section 7).
 */
function notAuthorizedHint(message: string): { code: 'invalid_grant' | 'challenge'; hint: string } {
  if (/password attempts exceeded/i.test(message)) {
    return {
      code: 'invalid_grant',
      hint: 'Too many failed attempts: Cognito has locked this user out for a while; try again later.',
    };
  }
  if (/user is disabled/i.test(message)) {
    return { code: 'invalid_grant', hint: 'The user is disabled in the user pool.' };
  }
  if (/account has expired/i.test(message)) {
    return {
      code: 'invalid_grant',
      hint: 'The temporary password has expired: an administrator must send the user a new one.',
    };
  }
  if (/session is expired|invalid session/i.test(message)) {
    return {
      code: 'challenge',
      hint: "The sign-in took too long (Cognito's sign-in session expired); start it again.",
    };
  }
  return SIGN_IN_ERRORS.NotAuthorizedException!;
}

/** Maps a failed sign-in answer; throttling and service errors map as anywhere else. */
export function cognitoSignInError(response: ProviderResponse, now: number): SessionError {
  const name = cognitoErrorName(response);
  const body = (response.isJson ? response.json : {}) as { message?: unknown };
  const message = typeof body.message === 'string' ? body.message : '';
  // Cognito's words go to providerMessage only: apps show a sign-in error's message to users.
  const details = {
    status: response.status,
    providerCode: name,
    ...(message ? { providerMessage: message } : {}),
  };
  if (name === 'NotAuthorizedException' && readNotAuthorized(message).kind === 'clientSecret') {
    return clientSecretError(details);
  }
  const known =
    name === 'NotAuthorizedException'
      ? notAuthorizedHint(message)
      : name === 'InvalidParameterException' && /invalid attributes given/i.test(message)
        ? MISSING_ATTRIBUTES
        : name
          ? SIGN_IN_ERRORS[name]
          : undefined;
  if (!known || !name) return cognitoError(response, now, false);
  return new SessionError(known.code, `Sign-in failed (${name}): ${known.hint}`, details);
}

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
    cognitoSignInError,
  );
  return readSignInStep(response, 'RespondToAuthChallenge', challenge.username);
}
