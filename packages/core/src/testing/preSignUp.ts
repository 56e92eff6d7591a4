/**
 * The pool's pre sign-up Lambda trigger (option `preSignUp`; docs/cognito-wire.md section 7,
 * "Sign-up"): told of every `SignUp` before the user is made, it may refuse the sign-up by
 * throwing, or confirm the user and mark the email address or phone number verified.
 */

import type { FakeUser } from './fakePoolTypes.js';
import { clientMetadataOf, runTrigger } from './lambdaTriggers.js';

/** What the pre sign-up trigger is told (the `request` of Cognito's event). */
export interface FakePreSignUpRequest {
  /** The request's `Username` (an email address or phone number where users sign in with one). */
  userName: string;
  /** The request's `UserAttributes`, as names and values. */
  userAttributes: Record<string, string>;
  /** The request's `ValidationData`, which Cognito hands the trigger and does not store. */
  validationData: Record<string, string>;
  /** The request's `ClientMetadata` (its string values). */
  clientMetadata: Record<string, string>;
}

/** What the pre sign-up trigger may answer (the `response` of Cognito's event). */
export interface FakePreSignUpResponse {
  /** Confirm the user now: `SignUp` answers `UserConfirmed: true` and sends no code. */
  autoConfirmUser?: boolean;
  /** Mark the user's `email` verified (when there is one). */
  autoVerifyEmail?: boolean;
  /** Mark the user's `phone_number` verified (when there is one). */
  autoVerifyPhone?: boolean;
}

/**
 * The pool's pre sign-up trigger, as a function. Throwing refuses the sign-up:
 * `UserLambdaValidationException` "PreSignUp failed with error <message>.".
 *
 * @example
 * ```ts
 * import { createFakeUserPool } from '@sessionkit/core/testing';
 *
 * const pool = createFakeUserPool({
 *   region: 'eu-west-1',
 *   userPoolId: 'eu-west-1_AbC123',
 *   clientId: 'client',
 *   preSignUp: ({ userAttributes }) => {
 *     if (!userAttributes.email?.endsWith('@example.com')) throw new Error('Use your work address.');
 *     return { autoConfirmUser: true, autoVerifyEmail: true };
 *   },
 * });
 * ```
 */
export type FakePreSignUpTrigger = (
  request: FakePreSignUpRequest,
) => FakePreSignUpResponse | undefined | Promise<FakePreSignUpResponse | undefined>;

/** Runs the pool's trigger for a `SignUp` request; its answer, or `{}`. */
export async function runPreSignUp(
  trigger: FakePreSignUpTrigger,
  request: Omit<FakePreSignUpRequest, 'clientMetadata'> & { clientMetadata: unknown },
): Promise<FakePreSignUpResponse> {
  const told = { ...request, clientMetadata: clientMetadataOf(request.clientMetadata) };
  return (await runTrigger('PreSignUp', () => trigger(told))) ?? {};
}

/** Applies the trigger's answer to the new user; whether the user is confirmed by it. */
export function applyPreSignUp(user: FakeUser, answer: FakePreSignUpResponse): boolean {
  const { attributes } = user;
  if (answer.autoVerifyEmail && attributes.email) attributes.email_verified = 'true';
  if (answer.autoVerifyPhone && attributes.phone_number) {
    attributes.phone_number_verified = 'true';
  }
  if (!answer.autoConfirmUser) return false;
  user.status = 'CONFIRMED';
  return true;
}
