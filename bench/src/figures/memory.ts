/**
 * Figure "memory": heap after 10,000 refresh cycles vs after 100, with `--expose-gc` and a full
 * GC (three `gc()` calls) before each reading.
 *
 * Every SDK, sessionkit included, runs in a child process of its own (memory/peerCycles.ts:
 * `--expose-gc`, the browser-like environment of browserEnv.ts with happy-dom and
 * fake-indexeddb, the SDK's adapter bundled for the browser by esbuild), so one SDK's heap never
 * counts in another's and every heap carries the same environment. The SDK is seeded with expired
 * tokens by its adapter's `setup` (as in the fan-in figure; sessionkit: `createSession({ provider:
 * cognito(POOL), crossTab: crossTab() })` on its default storage, IndexedDB); a cycle moves the
 * global `Date` two hours on (memory/clock.ts; timers stay real), so the stored tokens have
 * expired, and calls the app's "get a token" (`getToken`); the SDK sends a refresh-token grant to
 * its token endpoint, which the `fetch` stub answers with tokens issued on the moved clock, valid
 * one hour, with a new refresh token, and the SDK stores them. The peers' answers are in each
 * peer's shape (`refreshResponse` of its adapter); sessionkit's is Cognito's
 * `GetTokensFromRefreshToken` answer with tokens signed by the testing kit's `mintTokens` for its
 * pool (peers/sessionkitRefresh.ts), minted per cycle (under 1 ms a pair), because sessionkit
 * validates issuer, audience, `client_id`, `token_use` and expiry. A cycle counts only if it sent
 * a request carrying the refresh token last handed out and returned an access token issued in
 * that cycle; the first failure ends the SDK's run with `value: null` and the reason. Each row's
 * note gives the cycles run, the heap at 100 and at the end, the token requests sent, the seconds
 * taken and what differs per SDK (RUNS: auth0-spa-js runs on a Web Locks stand-in,
 * memory/webLocks.ts).
 *
 * (Until 2026-11-23 sessionkit ran in this process against the testing kit's fake user pool
 * behind msw/node with an injected clock; the pool's per-refresh records and a heap without
 * happy-dom, 16 MiB against 26 MiB, made its ratio incomparable to the peers', so that run is
 * gone.)
 */

import { spawn } from 'node:child_process';
import type { Sdk } from '../adapters.ts';
import { MEMORY_MARKER, type PeerMemoryResult } from '../memory/protocol.ts';
import { emitRows, notApplicable, PEERS, type ResultRow } from '../results.ts';

const LARGE = Number(process.env.BENCH_MEMORY_CYCLES ?? 10_000);
const mib = (bytes: number) => (bytes / 1048576).toFixed(1);
const rows: ResultRow[] = [];

/** Per SDK: the app's "get a token" call the cycle makes, and how its run differs. */
const RUNS: Record<Sdk, { call: string; webLocks?: boolean; detail?: string }> = {
  sessionkit: {
    call: 'getAccessToken() (createSession({ provider: cognito(POOL), crossTab: crossTab() }), default IndexedDB storage)',
    detail:
      "answered with Cognito's GetTokensFromRefreshToken, tokens signed by mintTokens, RefreshToken rotated",
  },
  'oidc-client-ts': { call: 'getUser(), then signinSilent() (refresh-token grant) when expired' },
  '@auth0/auth0-spa-js': {
    call: 'getTokenSilently() (useRefreshTokens, in-memory ICache)',
    webLocks: true,
    detail:
      'navigator.locks is a FIFO stand-in (happy-dom has none; every browser auth0-spa-js supports has it): without it auth0 falls back to browser-tabs-lock, which waits on real timers (about 75 ms a cycle)',
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
/** Longest one SDK's process may run (the slowest, msal-browser, takes about 20 s). */
const PEER_TIMEOUT_MS = 60_000;
/** The SDKs share what is left of 210 s from this process's start (run.ts kills at 240 s). */
const deadline = performance.timeOrigin + 210_000;
const srcDir = new URL('../', import.meta.url).pathname;
const only = process.env.BENCH_SDKS?.split(',');

function runPeer(
  peer: Sdk,
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
    ...(RUNS[peer].webLocks ? ['--web-locks'] : []),
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

for (const peer of ['sessionkit', ...PEERS] as const) {
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
  const run = RUNS[peer];
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
      `own process with happy-dom and fake-indexeddb, browser bundle, Date moved 2 h a cycle, real timers; ${run.call}` +
      (run.detail ? `; ${run.detail}` : ''),
  });
}
emitRows(rows);
process.exit(0);
