import { UserManager } from 'oidc-client-ts';

export async function main() {
  const manager = new UserManager({
    authority: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool',
    client_id: 'client',
    redirect_uri: 'https://app.example/callback',
  });
  const user = await manager.getUser();
  if (!user) await manager.signinRedirect();
  return user?.access_token;
}
