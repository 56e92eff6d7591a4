// What guards it: src/combineRuns.ts, the median over a figure's processes (run.ts `processes`).
import { describe, expect, it } from 'vitest';
import { combineRuns } from './src/combineRuns.ts';
import type { ResultRow } from './src/results.ts';

const row = (sdk: string, value: number | null, ratio?: number, note?: string): ResultRow => ({
  figure: 'hotpath',
  sdk,
  value,
  unit: 'ops_per_s',
  ...(ratio === undefined ? {} : { extra: { '× floor': ratio, 'p99 µs': 'n/a' } }),
  ...(note ? { note } : {}),
});

describe('combineRuns', () => {
  it('returns a single run as it is', () => {
    const run = [row('floor', 10, 1), row('sessionkit', 5, 2)];
    expect(combineRuns([run])).toBe(run);
    expect(combineRuns([])).toEqual([]);
  });

  it('takes the median value and the median of each process ratio, not the ratio of medians', () => {
    const runs = [
      [row('floor', 30, 1), row('sessionkit', 14, 2.14)],
      [row('floor', 27, 1), row('sessionkit', 15, 1.8)],
      [row('floor', 29, 1), row('sessionkit', 15.5, 1.87)],
    ];
    expect(combineRuns(runs)).toEqual([row('floor', 29, 1), row('sessionkit', 15, 1.87)]);
  });

  it('matches subjects by sdk and variant, in the first run’s order', () => {
    const a = { ...row('sessionkit', 1), variant: 'a' };
    const b = { ...row('sessionkit', 100), variant: 'b' };
    const combined = combineRuns([
      [a, b],
      [
        { ...b, value: 300 },
        { ...a, value: 3 },
      ],
      [
        { ...a, value: 2 },
        { ...b, value: 200 },
      ],
    ]);
    expect(combined.map((each) => [each.variant, each.value])).toEqual([
      ['a', 2],
      ['b', 200],
    ]);
  });

  it('keeps a subject that one run could not measure unmeasured, with that run’s note', () => {
    const combined = combineRuns([
      [row('floor', 10, 1), row('peer', 4, 2.5)],
      [row('floor', 10, 1), row('peer', null, undefined, 'could not seed its cache: boom')],
      [row('floor', 10, 1)],
    ]);
    expect(combined[1]).toMatchObject({
      sdk: 'peer',
      value: null,
      note: 'could not seed its cache: boom',
    });
    expect(combined[1]?.extra).toBeUndefined();
    const missing = combineRuns([
      [row('floor', 10, 1), row('peer', 4, 2.5)],
      [row('floor', 10, 1)],
    ]);
    expect(missing[1]).toMatchObject({ value: null, note: 'missing from a run' });
    const firstFailed = combineRuns([
      [row('peer', null, undefined, 'timed out')],
      [row('peer', 4, 2.5)],
      [row('peer', 5, 2.4)],
    ]);
    expect(firstFailed).toEqual([row('peer', null, undefined, 'timed out')]);
  });
});
