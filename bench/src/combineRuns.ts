/**
 * A figure run in several processes (`processes` in `run.ts`) reports the median of its processes.
 * The hot path is the reason: a process's JIT and code placement move every subject's speed by up
 * to a tenth between processes, the floor's too, while within one process the rounds agree to a few
 * percent. Ratios are taken within each process first (the figure's own `× floor`), then their
 * median, so a subject is compared only with the floor of its own process.
 */
import type { ResultRow } from './results.ts';
import { median } from './stats.ts';

const key = (row: ResultRow) => `${row.sdk}\u0000${row.variant ?? ''}`;

/**
 * One row per subject (same `sdk` and `variant`), in the first run's order: the median `value` and
 * the median of each numeric extra over the runs. A subject that any run could not measure
 * (`value: null`) stays unmeasured, with that run's note: a median must not hide a failure.
 */
export function combineRuns(runs: readonly ResultRow[][]): ResultRow[] {
  const first = runs[0];
  if (!first || runs.length === 1) return first ?? [];
  return first.map((row) => {
    const all = runs.map((rows) => rows.find((other) => key(other) === key(row)));
    const failed = all.findIndex((other) => !other || other.value === null);
    if (failed >= 0) {
      const { extra: _extra, ...unmeasured } = row;
      return { ...unmeasured, value: null, note: all[failed]?.note ?? 'missing from a run' };
    }
    const measured = all as ResultRow[];
    const extra: Record<string, string | number | null> = { ...row.extra };
    for (const [name, value] of Object.entries(row.extra ?? {})) {
      if (typeof value !== 'number') continue;
      const values = measured.map((other) => other.extra?.[name]);
      extra[name] = values.every((each) => typeof each === 'number')
        ? median(values as number[])
        : null;
    }
    return {
      ...row,
      value: median(measured.map((other) => other.value as number)),
      ...(row.extra ? { extra } : {}),
    };
  });
}
