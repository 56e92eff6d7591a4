// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, meets the account states the testing kit now keeps: the
 * lockout after wrong passwords, a disabled user, an expired temporary password and the
 * required attributes of NEW_PASSWORD_REQUIRED. Amplify shows Cognito's answers as they come,
 * so what it sees is what the kit sends.
 */
import { confirmSignIn, signIn } from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { useAmplify } from './amplifyHarness.js';
import { startPool, USER } from './harness.js';

useAmplify();

const refusal = (attempt: Promise<unknown>) =>
  attempt.then(
    () => {
      throw new Error('the sign-in should have been refused');
    },
    (error: { name?: string; message?: string }) => ({ name: error.name, message: error.message }),
  );

describe('aws-amplify v6 against the account states of the kit', () => {
  it('is locked out after five wrong passwords, the right one too, until the lockout ends', async () => {
    let now = Date.UTC(2026, 0, 1, 12);
    await startPool({ now: () => now });
    for (let n = 0; n < 5; n += 1) {
      expect(await refusal(signIn({ username: USER.username, password: 'Wr0ng-Horse!' }))).toEqual({
        name: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
    }
    expect(await refusal(signIn({ username: USER.username, password: USER.password }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'Password attempts exceeded',
    });
    now += 1_000;
    expect((await signIn({ username: USER.username, password: USER.password })).isSignedIn).toBe(
      true,
    );
  });

  it('cannot sign a disabled user in', async () => {
    const pool = await startPool();
    await pool.disableUser(USER.username);
    expect(await refusal(signIn({ username: USER.username, password: USER.password }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'User is disabled.',
    });
  });

  it('cannot sign in with an expired temporary password', async () => {
    let now = Date.UTC(2026, 0, 1, 12);
    const pool = await startPool({ now: () => now });
    await pool.addUser({
      username: 'newhire',
      password: 'Temp-Pass-1',
      status: 'FORCE_CHANGE_PASSWORD',
    });
    now += 7 * 86_400_000;
    expect(await refusal(signIn({ username: 'newhire', password: 'Temp-Pass-1' }))).toEqual({
      name: 'NotAuthorizedException',
      message: 'User account has expired, it must be reset by an administrator.',
    });
  });

  it('reads the missing required attributes of NEW_PASSWORD_REQUIRED and answers them', async () => {
    const pool = await startPool({ requiredAttributes: ['email', 'name'] });
    await pool.addUser({
      username: 'newhire',
      password: 'Temp-Pass-1',
      status: 'FORCE_CHANGE_PASSWORD',
      attributes: { email: 'newhire@example.com' },
    });
    const first = await signIn({ username: 'newhire', password: 'Temp-Pass-1' });
    expect(first.nextStep).toMatchObject({
      signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED',
      missingAttributes: ['name'],
    });
    expect(await refusal(confirmSignIn({ challengeResponse: 'Brand-New-Pass-2' }))).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid attributes given, name is missing',
    });
    const done = await confirmSignIn({
      challengeResponse: 'Brand-New-Pass-2',
      options: { userAttributes: { name: 'Nia' } },
    });
    expect(done.isSignedIn).toBe(true);
  });
});
