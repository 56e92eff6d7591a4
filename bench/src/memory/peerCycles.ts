/**
 * One SDK's refresh cycles for the memory figure (a peer or sessionkit), in a process of its own
 * (figures/memory.ts runs it; the method is described there):
 *
 *   node --expose-gc --import tsx --import ./src/browserEnv.ts src/memory/peerCycles.ts \
 *     <sdk> [cycles] [--web-locks]
 *
 * `--web-locks` installs memory/webLocks.ts as `navigator.locks` before the bundle loads. Prints
 * one `@@memory <json>` line (memory/protocol.ts), also when the run stops early. A peer's
 * refresh is answered in its adapter's `refreshResponse` shape; sessionkit's, whose adapter has
 * none, with Cognito's GetTokensFromRefreshToken answer of peers/sessionkitRefresh.ts.
 */
import { createFixture, loadAdapterModule, peerTokens, type Sdk } from '../adapters.ts';
import { clearWebStorage, fetchLog, setFetchHandler } from '../browserEnv.ts';
import type { TokenFixture } from '../peers/fixture.ts';
import { sessionkitRefreshResponse, sessionkitRefreshToken } from '../peers/sessionkitRefresh.ts';
import { advanceClock, installMovableClock, nowSeconds } from './clock.ts';
import { MEMORY_MARKER, type PeerMemoryResult } from './protocol.ts';
import { installWebLocks } from './webLocks.ts';

const SMALL = 100;
const STEP_MS = 2 * 3600_000;
const LIFETIME_SECONDS = 3600;
const CALL_TIMEOUT_MS = 20_000;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const [sdkArg, cyclesArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const sdk = sdkArg as Sdk;
const cycles = Number(cyclesArg ?? 10_000);

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

/** Tokens issued now on the moved clock, in the shapes createFixture gives every peer. */
function freshTokens(serial: number): TokenFixture {
  const issuedAtSeconds = nowSeconds();
  return peerTokens(issuedAtSeconds, issuedAtSeconds + LIFETIME_SECONDS, serial);
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out`)), CALL_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

const result: PeerMemoryResult = {
  sdk,
  ok: false,
  cycles: 0,
  small: SMALL,
  requests: 0,
  setupRequests: 0,
  paths: [],
  seconds: 0,
};
const paths = new Set<string>();
const started = performance.now();
try {
  installMovableClock();
  if (process.argv.includes('--web-locks')) installWebLocks();
  const module = await loadAdapterModule(sdk);
  const initial = await createFixture(-600);
  const peerAnswer = module.refreshResponse;
  if (sdk !== 'sessionkit' && !peerAnswer)
    throw new Error(`${sdk}: its adapter has no refreshResponse`);
  let serial = 0;
  /** Access tokens the endpoint issued during the current cycle. */
  let issued: string[] = [];
  /** Refresh tokens a request of this cycle may carry: the one held at its start, any it got. */
  let refreshTokens: string[] = [];
  let held = '';
  let staleRequest = '';
  /** The answer to one refresh request: its body, and the refresh token it hands out (if any). */
  const answerPeer = async (url: string, init: RequestInit | undefined) => {
    const body = String(init?.body ?? '');
    if (!refreshTokens.some((token) => body.includes(token)) && !staleRequest) {
      staleRequest = `${new URL(url).pathname} without the refresh token last issued (${held}): ${body.slice(0, 160)}`;
    }
    const fresh = freshTokens(++serial);
    issued.push(fresh.accessToken);
    const answer = peerAnswer!(fresh);
    // The refresh token in the answer (if any: Cognito's REFRESH_TOKEN_AUTH returns none).
    const rotated = /bench-refresh-token-[\w-]+/.exec(JSON.stringify(answer))?.[0];
    return { answer, rotated };
  };
  /** sessionkit: Cognito's GetTokensFromRefreshToken, tokens minted for its pool (really signed). */
  const answerSessionkit = async (url: string, init: RequestInit | undefined) => {
    let sent: string;
    try {
      sent = sessionkitRefreshToken(url, init);
    } catch (error) {
      staleRequest ||= `a request that is not its refresh (${(error as Error).message})`;
      throw new TypeError('bench: not a refresh request');
    }
    if (!refreshTokens.includes(sent) && !staleRequest) {
      staleRequest = `a refresh without the refresh token last issued (${held.slice(0, 12)}…): ${sent.slice(0, 12)}…`;
    }
    const fresh = await sessionkitRefreshResponse(initial.sessionkitTokens, Date.now(), {
      rotate: true,
    });
    serial++;
    issued.push(fresh.accessToken);
    return { answer: fresh.body, rotated: fresh.refreshToken };
  };
  setFetchHandler(async (url, init) => {
    result.requests++;
    if (paths.size < 8) paths.add(new URL(url).pathname);
    const { answer, rotated } = await (sdk === 'sessionkit' ? answerSessionkit : answerPeer)(
      url,
      init,
    );
    if (rotated) {
      held = rotated;
      refreshTokens.push(rotated);
    }
    return Response.json(answer, { headers: { 'content-type': 'application/json' } });
  });
  clearWebStorage();
  held = sdk === 'sessionkit' ? initial.sessionkitTokens.refreshToken! : initial.refreshToken;
  refreshTokens = [held];
  const adapter = await module.setup(initial);
  // Anything the peer does on its own with the expired tokens it was seeded with (Okta's
  // autoRenew renews them at once) settles before the first cycle and is counted apart.
  await new Promise((resolve) => setTimeout(resolve, 200));
  result.setupRequests = result.requests;
  result.requests = 0;
  fetchLog.length = 0;
  const run = async (until: number) => {
    while (result.cycles < until) {
      const cycle = result.cycles + 1;
      advanceClock(STEP_MS);
      issued = [];
      refreshTokens = [held];
      const requestsBefore = result.requests;
      const token = await withTimeout(adapter.getToken(), `cycle ${cycle}`);
      if (result.requests === requestsBefore) {
        throw new Error(`cycle ${cycle} sent no request to the token endpoint`);
      }
      if (staleRequest) throw new Error(`cycle ${cycle} sent ${staleRequest}`);
      if (!issued.includes(token)) {
        throw new Error(`cycle ${cycle} returned an access token not issued in that cycle`);
      }
      result.cycles++;
      // The stub's log of URLs is the bench's memory, not the SDK's.
      fetchLog.length = 0;
    }
  };
  await run(SMALL);
  result.heapSmall = heapAfterGc();
  await run(cycles);
  result.heapLarge = heapAfterGc();
  result.ok = true;
  await adapter.dispose?.();
} catch (error) {
  result.error = String((error as Error)?.message ?? error)
    .split('\n')[0]!
    .slice(0, 200);
}
result.paths = [...paths];
result.seconds = (performance.now() - started) / 1000;
setFetchHandler(null);
process.stdout.write(`${MEMORY_MARKER}${JSON.stringify(result)}\n`);
process.exit(0);
