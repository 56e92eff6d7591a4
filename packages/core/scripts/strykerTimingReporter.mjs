/**
 * A Stryker reporter that writes when the run started, when its initial test run ended and when
 * it finished to reports/mutation/timing.json: Stryker's JSON report carries no timing, and
 * scripts/mutationReport.mjs puts the duration in docs/mutation-report.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';

const TIMING_FILE = 'reports/mutation/timing.json';

class TimingReporter {
  static inject = [];
  startedAt = new Date();
  dryRunCompletedAt = undefined;

  onDryRunCompleted() {
    this.dryRunCompletedAt = new Date();
  }

  wrapUp() {
    mkdirSync('reports/mutation', { recursive: true });
    const finishedAt = new Date();
    writeFileSync(
      TIMING_FILE,
      `${JSON.stringify(
        {
          startedAt: this.startedAt.toISOString(),
          dryRunCompletedAt: this.dryRunCompletedAt?.toISOString(),
          finishedAt: finishedAt.toISOString(),
          seconds: (finishedAt.getTime() - this.startedAt.getTime()) / 1000,
        },
        null,
        2,
      )}\n`,
    );
  }
}

/** Stryker's plugin declaration (declareClassPlugin(PluginKind.Reporter, 'timing', …)). */
export const strykerPlugins = [
  { kind: 'Reporter', name: 'timing', injectableClass: TimingReporter },
];
