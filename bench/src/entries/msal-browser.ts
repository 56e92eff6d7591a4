import { PublicClientApplication } from '@azure/msal-browser';

export async function main() {
  const client = new PublicClientApplication({ auth: { clientId: 'client' } });
  await client.initialize();
  const account = client.getAllAccounts()[0];
  if (!account) return client.loginRedirect();
  const result = await client.acquireTokenSilent({ scopes: ['openid'], account });
  return result.accessToken;
}
