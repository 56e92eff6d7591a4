/**
 * Figure "hot path": the SDK's get-an-access-token call while a valid token is cached, in ops/s
 * (median of interleaved rounds), mean and p99 latency, and × the floor `await
 * Promise.resolve(token)` measured in the same process. Every SDK runs its browser bundle in
 * Node + happy-dom + fake-indexeddb; fetch throws, so a cache miss fails instead of looking fast.
 */
import { createFixture, loadAdapterModule, SDKS, type Sdk } from '../adapters.ts';
import { fetchLog } from '../browserEnv.ts';
import type { Adapter } from '../peers/fixture.ts';
import { emitRows, type ResultRow } from '../results.ts';
import { median, nowMs, percentile } from '../stats.ts';

const ROUNDS = 7;
const ROUND_MS = 120;
const LATENCY_SAMPLE_MS = 150;

type Operation = () => Promise<string>;

async function runFor(operation: Operation, iterations: number): Promise<number> {
  const start = nowMs();
  for (let i = 0; i < iterations; i++) await operation();
  return nowMs() - start;
}

/** Iterations that take about ROUND_MS. */
async function calibrate(operation: Operation): Promise<number> {
  let iterations = 64;
  for (;;) {
    const elapsed = await runFor(operation, iterations);
    if (elapsed > ROUND_MS / 4 || iterations > 1e8) {
      return Math.max(1, Math.round((iterations * ROUND_MS) / elapsed));
    }
    iterations *= 4;
  }
}

async function latencies(operation: Operation): Promise<number[]> {
  const samples: number[] = [];
  const end = nowMs() + LATENCY_SAMPLE_MS;
  while (nowMs() < end) {
    for (let i = 0; i < 256; i++) {
      const start = process.hrtime.bigint();
      await operation();
      samples.push(Number(process.hrtime.bigint() - start));
    }
  }
  return samples;
}

const fixture = await createFixture(3600);
const floorToken = fixture.accessToken;
const subjects = new Map<Sdk | 'floor', Operation>([['floor', () => Promise.resolve(floorToken)]]);
const adapters: Adapter[] = [];
const rows: ResultRow[] = [];

for (const sdk of SDKS) {
  try {
    const adapter = await (await loadAdapterModule(sdk)).setup(fixture);
    adapters.push(adapter);
    const fetchesBefore = fetchLog.length;
    const token = await adapter.getToken();
    if (typeof token !== 'string' || token.length === 0) throw new Error('no token returned');
    if (fetchLog.length !== fetchesBefore)
      throw new Error(`cache miss: fetched ${fetchLog.at(-1)}`);
    subjects.set(sdk, () => adapter.getToken());
  } catch (error) {
    rows.push({
      figure: 'hotpath',
      sdk,
      value: null,
      unit: 'ops_per_s',
      note: `could not seed its cache: ${(error as Error).message.split('\n')[0]}`,
    });
  }
}

// Warm-up, then interleaved rounds: every subject sees the same machine noise.
const iterations = new Map<string, number>();
for (const [name, operation] of subjects) {
  await runFor(operation, 2000);
  iterations.set(name, await calibrate(operation));
}
const opsPerSecond = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, operation] of subjects) {
    const count = iterations.get(name)!;
    const elapsed = await runFor(operation, count);
    opsPerSecond.set(name, [...(opsPerSecond.get(name) ?? []), (count / elapsed) * 1000]);
  }
}
const fetchesDuring = fetchLog.length;

const floorOps = median(opsPerSecond.get('floor')!);
const fastestPeerOps = Math.max(
  ...[...opsPerSecond.entries()]
    .filter(([name]) => name !== 'floor' && name !== 'sessionkit')
    .map(([, values]) => median(values)),
);
for (const [name, operation] of subjects) {
  const ops = median(opsPerSecond.get(name)!);
  const samples = await latencies(operation);
  const row: ResultRow = {
    figure: 'hotpath',
    sdk: name,
    value: Math.round(ops),
    unit: 'ops_per_s',
    extra: {
      'mean µs': Number((1e6 / ops).toFixed(3)),
      'p99 µs': Number((percentile(samples, 99) / 1000).toFixed(3)),
      '× floor': Number((floorOps / ops).toFixed(2)),
      '÷ fastest peer': Number((ops / fastestPeerOps).toFixed(2)),
    },
  };
  if (name === 'floor') row.note = 'await Promise.resolve(token)';
  rows.splice(name === 'floor' ? 0 : rows.length, 0, row);
}
if (fetchesDuring > 0) {
  rows.push({
    figure: 'hotpath',
    sdk: 'floor',
    value: null,
    unit: 'ops_per_s',
    note: `warning: ${fetchesDuring} fetch attempts during the rounds`,
  });
}
for (const adapter of adapters) await adapter.dispose?.();
emitRows(rows);
process.exit(0);
