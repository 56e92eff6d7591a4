// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, runs the account calls against the testing kit's pool: sign-up
 * with a password (the code resent, then confirmed, then `autoSignIn`), a forgotten password
 * reset, a password change, an address verified with its code, a global sign-out and the user's
 * deletion. The kit answers what Amplify sends and reads (amazon-cognito-identity-js runs the
 * same against it in accountInterop.test.ts).
 */
import {
  autoSignIn,
  confirmResetPassword,
  confirmSignUp,
  confirmUserAttribute,
  deleteUser,
  fetchAuthSession,
  fetchUserAttributes,
  resendSignUpCode,
  resetPassword,
  sendUserAttributeVerificationCode,
  signIn,
  signOut,
  signUp,
  updatePassword,
  updateUserAttributes,
} from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { callApi } from '../testing/cognitoTestClient.js';
import { useAmplify } from './amplifyHarness.js';
import { requestsOf, startPool, USER } from './harness.js';

useAmplify();

const NEW_PASSWORD = 'Br4nd-New-Pass!';

/** Amplify's sign-in with `password`: whether it signed in, or the error's name. */
const signInWith = (password: string) =>
  signIn({ username: USER.username, password }).then(
    (result) => result.isSignedIn,
    (error: Error) => error.name,
  );

describe('aws-amplify v6 account calls against the kit', () => {
  it('signs up with a password, has the code resent, confirms with the new one and is signed in', async () => {
    const pool = await startPool();
    const started = await signUp({
      username: 'bob',
      password: 'B0b-Secret-Pass!',
      options: { userAttributes: { email: 'bob@example.com' }, autoSignIn: true },
    });
    expect(started).toMatchObject({
      isSignUpComplete: false,
      nextStep: {
        signUpStep: 'CONFIRM_SIGN_UP',
        codeDeliveryDetails: { deliveryMedium: 'EMAIL', destination: 'b***@e***' },
      },
    });
    const first = await pool.lastCode('bob');
    expect(await resendSignUpCode({ username: 'bob' })).toMatchObject({
      deliveryMedium: 'EMAIL',
      attributeName: 'email',
    });
    const second = await pool.lastCode('bob');
    expect(second).not.toBe(first);
    await expect(confirmSignUp({ username: 'bob', confirmationCode: first })).rejects.toMatchObject(
      { name: 'CodeMismatchException' },
    );
    const confirmed = await confirmSignUp({ username: 'bob', confirmationCode: second });
    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    expect(await autoSignIn()).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    expect((await fetchAuthSession()).tokens?.idToken?.payload['cognito:username']).toBe('bob');
  });

  it("is refused sign-up where only administrators create users, in Cognito's words", async () => {
    await startPool({ allowAdminCreateUserOnly: true });
    const refusal = await signUp({ username: 'bob', password: 'B0b-Secret-Pass!' }).catch(
      (error: Error) => error,
    );
    expect(refusal).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'SignUp is not permitted for this user pool',
    });
  });

  it('resets a forgotten password with the emailed code; the old password stops working', async () => {
    const pool = await startPool();
    const reset = await resetPassword({ username: USER.username });
    expect(reset).toEqual({
      isPasswordReset: false,
      nextStep: {
        resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE',
        codeDeliveryDetails: {
          deliveryMedium: 'EMAIL',
          destination: 'a***@e***',
          attributeName: 'email',
        },
      },
    });
    const code = await pool.lastCode(USER.username);
    const confirm = (newPassword: string) =>
      confirmResetPassword({ username: USER.username, confirmationCode: code, newPassword });
    await expect(confirm('short')).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    await confirm(NEW_PASSWORD);
    await expect(confirm('An0ther-Pass!')).rejects.toMatchObject({ name: 'ExpiredCodeException' });
    expect(await signInWith(USER.password)).toBe('NotAuthorizedException');
    expect(await signInWith(NEW_PASSWORD)).toBe(true);
  });

  it('changes the password of the signed-in user; a wrong old password is refused', async () => {
    await startPool();
    expect(await signInWith(USER.password)).toBe(true);
    await expect(
      updatePassword({ oldPassword: 'not-it-1A!', newPassword: NEW_PASSWORD }),
    ).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await updatePassword({ oldPassword: USER.password, newPassword: NEW_PASSWORD });
    await signOut();
    expect(await signInWith(USER.password)).toBe('NotAuthorizedException');
    expect(await signInWith(NEW_PASSWORD)).toBe(true);
  });

  it('verifies a changed address with the code sent to it', async () => {
    const pool = await startPool();
    expect(await signInWith(USER.password)).toBe(true);
    const update = await updateUserAttributes({ userAttributes: { email: 'al@example.org' } });
    expect(update.email?.nextStep.updateAttributeStep).toBe('CONFIRM_ATTRIBUTE_WITH_CODE');
    const sent = await sendUserAttributeVerificationCode({ userAttributeKey: 'email' });
    expect(sent).toMatchObject({ deliveryMedium: 'EMAIL', attributeName: 'email' });
    await expect(
      confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: '000000' }),
    ).rejects.toMatchObject({ name: 'CodeMismatchException' });
    const code = await pool.lastCode(USER.username);
    await confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: code });
    expect(await fetchUserAttributes()).toMatchObject({
      email: 'al@example.org',
      email_verified: 'true',
    });
  });

  it('signs out everywhere (GlobalSignOut), then deletes the user', async () => {
    const pool = await startPool();
    expect(await signInWith(USER.password)).toBe(true);
    const accessToken = (await fetchAuthSession()).tokens!.accessToken.toString();
    expect((await callApi('GetUser', { AccessToken: accessToken })).status).toBe(200);
    await signOut({ global: true });
    expect(requestsOf(pool, 'GlobalSignOut')).toHaveLength(1);
    // The access token Amplify held is refused now.
    expect(await callApi('GetUser', { AccessToken: accessToken })).toMatchObject({
      status: 400,
      json: { __type: 'NotAuthorizedException' },
    });

    expect(await signInWith(USER.password)).toBe(true);
    await deleteUser();
    expect(requestsOf(pool, 'DeleteUser')).toHaveLength(1);
    expect(await pool.hasUser(USER.username)).toBe(false);
    expect(await signInWith(USER.password)).toBe('UserNotFoundException');
  });
});
