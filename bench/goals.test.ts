// What guards it: src/goals.ts, the verdicts `pnpm bench` prints and writes to results/latest.json.
import { describe, expect, it } from 'vitest';
import { judgeGoals } from './src/goals.ts';
import type { ResultRow } from './src/results.ts';

type Figure = ResultRow['figure'];
const row = (figure: Figure, sdk: string, value: number | null, variant?: string, note?: string) =>
  ({
    figure,
    sdk,
    value,
    unit: 'x',
    ...(variant ? { variant } : {}),
    ...(note ? { note } : {}),
  }) as ResultRow;

/** The shape of a full run, every goal met but the two size goals (as in 2026-12-05's run). */
const run = (): ResultRow[] => [
  row('size_gzip', 'sessionkit', 13528, 'core'),
  row('size_gzip', 'sessionkit', 12232, 'restore-and-read'),
  row('size_gzip', 'sessionkit', 13153, '+react'),
  row('size_gzip', 'oidc-client-ts', 17622),
  row('size_gzip', 'aws-amplify', 28178),
  row('size_gzip', 'jwt-decode+mitt+idb-keyval', 906, undefined, "not a peer: core's dependencies"),
  row('hotpath', 'floor', 26_817_398),
  row('hotpath', 'sessionkit', 14_299_739),
  row('hotpath', '@supabase/auth-js', 756_658),
  row('hotpath', 'aws-amplify', 19_477),
  row('cold_start', 'sessionkit', 0.136, 'node'),
  row('cold_start', 'floor', 0.022, 'node'),
  row('cold_start', 'sessionkit', 1.54, 'chromium'),
  row('cold_start', 'floor', 1.2, 'chromium'),
  row('fanin_requests', 'sessionkit', 1, 'K=1'),
  row('fanin_requests', 'sessionkit', 1, 'K=1000'),
  row('fanin_requests', 'oidc-client-ts', 1000, 'K=1000'),
  row('tabs_requests', 'sessionkit', 1, 'T=2'),
  row('tabs_requests', 'sessionkit', 1, 'T=8'),
  row('rerenders', 'sessionkit', 0),
  row('heap_growth', 'sessionkit', 1.015),
  row('srp_signin', 'sessionkit', 16.8),
  row('srp_signin', 'amazon-cognito-identity-js', 133.9),
  row('srp_signin', 'aws-amplify', 134.5),
];

const verdicts = (rows: ResultRow[]) =>
  Object.fromEntries(judgeGoals(rows).map(({ goal, measured, met }) => [goal, { measured, met }]));

describe('judgeGoals', () => {
  it('judges every goal of a full run against its peers and floors', () => {
    expect(verdicts(run())).toEqual({
      'size: restore-and-read ≤ ⅓ of the smallest peer': {
        measured: '12232 B, 0.69× of 17622 B',
        met: false,
      },
      'size: restore-and-read ≤ 7500 B (issue 13)': { measured: '12232 B', met: false },
      'size: React bindings ≤ 1.5 kB on top': { measured: '921 B', met: true },
      'hot path: ≤ 2× the floor': { measured: '1.88×', met: true },
      'hot path: ≥ 10× the fastest peer': { measured: '18.90×', met: true },
      'cold start, Chromium: ≤ 0.5 ms beyond the IndexedDB floor': {
        measured: '+0.34 ms',
        met: true,
      },
      'fan-in, one tab: exactly 1 request': { measured: 'K=1: 1, K=1000: 1', met: true },
      'fan-in, tabs: exactly 1 request': { measured: 'T=2: 1, T=8: 1', met: true },
      're-renders: 0': { measured: '0', met: true },
      'memory: flat (≤ 1.05)': { measured: '1.015', met: true },
      'SRP sign-in: ≤ ¼ of the faster peer': { measured: '0.13×', met: true },
    });
  });

  it.each([
    ['hot path: ≤ 2× the floor', 'hotpath', 'sessionkit', 13_400_000, undefined],
    ['hot path: ≥ 10× the fastest peer', 'hotpath', '@supabase/auth-js', 1_430_000, undefined],
    [
      'cold start, Chromium: ≤ 0.5 ms beyond the IndexedDB floor',
      'cold_start',
      'sessionkit',
      1.71,
      'chromium',
    ],
    ['fan-in, one tab: exactly 1 request', 'fanin_requests', 'sessionkit', 2, 'K=1000'],
    ['fan-in, tabs: exactly 1 request', 'tabs_requests', 'sessionkit', null, 'T=8'],
    ['re-renders: 0', 'rerenders', 'sessionkit', 1, undefined],
    ['memory: flat (≤ 1.05)', 'heap_growth', 'sessionkit', 1.06, undefined],
    [
      'SRP sign-in: ≤ ¼ of the faster peer',
      'srp_signin',
      'amazon-cognito-identity-js',
      67,
      undefined,
    ],
    ['size: React bindings ≤ 1.5 kB on top', 'size_gzip', 'sessionkit', 13_733, '+react'],
  ] as const)(
    'misses "%s" when its figure crosses the line',
    (goal, figure, sdk, value, variant) => {
      const rows = run().map((each) =>
        each.figure === figure && each.sdk === sdk && each.variant === variant
          ? { ...each, value }
          : each,
      );
      expect(verdicts(run())[goal]?.met).toBe(true);
      expect(verdicts(rows)[goal]?.met).toBe(false);
    },
  );

  it('meets each goal exactly at its line', () => {
    const rows = run().map((each) => {
      if (each.figure === 'hotpath' && each.sdk === 'sessionkit')
        return { ...each, value: 26_817_398 / 2 };
      if (each.figure === 'cold_start' && each.sdk === 'sessionkit' && each.variant === 'chromium')
        return { ...each, value: 1.7 };
      if (each.figure === 'size_gzip' && each.variant === 'restore-and-read')
        return { ...each, value: 7500 };
      if (each.figure === 'size_gzip' && each.variant === '+react') return { ...each, value: 9000 };
      if (each.figure === 'size_gzip' && each.sdk === 'oidc-client-ts')
        return { ...each, value: 22_500 };
      if (each.figure === 'hotpath' && each.sdk === '@supabase/auth-js')
        return { ...each, value: 26_817_398 / 20 };
      if (each.figure === 'heap_growth') return { ...each, value: 1.05 };
      if (each.figure === 'srp_signin' && each.sdk === 'sessionkit')
        return { ...each, value: 133.9 / 4 };
      return each;
    });
    const judged = verdicts(rows);
    expect(judged['hot path: ≤ 2× the floor']?.met).toBe(true);
    expect(judged['hot path: ≥ 10× the fastest peer']).toEqual({ measured: '10.00×', met: true });
    expect(judged['cold start, Chromium: ≤ 0.5 ms beyond the IndexedDB floor']?.met).toBe(true);
    expect(judged['size: restore-and-read ≤ 7500 B (issue 13)']?.met).toBe(true);
    expect(judged['size: React bindings ≤ 1.5 kB on top']?.met).toBe(true);
    expect(judged['memory: flat (≤ 1.05)']?.met).toBe(true);
    expect(judged['SRP sign-in: ≤ ¼ of the faster peer']?.met).toBe(true);
    expect(judged['size: restore-and-read ≤ ⅓ of the smallest peer']?.met).toBe(true);
  });

  it('takes the hot path figure’s own ratios when the rows carry them (the table’s numbers)', () => {
    const rows = run().map((each) =>
      each.figure === 'hotpath' && each.sdk === 'sessionkit'
        ? { ...each, extra: { '× floor': 2.01, '÷ fastest peer': 9.99, 'mean µs': 0.07 } }
        : each,
    );
    expect(verdicts(rows)['hot path: ≤ 2× the floor']).toEqual({ measured: '2.01×', met: false });
    expect(verdicts(rows)['hot path: ≥ 10× the fastest peer']).toEqual({
      measured: '9.99×',
      met: false,
    });
  });

  it('leaves out a goal whose figure did not run, and ignores rows that are not peers', () => {
    const hotpathOnly = run().filter((each) => each.figure === 'hotpath');
    expect(Object.keys(verdicts(hotpathOnly))).toEqual([
      'hot path: ≤ 2× the floor',
      'hot path: ≥ 10× the fastest peer',
    ]);
    expect(judgeGoals([])).toEqual([]);
    const depsSmallest = run().map((each) =>
      each.sdk === 'oidc-client-ts' && each.figure === 'size_gzip'
        ? { ...each, value: null }
        : each,
    );
    expect(
      verdicts(depsSmallest)['size: restore-and-read ≤ ⅓ of the smallest peer']?.measured,
    ).toBe('12232 B, 0.43× of 28178 B');
  });
});
