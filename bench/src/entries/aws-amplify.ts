import { Amplify } from 'aws-amplify';
import { fetchAuthSession, getCurrentUser, signInWithRedirect } from 'aws-amplify/auth';

export async function main() {
  Amplify.configure({
    Auth: { Cognito: { userPoolId: 'eu-west-1_Pool', userPoolClientId: 'client' } },
  });
  const user = await getCurrentUser().catch(() => null);
  if (!user) await signInWithRedirect();
  const session = await fetchAuthSession();
  return session.tokens?.accessToken.toString();
}
