// @vitest-environment jsdom
/**
 * AWS's own client, aws-amplify v6, gets AWS credentials from the testing kit's identity pool over
 * MSW: `fetchAuthSession()` for a guest and for a signed-in user. The kit answers what Amplify
 * sends and reads, and Amplify's requests are the ones createAwsCredentials sends.
 */
import { fetchAuthSession, signIn } from 'aws-amplify/auth';
import { describe, expect, it } from 'vitest';
import { useAmplify } from './amplifyHarness.js';
import { REGION, requestsOf, startPool, USER, USER_POOL_ID } from './harness.js';

const IDENTITY_POOL_ID = `${REGION}:0d6b8c5e-1f0a-4c1e-9d0b-2a3c4d5e6f70`;

useAmplify({ identityPoolId: IDENTITY_POOL_ID, allowGuestAccess: true });

describe('aws-amplify v6 credentials from the kit', () => {
  it("fetchAuthSession gives a guest's credentials, then the signed-in user's", async () => {
    const pool = await startPool({
      identityPool: { identityPoolId: IDENTITY_POOL_ID, allowUnauthenticated: true },
    });
    const guest = await fetchAuthSession();
    expect(guest.credentials).toMatchObject({
      accessKeyId: expect.stringMatching(/^ASIA/),
      secretAccessKey: expect.any(String),
      sessionToken: expect.any(String),
    });
    expect(guest.identityId).toMatch(new RegExp(`^${REGION}:`));
    // Amplify sends an empty Logins for a guest; sessionkit leaves it out.
    expect(requestsOf(pool, 'GetId')[0]?.body).toEqual({
      IdentityPoolId: IDENTITY_POOL_ID,
      Logins: {},
    });

    await signIn({ username: USER.username, password: USER.password });
    const user = await fetchAuthSession();
    expect(user.credentials?.accessKeyId).toMatch(/^ASIA/);
    // Amplify asks with the guest identity and the login: the identity becomes the user's.
    expect(user.identityId).toBe(guest.identityId);
    const login = `cognito-idp.${REGION}.amazonaws.com/${USER_POOL_ID}`;
    const idToken = user.tokens?.idToken?.toString();
    expect(requestsOf(pool, 'GetCredentialsForIdentity').at(-1)?.body).toEqual({
      IdentityId: user.identityId,
      Logins: { [login]: idToken },
    });
  });
});
