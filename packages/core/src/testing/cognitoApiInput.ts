/** Input checks of the JSON API operations (cognitoApiOperations.ts): client, flow, parameters. */
import { CognitoApiError } from './cognitoResponses.js';
import type { ExplicitAuthFlow } from './fakePoolTypes.js';
import type { PoolContext } from './poolContext.js';

export type JsonObject = Record<string, unknown>;

/**
 * The app-client setting each `InitiateAuth` flow needs, and Cognito's answer when the client
 * lacks it (`InvalidParameterException`). Sources:
 * - `USER_PASSWORD_AUTH`: "USER_PASSWORD_AUTH flow not enabled for this client" (docs/cognito-wire.md §7).
 * - `USER_SRP_AUTH` and `CUSTOM_AUTH`: "<flow> is not enabled for the client." — a different
 *   pattern, the wording public reports quote from Cognito; AWS's reference does not state it.
 * - `REFRESH_TOKEN_AUTH` (alias `REFRESH_TOKEN`) and `USER_AUTH`: unconfirmed, so the
 *   `USER_PASSWORD_AUTH` pattern. (Reports quote Cognito refusing to save a client without
 *   rotation that lacks `ALLOW_REFRESH_TOKEN_AUTH`, "REFRESH_TOKEN_AUTH should always be
 *   allowed."; unconfirmed, and the fake accepts such a list so a test can see the refusal.)
 * Only `InitiateAuth` is gated. `GetTokensFromRefreshToken` and the `/oauth2/token` refresh grant
 * are not: refresh-token rotation requires `ALLOW_REFRESH_TOKEN_AUTH` turned off and then
 * refreshes through exactly those two (docs/cognito-wire.md §2, and the comment on `REFRESH_TOKEN_AUTH` in
 * `InitiateAuth`, cognitoApiOperations.ts).
 */
export const FLOW_REFUSALS: Record<string, { setting: ExplicitAuthFlow; message: string }> = {
  USER_PASSWORD_AUTH: {
    setting: 'ALLOW_USER_PASSWORD_AUTH',
    message: 'USER_PASSWORD_AUTH flow not enabled for this client',
  },
  USER_SRP_AUTH: {
    setting: 'ALLOW_USER_SRP_AUTH',
    message: 'USER_SRP_AUTH is not enabled for the client.',
  },
  CUSTOM_AUTH: {
    setting: 'ALLOW_CUSTOM_AUTH',
    message: 'CUSTOM_AUTH is not enabled for the client.',
  },
  REFRESH_TOKEN_AUTH: {
    setting: 'ALLOW_REFRESH_TOKEN_AUTH',
    message: 'REFRESH_TOKEN_AUTH flow not enabled for this client',
  },
  REFRESH_TOKEN: {
    setting: 'ALLOW_REFRESH_TOKEN_AUTH',
    message: 'REFRESH_TOKEN_AUTH flow not enabled for this client',
  },
  USER_AUTH: { setting: 'ALLOW_USER_AUTH', message: 'USER_AUTH flow not enabled for this client' },
};

/** Refuses an `InitiateAuth` flow the app client does not allow, before anything is read or changed. */
export function requireAllowedFlow(context: PoolContext, authFlow: unknown): void {
  if (typeof authFlow !== 'string' || !Object.hasOwn(FLOW_REFUSALS, authFlow)) return;
  const refusal = FLOW_REFUSALS[authFlow]!;
  if (!context.config.explicitAuthFlows.includes(refusal.setting)) {
    throw new CognitoApiError('InvalidParameterException', refusal.message);
  }
}

/**
 * The API's own refusal of a member that breaks its model's constraint, as Cognito words it
 * ("1 validation error detected: Value at 'password' failed to satisfy constraint: …"); the value
 * is left out, as Cognito leaves out those of sensitive members.
 */
export function validationError(member: string, constraint: string): CognitoApiError {
  return new CognitoApiError(
    'InvalidParameterException',
    `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}

/** A member's constraints in the API's model: its longest length, its pattern as AWS prints it. */
export interface ModelShape {
  readonly maxLength: number;
  readonly pattern: string;
  /** `pattern` matched against the whole value. */
  readonly test: RegExp;
}

/** The shape of a member whose pattern AWS prints as `pattern`. */
export const modelShape = (maxLength: number, pattern: string): ModelShape => ({
  maxLength,
  pattern,
  test: new RegExp(`^(?:${pattern})$`, 'u'),
});

/** `value` when it keeps `shape`, else the API's validation error naming `member` (length first). */
export function requireModelShape(value: string, member: string, shape: ModelShape): string {
  if (value.length > shape.maxLength) {
    throw validationError(
      member,
      `Member must have length less than or equal to ${shape.maxLength}`,
    );
  }
  if (!shape.test.test(value)) {
    throw validationError(
      member,
      `Member must satisfy regular expression pattern: ${shape.pattern}`,
    );
  }
  return value;
}

/** A code the user typed: 1 to 2048 characters without whitespace (AWS's API reference). */
const CODE_SHAPE = modelShape(2048, '[\\S]+');

/**
 * A code the user typed (`ConfirmationCode`, `Code`) as the API's model takes it, else its
 * validation error naming `member`: a code pasted with a space or a line break is refused before
 * it is compared.
 */
export function requireCode(input: JsonObject, field: string, member: string): string {
  return requireModelShape(requireString(input, field), member, CODE_SHAPE);
}

export function requireClient(context: PoolContext, clientId: unknown): void {
  if (typeof clientId !== 'string' || clientId === '') {
    throw new CognitoApiError(
      'InvalidParameterException',
      "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    );
  }
  // What Cognito answers for a client id it does not know (seen in many SDK issue reports).
  if (clientId !== context.config.clientId) {
    throw new CognitoApiError(
      'ResourceNotFoundException',
      `User pool client ${clientId} does not exist.`,
    );
  }
}

export function requireString(input: JsonObject, name: string): string {
  const value = input[name];
  if (typeof value !== 'string' || value === '') {
    throw new CognitoApiError('InvalidParameterException', `Missing required parameter ${name}`);
  }
  return value;
}

export function asObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : {};
}
