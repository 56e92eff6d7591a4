/**
 * @auth0/auth0-spa-js for the cold-start (Node and Chromium) and tabs figures: the same client and cache entries as
 * peers/auth0-spa-js.ts, but in `cacheLocation: 'localstorage'` instead of an in-memory cache.
 * Its default memory cache dies with the page (a reload, or another tab, has no session to
 * restore or share), so localStorage is the configuration in which a stored session exists.
 */
import { Auth0Client } from '@auth0/auth0-spa-js';
import { cacheEntries } from '../peers/auth0-spa-js.ts';
import type { Adapter, TokenFixture } from '../peers/fixture.ts';

export { refreshResponse } from '../peers/auth0-spa-js.ts';

function createClient(): Auth0Client {
  return new Auth0Client({
    domain: 'tenant.example.com',
    clientId: 'client',
    cacheLocation: 'localstorage',
    useRefreshTokens: true,
  });
}

/** The entries peers/auth0-spa-js.ts puts in its memory cache, in localStorage (JSON, as its LocalStorageCache stores them). */
export async function setup(fixture: TokenFixture): Promise<Adapter> {
  for (const [key, value] of cacheEntries(fixture))
    localStorage.setItem(key, JSON.stringify(value));
  return adapterOf(createClient());
}

/** A new Auth0Client over the stored cache (a page load); ready once the user is read from it. */
export async function restore(): Promise<Adapter> {
  const client = createClient();
  const user = await client.getUser();
  if (!user) throw new Error('no stored user');
  return adapterOf(client);
}

function adapterOf(client: Auth0Client): Adapter {
  return { getToken: async () => (await client.getTokenSilently()) as string };
}
