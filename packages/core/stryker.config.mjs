// @ts-check
/**
 * Mutation testing of the security-critical modules: `pnpm mutation` (slow, not part of
 * `pnpm test`). The test suites it runs are listed in vitest.mutation.config.ts; the committed
 * summary is docs/mutation-report.md, written by scripts/mutationReport.mjs from the JSON report.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  // pnpm keeps the runner out of @stryker-mutator/core's own node_modules, where Stryker's default
  // `@stryker-mutator/*` plugin glob looks: name it from this package instead.
  plugins: [
    import.meta.resolve('@stryker-mutator/vitest-runner'),
    // Writes reports/mutation/timing.json: the JSON report has no duration.
    import.meta.resolve('./scripts/strykerTimingReporter.mjs'),
  ],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: [
    'src/claims.ts',
    'src/flows/redirectSignIn.ts',
    'src/flows/redirectSupport.ts',
    'src/flows/authorizedFetch.ts',
    'src/storage/recordCodec.ts',
    'src/refreshPolicy.ts',
    'src/providers/cognito/cognitoErrors.ts',
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants: the error-name sets, the policy numbers) rerun every
  // suite and take about half the time; they are kept, so no warning about it.
  warnings: { slow: false },
  // Shared two-core machines: raise with `--concurrency` where there is room.
  concurrency: 2,
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 15,
  reporters: ['clear-text', 'progress', 'html', 'json', 'timing'],
  clearTextReporter: { logTests: false, allowColor: false },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  ignorePatterns: ['dist', 'reports', 'coverage'],
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
