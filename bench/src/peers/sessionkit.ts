import { cognito, createSession, crossTab, type TokenSet } from '@sessionkit/core';
import type { Adapter } from './fixture.ts';

export const POOL = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_BenchPool',
  clientId: 'benchclient',
};

/**
 * sessionkit as an app with several tabs sets it up: the default storage (IndexedDB:
 * fake-indexeddb in Node) and `crossTab()`, so its tabs take turns refreshing.
 */
const options = () => ({ provider: cognito(POOL), crossTab: crossTab() });

/** A session signed in with `tokens`. */
export async function setup(fixture: { sessionkitTokens: TokenSet }): Promise<Adapter> {
  const session = createSession(options());
  await session.ready;
  await session.setTokens(fixture.sessionkitTokens);
  return { getToken: () => session.getAccessToken(), dispose: () => session.dispose() };
}

/** `createSession` over the stored session (a page load); resolves at `ready`. */
export async function restore(): Promise<Adapter> {
  const session = createSession(options());
  await session.ready;
  if (session.getState().status !== 'signedIn') throw new Error('no stored session');
  return { getToken: () => session.getAccessToken(), dispose: () => session.dispose() };
}
