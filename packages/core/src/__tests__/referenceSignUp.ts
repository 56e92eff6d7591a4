/**
 * AWS's own client signing a user up at the kit's pool (the harness's pool and client ids):
 * amazon-cognito-identity-js's `CognitoUserPool.signUp` as a promise, so the interop tests read
 * what AWS's client makes of the kit's answers and refusals.
 */
import {
  CognitoUserAttribute,
  CognitoUserPool,
  type ISignUpResult,
} from 'amazon-cognito-identity-js';
import { CLIENT_ID, USER_POOL_ID } from './harness.js';
import { memoryStore } from './referenceStorage.js';

/** What AWS's client rejects with: Cognito's error name and message. */
export type ReferenceFailure = { code?: string; message: string };

/** Its result, or its error (`code`, `message`) as the rejection. */
export function referenceSignUp(
  username: string,
  password: string,
  attributes: Record<string, string> = {},
): Promise<ISignUpResult> {
  const pool = new CognitoUserPool({
    UserPoolId: USER_POOL_ID,
    ClientId: CLIENT_ID,
    Storage: memoryStore(),
  });
  const list = Object.entries(attributes).map(
    ([Name, Value]) => new CognitoUserAttribute({ Name, Value }),
  );
  return new Promise((resolve, reject) =>
    pool.signUp(username, password, list, [], (error, value) =>
      error ? reject(error as ReferenceFailure) : resolve(value as ISignUpResult),
    ),
  );
}
