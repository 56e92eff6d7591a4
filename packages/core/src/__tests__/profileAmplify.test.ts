// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, runs the profile calls against the testing kit's pool over
 * MSW: it reads the attributes and the MFA preference, changes and deletes attributes, and sees
 * what the kit holds. The kit answers what Amplify sends and reads.
 */
import {
  confirmSignIn,
  deleteUserAttributes,
  fetchMFAPreference,
  fetchUserAttributes,
  signIn,
  updateUserAttributes,
} from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { useAmplify } from './amplifyHarness.js';
import { requestsOf, startPool, USER } from './harness.js';

useAmplify();

describe('aws-amplify v6 profile calls against the kit', () => {
  it('reads, changes and deletes attributes, and reads the MFA preference', async () => {
    const pool = await startPool();
    expect((await signIn({ username: USER.username, password: USER.password })).isSignedIn).toBe(
      true,
    );
    expect(await fetchUserAttributes()).toMatchObject({
      email: 'alice@example.com',
      'custom:tenant': 'acme',
    });
    await updateUserAttributes({ userAttributes: { nickname: 'Al' } });
    await deleteUserAttributes({ userAttributeKeys: ['custom:tenant', 'nickname'] });
    expect(requestsOf(pool, 'DeleteUserAttributes')[0]?.body).toEqual({
      AccessToken: expect.any(String),
      UserAttributeNames: ['custom:tenant', 'nickname'],
    });
    const attributes = await fetchUserAttributes();
    expect(attributes).toMatchObject({ email: 'alice@example.com' });
    expect(attributes).not.toHaveProperty('custom:tenant');
    expect(attributes).not.toHaveProperty('nickname');
    expect(await fetchMFAPreference()).toEqual({});
  });

  it("reads the MFA preference of a user with an authenticator as the kit's GetUser gives it", async () => {
    const pool = await startPool({ mfa: 'optional' });
    await pool.addUser({ ...USER, mfa: { type: 'SOFTWARE_TOKEN_MFA', code: '135790' } });
    const started = await signIn({ username: USER.username, password: USER.password });
    expect(started.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_TOTP_CODE');
    expect((await confirmSignIn({ challengeResponse: '135790' })).isSignedIn).toBe(true);
    expect(await fetchMFAPreference()).toEqual({ enabled: ['TOTP'], preferred: 'TOTP' });
  });
});
