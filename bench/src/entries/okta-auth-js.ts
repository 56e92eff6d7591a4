import { OktaAuth } from '@okta/okta-auth-js';

export async function main() {
  const client = new OktaAuth({
    issuer: 'https://tenant.okta.com/oauth2/default',
    clientId: 'client',
    redirectUri: 'https://app.example/callback',
  });
  if (!(await client.isAuthenticated())) await client.signInWithRedirect();
  await client.tokenManager.get('idToken');
  return client.getAccessToken();
}
