/**
 * Figure "memory": heap after 10,000 refresh cycles vs after 100, with `--expose-gc` and a full
 * GC before each reading. Each cycle moves the injected clock 10 minutes on (the session's and
 * the fake pool's: the loop guard stops more than 10 refreshes a minute), refreshes, and lets the
 * session schedule its next refresh timer, so a leaked timer, listener or promise shows as growth.
 */
import { cognito, createSession } from '@sessionkit/core';
import { createFakeUserPool } from '@sessionkit/core/testing';
import { setupServer } from 'msw/node';
import { emitRows, notApplicable, PEERS, type ResultRow } from '../results.ts';

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

const rows: ResultRow[] = [
  {
    figure: 'heap_growth',
    sdk: 'sessionkit',
    value: Number((heapLarge / heapSmall).toFixed(3)),
    unit: 'ratio',
    note: `heap ${(heapSmall / 1048576).toFixed(1)} MiB after ${SMALL} refreshes, ${(heapLarge / 1048576).toFixed(1)} MiB after ${LARGE} (${events} refreshed events, ${seconds.toFixed(0)} s); injected clock, real timers`,
  },
  ...PEERS.map((peer) =>
    notApplicable(
      'heap_growth',
      peer,
      'ratio',
      'not measured: 10,000 refreshes need each SDK token endpoint and timer stack driven under one clock',
    ),
  ),
];
emitRows(rows);
process.exit(0);
