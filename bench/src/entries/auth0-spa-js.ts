import { Auth0Client } from '@auth0/auth0-spa-js';

export async function main() {
  const client = new Auth0Client({ domain: 'tenant.example.com', clientId: 'client' });
  if (!(await client.isAuthenticated())) await client.loginWithRedirect();
  await client.getUser();
  return client.getTokenSilently();
}
