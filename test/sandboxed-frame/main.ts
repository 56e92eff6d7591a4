/**
 * Runs inside an iframe sandboxed without `allow-same-origin` (an opaque origin), where Chromium
 * refuses IndexedDB and Web Locks with a SecurityError but keeps BroadcastChannel: a session with
 * `crossTab()` starts, signs in, refreshes and signs out there. Posts what it saw to the parent
 * page. The testing kit cannot run in such a frame (msw reads `localStorage` when it loads, which
 * throws there), so the test mints the tokens in Node and hands them in as `window.FRAME_TOKENS`;
 * the refresh answer is Cognito's `GetTokensFromRefreshToken` shape with the second set.
 * Bundled by browser/sandboxedFrame.test.ts.
 */
import { cognito, createSession, crossTab } from '@sessionkit/core';
import { FRAME_POOL, type SandboxedFrameReport, type SandboxedFrameResult } from './contract.js';

async function refusal(probe: () => Promise<unknown>): Promise<string> {
  try {
    await probe();
    return 'allowed';
  } catch (error) {
    return (error as Error).name;
  }
}

async function run(): Promise<SandboxedFrameReport> {
  const [signIn, refreshed] = window.FRAME_TOKENS ?? [];
  if (!signIn || !refreshed) throw new Error('FRAME_TOKENS is missing');
  const requests: string[] = [];
  const session = createSession({
    provider: cognito(FRAME_POOL),
    crossTab: crossTab(),
    async fetch(_input, init) {
      const operation = new Headers(init?.headers).get('x-amz-target') ?? '';
      requests.push(operation.split('.').pop() ?? operation);
      const result = { IdToken: refreshed.idToken, AccessToken: refreshed.accessToken };
      return Response.json(
        { AuthenticationResult: { ...result, ExpiresIn: 3600, TokenType: 'Bearer' } },
        { headers: { 'Content-Type': 'application/x-amz-json-1.1' } },
      );
    },
  });
  const events: string[] = [];
  for (const type of [
    'storageFallback',
    'error',
    'refreshFailed',
    'signedIn',
    'signedOut',
  ] as const) {
    session.on(type, (payload) => {
      const error = (payload as { error?: { code?: string } }).error;
      events.push(error?.code ? `${type}:${error.code}` : type);
    });
  }
  const states: string[] = [];
  await session.ready;
  states.push(session.getState().status);
  await session.setTokens(signIn);
  states.push(session.getState().status);
  await session.refresh();
  const afterRefresh = session.getState();
  states.push(
    afterRefresh.status === 'signedIn' && afterRefresh.tokens.accessToken === refreshed.accessToken
      ? 'signedIn:refreshed'
      : afterRefresh.status,
  );
  await session.signOut({ revoke: false });
  states.push(session.getState().status);
  return {
    origin: self.origin,
    locks: await refusal(() => navigator.locks.request('probe', async () => {})),
    indexedDB: await refusal(async () => indexedDB.open('probe')),
    states,
    events,
    requests,
  };
}

run().then(
  (report) => parent.postMessage({ ok: true, report } satisfies SandboxedFrameResult, '*'),
  (error: Error) =>
    parent.postMessage(
      { ok: false, error: `${error.name}: ${error.message}` } satisfies SandboxedFrameResult,
      '*',
    ),
);
