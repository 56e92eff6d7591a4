/**
 * The goals of docs/benchmarks.md, judged from a run's rows: `pnpm bench` prints the verdicts after
 * the tables and writes them to `results/latest.json`, so a goal missed (or a guard broken) shows in
 * the run itself rather than only when someone reads the tables against the goals. Pure: rows in,
 * verdicts out. A goal whose rows the run did not produce (a figure run alone, a failed figure) is
 * left out, never judged on nothing.
 */
import type { ResultRow } from './results.ts';
import { RESTORE_AND_READ_GOAL_GZIP } from './sizeBudgets.ts';

/** One goal's verdict: what was measured against what the goal allows. */
export interface GoalVerdict {
  goal: string;
  measured: string;
  met: boolean;
}

/** The bench's reading of "flat" memory: heap after 10,000 refreshes at most 5 % over after 100. */
export const FLAT_HEAP_RATIO = 1.05;

/** A row's value; undefined when the row is missing or could not be measured (`null`). */
const find = (rows: readonly ResultRow[], figure: string, sdk: string, variant?: string) =>
  rows.find((row) => row.figure === figure && row.sdk === sdk && row.variant === variant)?.value ??
  undefined;

const ratio = (value: number) => `${value.toFixed(2)}×`;
const numberOr = (value: unknown) => (typeof value === 'number' ? value : undefined);

/** The verdict on each goal whose figure is among `rows`, in the order of docs/benchmarks.md. */
export function judgeGoals(rows: readonly ResultRow[]): GoalVerdict[] {
  const verdicts: GoalVerdict[] = [];
  const add = (goal: string, measured: string, met: boolean) =>
    verdicts.push({ goal, measured, met });
  const ours = (figure: string) =>
    rows.filter((row) => row.figure === figure && row.sdk === 'sessionkit');
  const peers = (figure: string) =>
    rows.filter(
      (row) =>
        row.figure === figure &&
        row.sdk !== 'sessionkit' &&
        row.sdk !== 'floor' &&
        !row.note?.startsWith('not a peer') &&
        typeof row.value === 'number',
    ) as (ResultRow & { value: number })[];

  const restore = find(rows, 'size_gzip', 'sessionkit', 'restore-and-read');
  const sizePeers = peers('size_gzip');
  if (typeof restore === 'number' && sizePeers.length > 0) {
    const smallest = Math.min(...sizePeers.map((row) => row.value));
    add(
      'size: restore-and-read ≤ ⅓ of the smallest peer',
      `${restore} B, ${ratio(restore / smallest)} of ${smallest} B`,
      restore * 3 <= smallest,
    );
  }
  if (typeof restore === 'number') {
    add(
      `size: restore-and-read ≤ ${RESTORE_AND_READ_GOAL_GZIP} B (issue 13)`,
      `${restore} B`,
      restore <= RESTORE_AND_READ_GOAL_GZIP,
    );
  }
  const react = find(rows, 'size_gzip', 'sessionkit', '+react');
  if (typeof restore === 'number' && typeof react === 'number') {
    add('size: React bindings ≤ 1.5 kB on top', `${react - restore} B`, react - restore <= 1500);
  }

  // The figure's own ratios when the rows carry them (a run: each the median of the processes'
  // ratios, as the table prints them), else the ratio of the medians (rows read from latest.json).
  const hot = rows.find((row) => row.figure === 'hotpath' && row.sdk === 'sessionkit');
  const floorOps = find(rows, 'hotpath', 'floor');
  const hotOps = hot?.value;
  const hotPeers = peers('hotpath');
  const overFloor =
    numberOr(hot?.extra?.['× floor']) ??
    (typeof floorOps === 'number' && typeof hotOps === 'number' ? floorOps / hotOps : undefined);
  if (overFloor !== undefined) {
    add('hot path: ≤ 2× the floor', ratio(overFloor), overFloor <= 2);
  }
  const overPeer =
    numberOr(hot?.extra?.['÷ fastest peer']) ??
    (typeof hotOps === 'number' && hotPeers.length > 0
      ? hotOps / Math.max(...hotPeers.map((row) => row.value))
      : undefined);
  if (overPeer !== undefined) {
    add('hot path: ≥ 10× the fastest peer', ratio(overPeer), overPeer >= 10);
  }

  const cold = find(rows, 'cold_start', 'sessionkit', 'chromium');
  const coldFloor = find(rows, 'cold_start', 'floor', 'chromium');
  if (typeof cold === 'number' && typeof coldFloor === 'number') {
    const own = cold - coldFloor;
    add(
      'cold start, Chromium: ≤ 0.5 ms beyond the IndexedDB floor',
      `+${own.toFixed(2)} ms`,
      own <= 0.5,
    );
  }

  for (const figure of ['fanin_requests', 'tabs_requests'] as const) {
    const counts = ours(figure);
    if (counts.length === 0) continue;
    const values = counts.map((row) => `${row.variant}: ${row.value ?? 'n/a'}`).join(', ');
    add(
      `${figure === 'fanin_requests' ? 'fan-in, one tab' : 'fan-in, tabs'}: exactly 1 request`,
      values,
      counts.every((row) => row.value === 1),
    );
  }

  const renders = find(rows, 'rerenders', 'sessionkit');
  if (renders !== undefined) add('re-renders: 0', String(renders), renders === 0);
  const heap = find(rows, 'heap_growth', 'sessionkit');
  if (typeof heap === 'number') {
    add(`memory: flat (≤ ${FLAT_HEAP_RATIO})`, String(heap), heap <= FLAT_HEAP_RATIO);
  }

  const srp = find(rows, 'srp_signin', 'sessionkit');
  const srpPeers = peers('srp_signin');
  if (typeof srp === 'number' && srpPeers.length > 0) {
    const faster = Math.min(...srpPeers.map((row) => row.value));
    add('SRP sign-in: ≤ ¼ of the faster peer', ratio(srp / faster), srp * 4 <= faster);
  }
  return verdicts;
}
