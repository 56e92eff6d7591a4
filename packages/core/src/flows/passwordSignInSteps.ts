/**
 * Password sign-in's helpers (flows/passwordSignIn.ts): what a challenge result was made
 * from, the cognito() provider check, the `authFlow` option check, and the `nextStep` an account
 * owes (docs/cognito-wire.md section 3).
 */
import { isSessionError, SessionError } from '../errors.js';
import type { CognitoProvider } from '../providers/cognito/cognito.js';
import type { createCognitoApi } from '../providers/cognito/cognitoApi.js';
import type { DeviceChoice } from '../providers/cognito/deviceAuth.js';
import type { ProviderRun } from '../providers/cognito/srpSignIn.js';
import type { PasswordSignInStep } from '../providers/types.js';
import type { SessionInternals } from '../session/internals.js';
import type { PasswordSignInOptions } from './passwordSignIn.js';
import type { PasswordSignInResult } from './signInChallenges.js';

/**
 * What a challenge result was made from, for flows that continue a sign-in from outside this
 * module (MFA set-up answers `MFA_SETUP` with requests of its own). Internal: not exported from
 * the package.
 */
export interface ChallengeHandle {
  internals: SessionInternals;
  provider: CognitoProvider;
  callApi: ReturnType<typeof createCognitoApi>;
  step: Extract<PasswordSignInStep, { kind: 'challenge' }>;
  /** Turns the next step into a result (signs in, or the next challenge). */
  toResult(step: PasswordSignInStep): Promise<PasswordSignInResult>;
  /** Runs one request with the session's timeout and abort signal. */
  run: ProviderRun;
  /** The sign-in's device choice (the remembered device it presents). */
  devices: DeviceChoice;
  /** The device presented at this sign-in, whose key every answer carries (as `respond` does). */
  deviceKey(): string | undefined;
}

/** Challenge results and what they were made from (see {@link ChallengeHandle}). */
export const challengeHandles = new WeakMap<object, ChallengeHandle>();

/** The session's Cognito provider; a `provider` SessionError for another provider. */
export function cognitoOf(internals: SessionInternals): CognitoProvider {
  const provider = internals.provider as Partial<CognitoProvider>;
  if (provider.kind !== 'cognito') {
    throw new SessionError(
      'provider',
      'Password sign-in needs the cognito() provider; use signInWithRedirect for this provider.',
    );
  }
  return provider as CognitoProvider;
}

/** The `authFlow` option, checked (a TypeError names a value that is none of the flows). */
export function passwordAuthFlow(
  options: PasswordSignInOptions,
): NonNullable<PasswordSignInOptions['authFlow']> {
  const authFlow = options.authFlow ?? 'USER_SRP_AUTH';
  if (!['USER_SRP_AUTH', 'USER_PASSWORD_AUTH', 'CUSTOM_WITH_SRP'].includes(authFlow)) {
    throw new TypeError(
      `signInWithPassword(): authFlow must be 'USER_SRP_AUTH', 'USER_PASSWORD_AUTH' or 'CUSTOM_WITH_SRP', got ${JSON.stringify(authFlow)}.`,
    );
  }
  return authFlow;
}

/**
 * Names the step an account owes on the error that says so (`UserNotConfirmedException`:
 * `confirmSignUp`; `PasswordResetRequiredException`: `resetPassword`), as `error.nextStep`.
 */
export function withNextStep(error: unknown, username: string): unknown {
  const providerCode = isSessionError(error) ? error.providerCode : undefined;
  const step =
    providerCode === 'UserNotConfirmedException'
      ? 'confirmSignUp'
      : providerCode === 'PasswordResetRequiredException'
        ? 'resetPassword'
        : undefined;
  if (step)
    Object.defineProperty(error, 'nextStep', { value: { step, username }, enumerable: true });
  return error;
}
