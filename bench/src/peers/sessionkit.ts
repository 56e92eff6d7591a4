import { cognito, createSession, type TokenSet } from '@sessionkit/core';
import type { Adapter } from './fixture.ts';

export const POOL = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_BenchPool',
  clientId: 'benchclient',
};

/** A session on the default storage (IndexedDB: fake-indexeddb in Node), signed in with `tokens`. */
export async function setup(fixture: { sessionkitTokens: TokenSet }): Promise<Adapter> {
  const session = createSession({ provider: cognito(POOL) });
  await session.ready;
  await session.setTokens(fixture.sessionkitTokens);
  return { getToken: () => session.getAccessToken(), dispose: () => session.dispose() };
}

/** `createSession` over the stored session (a page load); resolves at `ready`. */
export async function restore(): Promise<Adapter> {
  const session = createSession({ provider: cognito(POOL) });
  await session.ready;
  if (session.getState().status !== 'signedIn') throw new Error('no stored session');
  return { getToken: () => session.getAccessToken(), dispose: () => session.dispose() };
}
