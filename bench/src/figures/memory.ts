/**
 * Figure "memory": heap after 10,000 refresh cycles vs after 100, with `--expose-gc` and a full
 * GC (three `gc()` calls) before each reading.
 *
 * sessionkit runs in this process: each cycle moves the injected clock 10 minutes on (the
 * session's and the fake pool's: the loop guard stops more than 10 refreshes a minute),
 * refreshes, and lets the session schedule its next refresh timer, so a leaked timer, listener or
 * promise shows as growth.
 *
 * Each peer runs in a child process of its own (memory/peerCycles.ts: `--expose-gc`, the
 * browser-like environment of browserEnv.ts, the peer's esbuild browser bundle), so one SDK's
 * heap never counts in another's. The peer is seeded with expired tokens by its adapter's
 * `setup` (as in the fan-in figure); a cycle moves the global `Date` two hours on
 * (memory/clock.ts; timers stay real), so the stored tokens have expired, and calls the app's
 * "get a token" (`getToken`); the peer sends a refresh-token grant to its token endpoint, which
 * the `fetch` stub answers with tokens issued on the moved clock, valid one hour, with a new
 * refresh token (in the peer's answer shape, `refreshResponse`), and the peer stores them. A
 * cycle counts only if it sent a request carrying the refresh token last handed out and returned
 * an access token issued in that cycle; the first failure ends the peer's run with `value: null`
 * and the reason. Each row's note gives the cycles run, the heap at 100 and at the end, the
 * token requests sent, the seconds taken and what differs per peer (PEER_RUNS: auth0-spa-js runs
 * on a Web Locks stand-in, memory/webLocks.ts). A peer's heap includes happy-dom and
 * fake-indexeddb (about 26 MiB after 100 cycles against sessionkit's 16 MiB), so the same growth
 * in bytes gives a peer a smaller ratio; the notes give both heaps.
 */

import { spawn } from 'node:child_process';
import { cognito, createSession } from '@sessionkit/core';
import { createFakeUserPool } from '@sessionkit/core/testing';
import { setupServer } from 'msw/node';
import { MEMORY_MARKER, type PeerMemoryResult } from '../memory/protocol.ts';
import { emitRows, notApplicable, PEERS, type Peer, type ResultRow } from '../results.ts';

const SMALL = 100;
const LARGE = Number(process.env.BENCH_MEMORY_CYCLES ?? 10_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const POOL = { region: 'eu-west-1', userPoolId: 'eu-west-1_BenchPool', clientId: 'benchclient' };

const server = setupServer();
server.listen({ onUnhandledRequest: 'error' });
let offsetMs = 0;
const clock = () => Date.now() + offsetMs;
// 10,000 cycles of 10 minutes are 69 days: beyond the default 30-day refresh-token lifetime.
const pool = createFakeUserPool({
  ...POOL,
  now: clock,
  refreshTokenLifetimeSeconds: 365 * 24 * 3600,
});
await pool.addUser({
  username: 'alice',
  password: 'Corr3ct-Horse!',
  attributes: { email: 'a@example.com' },
});
server.use(...pool.handlers);
const session = createSession({
  provider: cognito(POOL),
  storageKey: 'memory',
  crossTab: false,
  now: clock,
});
await session.ready;
await session.setTokens(await pool.issueTokens('alice'));
let events = 0;
session.on('refreshed', () => {
  events++;
});
session.subscribe(() => undefined);

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

async function cycles(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    offsetMs += 600_000;
    await session.refresh();
    // The pool keeps a request log; it is the bench's, not the session's memory.
    if (pool.requests.length > 100) pool.clearRequests();
  }
}

const started = performance.now();
await cycles(SMALL);
const heapSmall = heapAfterGc();
await cycles(LARGE - SMALL);
const heapLarge = heapAfterGc();
const seconds = (performance.now() - started) / 1000;
session.dispose();
server.close();

const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
const rows: ResultRow[] = [
  {
    figure: 'heap_growth',
    sdk: 'sessionkit',
    value: Number((heapLarge / heapSmall).toFixed(3)),
    unit: 'ratio',
    note: `heap ${mib(heapSmall)} MiB after ${SMALL} refreshes, ${mib(heapLarge)} MiB after ${LARGE} (${events} refreshed events, ${seconds.toFixed(0)} s); injected clock, real timers`,
  },
];

// ---- peers --------------------------------------------------------------------------------------
/** Per peer: the app's "get a token" call the cycle makes, and how its run differs. */
const PEER_RUNS: Record<Peer, { call: string; webLocks?: boolean; detail?: string }> = {
  'oidc-client-ts': { call: 'getUser(), then signinSilent() (refresh-token grant) when expired' },
  '@auth0/auth0-spa-js': {
    call: 'getTokenSilently() (useRefreshTokens, in-memory ICache)',
    webLocks: true,
    detail:
      'navigator.locks is a FIFO stand-in (happy-dom has none; every browser auth0-spa-js supports has it): its browser-tabs-lock fallback waits on real timers, about 75 ms a cycle',
  },
  'aws-amplify': {
    call: 'fetchAuthSession() (REFRESH_TOKEN_AUTH)',
    detail:
      'the answer carries no RefreshToken (Cognito without rotation), so every cycle sends the seeded one',
  },
  '@okta/okta-auth-js': {
    call: "tokenManager.renew('accessToken') when hasExpired (autoRenew on, no start())",
    detail:
      "heap snapshots of 8.0.1 put the growth in the 4 WeakMaps and 1 WeakSet behind AuthStateManager's CancelablePromise (tslib private fields, a few instances a cycle): no more live objects, but V8 keeps those tables at their peak size after GC empties them, and in 10,000 cycles few full GCs run on their own",
  },
  '@supabase/auth-js': { call: 'getSession() (refreshes the expired session)' },
  '@azure/msal-browser': { call: 'acquireTokenSilent() (cache seeded by loadExternalTokens)' },
};
/** Longest one peer's process may run (the slowest, msal-browser, takes about 20 s). */
const PEER_TIMEOUT_MS = 60_000;
/** The peers share what is left of 210 s from this process's start (run.ts kills at 240 s). */
const deadline = performance.timeOrigin + 210_000;
const srcDir = new URL('../', import.meta.url).pathname;
const only = process.env.BENCH_SDKS?.split(',');

function runPeer(
  peer: Peer,
  timeoutMs: number,
): Promise<{ result?: PeerMemoryResult; failure?: string }> {
  const args = [
    '--expose-gc',
    '--import',
    'tsx',
    '--import',
    `${srcDir}browserEnv.ts`,
    `${srcDir}memory/peerCycles.ts`,
    peer,
    String(LARGE),
    ...(PEER_RUNS[peer].webLocks ? ['--web-locks'] : []),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    const watchdog = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => {
      clearTimeout(watchdog);
      const line = stdout.split('\n').find((text) => text.startsWith(MEMORY_MARKER));
      if (line) resolve({ result: JSON.parse(line.slice(MEMORY_MARKER.length)) });
      else if (killed)
        resolve({ failure: `its process was killed after ${(timeoutMs / 1000).toFixed(0)} s` });
      else {
        const last = stderr.trim().split('\n').filter(Boolean).slice(-1)[0] ?? '';
        resolve({ failure: `its process exited with code ${code}: ${last.slice(0, 160)}` });
      }
    });
  });
}

for (const peer of PEERS) {
  if (only && !only.includes(peer)) {
    rows.push(notApplicable('heap_growth', peer, 'ratio', 'not run (BENCH_SDKS)'));
    continue;
  }
  const timeoutMs = Math.min(PEER_TIMEOUT_MS, deadline - Date.now());
  if (timeoutMs < 5_000) {
    rows.push(
      notApplicable('heap_growth', peer, 'ratio', 'not run: the figure had spent its 210 s'),
    );
    continue;
  }
  const { result, failure } = await runPeer(peer, timeoutMs);
  const run = PEER_RUNS[peer];
  if (!result?.ok || !result.heapSmall || !result.heapLarge) {
    const reason =
      failure ??
      `stopped after ${result!.cycles} of ${LARGE} cycles (${result!.seconds.toFixed(0)} s): ${result!.error}`;
    rows.push(notApplicable('heap_growth', peer, 'ratio', `not measured: ${reason}`));
    continue;
  }
  const setup =
    result.setupRequests > 0
      ? `, plus ${result.setupRequests} it sent on its own when seeded with expired tokens`
      : '';
  rows.push({
    figure: 'heap_growth',
    sdk: peer,
    value: Number((result.heapLarge / result.heapSmall).toFixed(3)),
    unit: 'ratio',
    note:
      `heap ${mib(result.heapSmall)} MiB after ${result.small} refreshes, ${mib(result.heapLarge)} MiB after ${result.cycles} ` +
      `(${result.requests} requests to ${result.paths.join(', ')}${setup}; ${result.seconds.toFixed(0)} s); ` +
      `own process with happy-dom (sessionkit's has none), browser bundle, Date moved 2 h a cycle, real timers; ${run.call}` +
      (run.detail ? `; ${run.detail}` : ''),
  });
}
emitRows(rows);
process.exit(0);
