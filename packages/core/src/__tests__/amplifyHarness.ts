/**
 * For the tests that run aws-amplify v6 against the testing kit's pool (in jsdom): MSW alone (no
 * sessionkit session runs, so no token audit), and Amplify configured afresh, signed out, with
 * an empty localStorage before each test.
 */
import { Amplify } from 'aws-amplify';
import { signOut } from 'aws-amplify/auth';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { CLIENT_ID, DOMAIN, server, USER_POOL_ID } from './harness.js';

/** Amplify's identity pool settings (`Auth.Cognito`), for the tests of AWS credentials. */
type IdentityPoolSettings = { identityPoolId: string; allowGuestAccess: boolean };

export function useAmplify(identityPool?: IdentityPoolSettings): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  beforeEach(async () => {
    localStorage.clear();
    const userPool = { userPoolId: USER_POOL_ID, userPoolClientId: CLIENT_ID };
    Amplify.configure({
      Auth: { Cognito: identityPool ? { ...userPool, ...identityPool } : userPool },
    });
    await signOut().catch(() => undefined);
  });
}

/**
 * Configures Amplify for the kit's hosted UI (`loginWith.oauth`, code grant) with this page's
 * origin as its callback URL, and returns that URL.
 */
export function configureAmplifyHostedUi(scopes = ['openid', 'email', 'profile']): string {
  const callback = `${location.origin}/`;
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: USER_POOL_ID,
        userPoolClientId: CLIENT_ID,
        loginWith: {
          oauth: {
            domain: DOMAIN,
            scopes,
            redirectSignIn: [callback],
            redirectSignOut: [callback],
            responseType: 'code',
          },
        },
      },
    },
  });
  return callback;
}
