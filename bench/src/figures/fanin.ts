/**
 * Figure "fan-in, one tab": K concurrent `getAccessToken()` calls on an expired token, and the
 * network requests they cause. sessionkit talks to the testing kit's fake Cognito pool through
 * msw/node (requests counted by `pool.requests`); each peer runs its browser bundle with its cache
 * seeded with expired tokens and a fetch stub that answers its token endpoint (fetches counted).
 */
import { cognito, createSession } from '@sessionkit/core';
import { createFakeUserPool } from '@sessionkit/core/testing';
import { setupServer } from 'msw/node';
import { createFixture, loadAdapterModule, SDKS } from '../adapters.ts';
import { clearWebStorage, fetchLog, setFetchHandler } from '../browserEnv.ts';
import { emitRows, type ResultRow } from '../results.ts';

const KS = [1, 10, 100, 1000];
const CALL_TIMEOUT_MS = 20_000;
const rows: ResultRow[] = [];

const server = setupServer();
// Peers' requests are not the pool's: msw passes them on to the browserEnv fetch stub.
server.listen({ onUnhandledRequest: 'bypass' });

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} timed out`)), CALL_TIMEOUT_MS).unref(),
    ),
  ]);
}

// ---- sessionkit ---------------------------------------------------------------------------------
const POOL = { region: 'eu-west-1', userPoolId: 'eu-west-1_BenchPool', clientId: 'benchclient' };
for (const k of KS) {
  let offsetMs = 0;
  const clock = () => Date.now() + offsetMs;
  const pool = createFakeUserPool({ ...POOL, now: clock, tokenLifetimeSeconds: 3600 });
  await pool.addUser({
    username: 'alice',
    password: 'Corr3ct-Horse!',
    attributes: { email: 'alice@example.com' },
  });
  server.resetHandlers();
  server.use(...pool.handlers);
  const session = createSession({
    provider: cognito(POOL),
    storageKey: `fanin-${k}`,
    now: clock,
    autoRefresh: false,
    crossTab: false,
  });
  await session.ready;
  await session.setTokens(await pool.issueTokens('alice'));
  const before = pool.requests.length;
  offsetMs = 3601_000; // every token is now expired
  const results = await withTimeout(
    Promise.allSettled(Array.from({ length: k }, () => session.getAccessToken())),
    `K=${k}`,
  );
  const failed = results.filter((result) => result.status === 'rejected').length;
  const tokens = new Set(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])));
  rows.push({
    figure: 'fanin_requests',
    sdk: 'sessionkit',
    variant: `K=${k}`,
    value: pool.requests.length - before,
    unit: 'requests',
    ...(failed > 0 || tokens.size !== 1
      ? { note: `${failed} calls failed, ${tokens.size} distinct tokens` }
      : {}),
  });
  session.dispose();
}
server.resetHandlers();

// ---- peers --------------------------------------------------------------------------------------
const fresh = await createFixture(3600);
const only = process.env.BENCH_SDKS?.split(',');
for (const sdk of SDKS.filter((name) => name !== 'sessionkit' && (!only || only.includes(name)))) {
  let module: Awaited<ReturnType<typeof loadAdapterModule>>;
  try {
    module = await loadAdapterModule(sdk);
  } catch (error) {
    for (const k of KS) {
      rows.push({
        figure: 'fanin_requests',
        sdk,
        variant: `K=${k}`,
        value: null,
        unit: 'requests',
        note: `could not be bundled: ${(error as Error).message.split('\n')[0]}`,
      });
    }
    continue;
  }
  for (const k of KS) {
    const row: ResultRow = {
      figure: 'fanin_requests',
      sdk,
      variant: `K=${k}`,
      value: null,
      unit: 'requests',
    };
    rows.push(row);
    clearWebStorage();
    setFetchHandler(async () =>
      Response.json(module.refreshResponse!(fresh), {
        headers: { 'content-type': 'application/json' },
      }),
    );
    let before = fetchLog.length;
    try {
      const adapter = await module.setup(await createFixture(-600));
      before = fetchLog.length;
      const results = await withTimeout(
        Promise.allSettled(Array.from({ length: k }, () => adapter.getToken())),
        `K=${k}`,
      );
      row.value = fetchLog.length - before;
      const paths = [...new Set(fetchLog.slice(before).map((url) => new URL(url).pathname))];
      if (row.value > 1) row.note = `${row.value} requests to ${paths.join(', ')}`;
      if (sdk === '@okta/okta-auth-js' && row.value > 1) {
        row.note += ' (TokenManager renews the access, ID and refresh tokens one request each)';
      }
      const failed = results.filter((result) => result.status === 'rejected');
      if (failed.length > 0) {
        const reason = (failed[0] as PromiseRejectedResult).reason as Error;
        row.note = `${failed.length}/${k} calls failed: ${String(reason?.message ?? reason).slice(0, 120)}`;
        if (failed.length === k) row.value = null;
      }
      await adapter.dispose?.();
    } catch (error) {
      // A timeout still shows how many requests went out before it.
      if (fetchLog.length > before) row.value = fetchLog.length - before;
      row.note = `${(error as Error).message.split('\n')[0]?.slice(0, 160)} after ${CALL_TIMEOUT_MS / 1000} s`;
    }
  }
}
setFetchHandler(null);
server.close();
emitRows(rows);
process.exit(0);
