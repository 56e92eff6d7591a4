/**
 * A consumer's app, written only against what the published packages export: the testing kit's
 * fake Cognito pool in MSW's service worker, a session on it, and the React bindings rendering
 * it. test/browser/consumer.test.ts installs the packed tarballs next to this file, builds it and
 * drives it through the `data-testid` elements below.
 */
import { cognito, createSession, type Session } from '@sessionkit/core';
import { createFakeUserPool, type FakeUserPool, type PoolRequest } from '@sessionkit/core/testing';
import { SessionProvider, useSession, useSessionClient, useUser } from '@sessionkit/react';
import { setupWorker } from 'msw/browser';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';

const POOL = {
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_Consumer1',
  clientId: 'consumerappclient1',
} as const;
const USER = { username: 'ada', password: 'Consumer-Passw0rd!', email: 'ada@example.com' };

/** How the session this page shows came to be. */
type Origin = 'none' | 'restored' | 'seeded';

const REFRESH_OPERATIONS: readonly string[] = [
  'GetTokensFromRefreshToken',
  'InitiateAuth',
  'oauth2/token',
];
const REVOKE_OPERATIONS: readonly string[] = ['RevokeToken', 'oauth2/revoke'];

function count(requests: readonly PoolRequest[], operations: readonly string[]): number {
  return requests.filter((request) => operations.includes(request.operation)).length;
}

function App({ pool, restored }: { pool: FakeUserPool; restored: boolean }) {
  const session = useSessionClient();
  const status = useSession((state) => state.status);
  const accessToken = useSession((state) =>
    state.status === 'signedIn' ? state.tokens.accessToken : '',
  );
  const user = useUser();
  const [origin, setOrigin] = useState<Origin>(restored ? 'restored' : 'none');
  const [error, setError] = useState('');
  // Bumped after every action: the pool's request log is read at render time.
  const [, setActions] = useState(0);

  const run = (action: () => Promise<unknown>) => () => {
    action().then(
      () => setActions((actions) => actions + 1),
      (reason: unknown) => setError(reason instanceof Error ? reason.message : String(reason)),
    );
  };

  return (
    <main>
      <h1>sessionkit consumer app</h1>
      <p>
        Status:{' '}
        <strong data-testid="status" data-status={status}>
          {status}
        </strong>
      </p>
      <p>
        Session: <span data-testid="origin">{origin}</span>
      </p>
      <p>
        User: <span data-testid="email">{user?.email ?? ''}</span>
      </p>
      <p>
        Refresh requests:{' '}
        <span data-testid="refresh-requests">{count(pool.requests, REFRESH_OPERATIONS)}</span>
      </p>
      <p>
        Revocations:{' '}
        <span data-testid="revocations">{count(pool.requests, REVOKE_OPERATIONS)}</span>
      </p>
      <pre data-testid="access-token">{accessToken}</pre>
      <p role="alert" data-testid="error">
        {error}
      </p>
      <button
        type="button"
        data-testid="seed"
        onClick={run(async () => {
          await session.setTokens(await pool.issueTokens(USER.username));
          setOrigin('seeded');
        })}
      >
        seed a session
      </button>
      <button type="button" data-testid="refresh" onClick={run(() => session.refresh())}>
        refresh
      </button>
      <button type="button" data-testid="sign-out" onClick={run(() => session.signOut())}>
        sign out
      </button>
    </main>
  );
}

/** The pool (shared: its keys, users and refresh tokens survive a reload in IndexedDB) in MSW's worker. */
async function startPool(): Promise<FakeUserPool> {
  const pool = createFakeUserPool({ ...POOL, shared: true });
  if (!(await pool.hasUser(USER.username))) {
    await pool.addUser({
      username: USER.username,
      password: USER.password,
      attributes: { email: USER.email, email_verified: 'true' },
    });
  }
  await setupWorker(...pool.handlers).start({
    quiet: true,
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
  });
  return pool;
}

async function start(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('index.html has no #root');
  const pool = await startPool();
  const session: Session = createSession({ provider: cognito(POOL) });
  await session.ready;
  const restored = session.getState().status === 'signedIn';
  createRoot(root).render(
    <SessionProvider session={session}>
      <App pool={pool} restored={restored} />
    </SessionProvider>,
  );
}

start().catch((error: unknown) => {
  document.body.textContent = `The app did not start: ${String(error)}`;
  console.error(error);
});
