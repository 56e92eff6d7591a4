/**
 * Answers to `NEW_PASSWORD_REQUIRED` that set attributes Cognito refuses there: sending back the
 * challenge's `userAttributes` (its email address among them), or an attribute the app client may
 * not write. sessionkit says what went wrong in its own words, not "the username or password is
 * wrong", and the step can be answered again. AWS's own client, doing what public reports say
 * fails on real pools (echoing `userAttributes`), fails the same way against the kit.
 */
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_ID,
  rejection,
  signInWithPassword,
  startPool,
  startSession,
  USER_POOL_ID,
  useMsw,
} from './harness.js';
import { memoryStore } from './referenceStorage.js';

useMsw();

const NEW_HIRE = { username: 'newhire', password: 'Temp-Pass-1' } as const;
const NEW_PASSWORD = 'Brand-New-Pass-2';

async function newHireStep(options: Parameters<typeof startPool>[0] = {}) {
  const pool = await startPool({ requiredAttributes: ['name'], ...options });
  await pool.addUser({
    ...NEW_HIRE,
    status: 'FORCE_CHANGE_PASSWORD',
    attributes: { email: 'newhire@example.com', email_verified: 'true' },
  });
  const { session } = startSession();
  const step = await signInWithPassword(session, NEW_HIRE.username, NEW_HIRE.password);
  if (step.status !== 'challenge' || step.name !== 'NEW_PASSWORD_REQUIRED') {
    throw new Error('expected NEW_PASSWORD_REQUIRED');
  }
  return { session, step };
}

describe('sessionkit: NEW_PASSWORD_REQUIRED answers Cognito refuses for their attributes', () => {
  it("sending back the user's email address is a challenge error saying so; answering only what is required then signs in", async () => {
    const { session, step } = await newHireStep();
    const error = await rejection(
      step.respond({
        NEW_PASSWORD,
        'userAttributes.email': 'newhire@example.com',
        'userAttributes.name': 'Nia',
      }),
    );
    expect(error).toMatchObject({
      code: 'challenge',
      providerCode: 'NotAuthorizedException',
      providerMessage: 'Cannot modify an already provided email',
      message:
        "Sign-in failed (NotAuthorizedException): The answer sets an attribute the user has: answer only the challenge's requiredAttributes.",
    });
    expect(session.getState().status).toBe('signedOut');
    const done = await step.respond({ NEW_PASSWORD, 'userAttributes.name': 'Nia' });
    expect(done).toMatchObject({ status: 'signedIn', user: { name: 'Nia' } });
  });

  it('an attribute the app client may not write is a provider error (the pool is set up so)', async () => {
    const { step } = await newHireStep({ writeAttributes: ['name', 'email'] });
    const error = await rejection(
      step.respond({ NEW_PASSWORD, 'userAttributes.name': 'Nia', 'userAttributes.nickname': 'N' }),
    );
    expect(error).toMatchObject({
      code: 'provider',
      providerCode: 'NotAuthorizedException',
      providerMessage: 'A client attempted to write unauthorized attribute',
    });
    expect(error.message).toBe(
      'Sign-in failed (NotAuthorizedException): The app client may not write an attribute in the answer.',
    );
  });
});

describe("amazon-cognito-identity-js: echoing the challenge's userAttributes", () => {
  it('fails with "Cannot modify an already provided email", and succeeds with only the required ones', async () => {
    const pool = await startPool({ requiredAttributes: ['name'] });
    await pool.addUser({
      ...NEW_HIRE,
      status: 'FORCE_CHANGE_PASSWORD',
      attributes: { email: 'newhire@example.com', email_verified: 'true' },
    });
    const user = new CognitoUser({
      Username: NEW_HIRE.username,
      Pool: new CognitoUserPool({
        UserPoolId: USER_POOL_ID,
        ClientId: CLIENT_ID,
        Storage: memoryStore(),
      }),
      Storage: memoryStore(),
    });
    // What AWS's README shows: drop email_verified, send the rest back with the new password.
    const outcome = (attributes: (given: Record<string, string>) => Record<string, string>) =>
      new Promise<string>((resolve) => {
        const callbacks = {
          onSuccess: () => resolve('signed in'),
          onFailure: (error: { code?: string; message: string }) =>
            resolve(`${error.code}: ${error.message}`),
          newPasswordRequired: (given: Record<string, string>) =>
            user.completeNewPasswordChallenge(NEW_PASSWORD, attributes(given), callbacks),
        };
        user.authenticateUser(
          new AuthenticationDetails({ Username: NEW_HIRE.username, Password: NEW_HIRE.password }),
          callbacks,
        );
      });
    const echoed = await outcome(({ email_verified: _verified, ...given }) => ({
      ...given,
      name: 'Nia',
    }));
    expect(echoed).toBe('NotAuthorizedException: Cannot modify an already provided email');
    expect(await outcome(() => ({ name: 'Nia' }))).toBe('signed in');
  });
});
