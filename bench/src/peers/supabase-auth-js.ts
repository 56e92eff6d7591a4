import { GoTrueClient } from '@supabase/auth-js';
import type { Adapter, TokenFixture } from './fixture.ts';

export const SUPABASE_URL = 'https://project.supabase.example/auth/v1';

/** GoTrueClient with the session in localStorage (its browser default); `getSession()` reads it. */
export async function setup(fixture: TokenFixture): Promise<Adapter> {
  const storageKey = 'sb-bench-auth-token';
  localStorage.setItem(
    storageKey,
    JSON.stringify({
      access_token: fixture.accessToken,
      refresh_token: fixture.refreshToken,
      token_type: 'bearer',
      expires_in: 3600,
      expires_at: fixture.expiresAtSeconds,
      user: { id: fixture.claims.sub, aud: 'authenticated', email: fixture.claims.email },
    }),
  );
  const client = new GoTrueClient({
    url: SUPABASE_URL,
    storageKey,
    autoRefreshToken: false,
    detectSessionInUrl: false,
  });
  await client.initialize();
  return {
    async getToken() {
      const { data, error } = await client.getSession();
      if (error) throw error;
      return data.session!.access_token;
    },
  };
}

/** GoTrue's `/token?grant_type=refresh_token` answer. */
export function refreshResponse(fresh: TokenFixture) {
  return {
    access_token: fresh.accessToken,
    refresh_token: `${fresh.refreshToken}-next`,
    token_type: 'bearer',
    expires_in: 3600,
    expires_at: fresh.expiresAtSeconds,
    user: { id: fresh.claims.sub, aud: 'authenticated', email: fresh.claims.email },
  };
}

/** A new GoTrueClient over the stored session (a page load); ready once the session is read. */
export async function restore(): Promise<Adapter> {
  const client = new GoTrueClient({
    url: SUPABASE_URL,
    storageKey: 'sb-bench-auth-token',
    autoRefreshToken: false,
    detectSessionInUrl: false,
  });
  await client.initialize();
  const { data } = await client.getSession();
  if (!data.session) throw new Error('no stored session');
  return { getToken: async () => (await client.getSession()).data.session!.access_token };
}
