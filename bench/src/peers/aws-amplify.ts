import { Amplify } from 'aws-amplify';
import { fetchAuthSession } from 'aws-amplify/auth';
import type { Adapter, TokenFixture } from './fixture.ts';

const CLIENT_ID = 'benchclient';

/** Amplify Auth (user pool only) with tokens in localStorage, its default token store. */
export async function setup(fixture: TokenFixture): Promise<Adapter> {
  const prefix = `CognitoIdentityServiceProvider.${CLIENT_ID}`;
  const username = 'alice';
  localStorage.setItem(`${prefix}.LastAuthUser`, username);
  localStorage.setItem(`${prefix}.${username}.accessToken`, fixture.accessToken);
  localStorage.setItem(`${prefix}.${username}.idToken`, fixture.idToken);
  localStorage.setItem(`${prefix}.${username}.refreshToken`, fixture.refreshToken);
  localStorage.setItem(`${prefix}.${username}.clockDrift`, '0');
  Amplify.configure({
    Auth: { Cognito: { userPoolId: 'eu-west-1_BenchPool', userPoolClientId: CLIENT_ID } },
  });
  return {
    async getToken() {
      const session = await fetchAuthSession();
      return session.tokens!.accessToken.toString();
    },
  };
}

/** Cognito's `InitiateAuth` (REFRESH_TOKEN_AUTH) answer. */
export function refreshResponse(fresh: TokenFixture) {
  return {
    AuthenticationResult: {
      AccessToken: fresh.accessToken,
      IdToken: fresh.idToken,
      ExpiresIn: 3600,
      TokenType: 'Bearer',
    },
    ChallengeParameters: {},
  };
}

/** Amplify configured anew over the stored tokens (a page load); ready once the session is read. */
export async function restore(): Promise<Adapter> {
  Amplify.configure({
    Auth: { Cognito: { userPoolId: 'eu-west-1_BenchPool', userPoolClientId: CLIENT_ID } },
  });
  const session = await fetchAuthSession();
  if (!session.tokens) throw new Error('no stored session');
  return {
    getToken: async () => (await fetchAuthSession()).tokens!.accessToken.toString(),
  };
}
