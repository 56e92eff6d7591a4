import { GoTrueClient } from '@supabase/auth-js';

export async function main() {
  const client = new GoTrueClient({ url: 'https://project.supabase.co/auth/v1' });
  const { data } = await client.getSession();
  if (!data.session) await client.signInWithOAuth({ provider: 'google' });
  return data.session?.access_token;
}
