/**
 * What the fake pool's Lambda triggers share (custom authentication in customAuth.ts, pre sign-up
 * in preSignUp.ts): a trigger that throws fails the request as a Lambda error does in Cognito,
 * and the `ClientMetadata` each is told.
 */
import { asObject } from './cognitoApiInput.js';
import { CognitoApiError } from './cognitoResponses.js';

/**
 * Runs one trigger. A trigger that throws fails the request with `UserLambdaValidationException`
 * "<Trigger> failed with error <message>." (docs/cognito-wire.md section 12).
 */
export async function runTrigger<T>(trigger: string, call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CognitoApiError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new CognitoApiError(
      'UserLambdaValidationException',
      `${trigger} failed with error ${message}.`,
    );
  }
}

/** A request's `ClientMetadata` as a trigger is told it: its string values only. */
export function clientMetadataOf(value: unknown): Record<string, string> {
  const entries = Object.entries(asObject(value)).filter(([, item]) => typeof item === 'string');
  return Object.fromEntries(entries) as Record<string, string>;
}
