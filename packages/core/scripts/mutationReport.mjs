#!/usr/bin/env node
/**
 * Turns Stryker's JSON report (reports/mutation/mutation.json, written by `stryker run`) into the
 * committed summary docs/mutation-report.md: the score of each mutated module, its killed,
 * survived, no-coverage and timed-out mutants, and every mutant that lived, either marked
 * equivalent (mutation-equivalents.json, with its reason) or left as a survivor.
 *
 * Exits 1 when the score, counting marked equivalents out, is below the bar (85%), or when an
 * entry of mutation-equivalents.json matches no living mutant (stale: fix or remove it).
 *
 * Usage: node scripts/mutationReport.mjs [--json <report>] [--out <markdown>] [--duration <seconds>]
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BAR = 85;
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoDir = resolve(packageDir, '../..');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] !== undefined ? args[index + 1] : fallback;
};
const jsonPath = resolve(packageDir, option('--json', 'reports/mutation/mutation.json'));
const outPath = resolve(packageDir, option('--out', '../../docs/mutation-report.md'));
const equivalentsPath = resolve(packageDir, 'mutation-equivalents.json');

let report;
try {
  report = JSON.parse(readFileSync(jsonPath, 'utf8'));
} catch (error) {
  console.error(`mutationReport: cannot read ${jsonPath} (run \`stryker run\` first): ${error}`);
  process.exit(1);
}
/** @type {Array<{file: string, line: number, mutator: string, original: string, replacement: string, reason: string}>} */
const equivalents = JSON.parse(readFileSync(equivalentsPath, 'utf8')).equivalents;

const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const oneLine = (text) => text.replace(/\s+/g, ' ').trim();
const clip = (text, max = 90) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const code = (text) => {
  const clean = clip(oneLine(text)).replace(/\|/g, '\\|');
  return clean.includes('`') ? `\`\` ${clean} \`\`` : `\`${clean}\``;
};

/** The source text a mutant replaces. */
function originalOf(source, location) {
  const lines = source.split('\n');
  const { start, end } = location;
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [
    lines[start.line - 1].slice(start.column - 1),
    ...lines.slice(start.line, end.line - 1),
    lines[end.line - 1].slice(0, end.column - 1),
  ].join('\n');
}

const modules = [];
const living = [];
for (const [file, result] of Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b))) {
  const counts = {
    total: 0,
    killed: 0,
    timeout: 0,
    survived: 0,
    noCoverage: 0,
    ignored: 0,
    other: 0,
  };
  for (const mutant of result.mutants) {
    counts.total++;
    if (mutant.status === 'Killed') counts.killed++;
    else if (mutant.status === 'Timeout') counts.timeout++;
    else if (mutant.status === 'Survived') counts.survived++;
    else if (mutant.status === 'NoCoverage') counts.noCoverage++;
    else if (mutant.status === 'Ignored') counts.ignored++;
    else counts.other++; // CompileError, RuntimeError: not valid mutants
    if (UNDETECTED.has(mutant.status)) {
      living.push({
        file,
        mutant,
        line: mutant.location.start.line,
        original: oneLine(originalOf(result.source, mutant.location)),
        replacement: oneLine(mutant.replacement ?? ''),
      });
    }
  }
  modules.push({ file, counts, equivalent: 0 });
}

// An equivalent matches a living mutant by file, mutator, original and replacement text; its line
// picks among several such mutants, and is only a hint when the code moved.
const used = new Set();
const stale = [];
for (const entry of equivalents) {
  const candidates = living.filter(
    (item) =>
      !item.equivalent &&
      item.file === entry.file &&
      item.mutant.mutatorName === entry.mutator &&
      item.original === oneLine(entry.original) &&
      item.replacement === oneLine(entry.replacement),
  );
  const match =
    candidates.find((item) => item.line === entry.line) ??
    (candidates.length === 1 ? candidates[0] : undefined);
  if (!match) {
    stale.push(entry);
    continue;
  }
  match.equivalent = entry;
  used.add(entry);
}
for (const item of living) {
  if (item.equivalent) {
    const module = modules.find((candidate) => candidate.file === item.file);
    module.equivalent++;
  }
}

const scoreOf = ({ counts, equivalent }) => {
  const detected = counts.killed + counts.timeout;
  const valid = detected + counts.survived + counts.noCoverage - equivalent;
  return { detected, valid, score: valid === 0 ? 100 : (100 * detected) / valid };
};
const total = modules.reduce(
  (sum, { counts, equivalent }) => {
    for (const key of Object.keys(counts)) sum.counts[key] = (sum.counts[key] ?? 0) + counts[key];
    sum.equivalent += equivalent;
    return sum;
  },
  { counts: {}, equivalent: 0 },
);
const overall = scoreOf(total);
const rawScore =
  (100 * overall.detected) / (overall.detected + total.counts.survived + total.counts.noCoverage);

// Stryker's JSON report has no timing: scripts/strykerTimingReporter.mjs writes it next to it.
let timing;
try {
  timing = JSON.parse(readFileSync(resolve(dirname(jsonPath), 'timing.json'), 'utf8'));
} catch {
  timing = undefined;
}
const secondsBetween = (from, to) => (Date.parse(to) - Date.parse(from)) / 1000;
const formatDuration = (seconds) =>
  `${Math.floor(seconds / 60)} min ${String(Math.round(seconds % 60)).padStart(2, '0')} s`;
const durationOption = option('--duration', undefined);
const duration =
  durationOption !== undefined
    ? formatDuration(Number(durationOption))
    : timing
      ? `${formatDuration(timing.seconds)} (initial test run ${formatDuration(secondsBetween(timing.startedAt, timing.dryRunCompletedAt))}, mutants ${formatDuration(secondsBetween(timing.dryRunCompletedAt, timing.finishedAt))})`
      : 'not measured';
const reportDate = (timing?.finishedAt ?? statSync(jsonPath).mtime.toISOString()).replace(
  /\.\d+Z$/,
  'Z',
);
const concurrency = report.config?.concurrency;
const version = report.framework?.version ?? 'unknown';
const percent = (value) => `${value.toFixed(2)}%`;

const lines = [
  '# Mutation testing report',
  '',
  "<!-- Generated by packages/core/scripts/mutationReport.mjs from Stryker's JSON report: run `pnpm mutation`, do not edit by hand. -->",
  '',
  'StrykerJS mutates the security-critical modules of `@sessionkit/core` (claims and validation,',
  'redirect sign-in and its transaction store, the authorised fetch, the storage record codec, the',
  'refresh policy, Cognito error classification) and runs the suites listed in',
  '`packages/core/vitest.mutation.config.ts` against each mutant. `pnpm mutation` fails below',
  `${BAR}% of mutants killed, counting out those marked equivalent in`,
  '`packages/core/mutation-equivalents.json` (a mutant that no test can tell from the original, each',
  'with its reason). Timed-out mutants count as killed, as Stryker counts them.',
  '',
  `- Date: ${reportDate}`,
  `- Stryker: ${report.framework?.name ?? 'StrykerJS'} ${version} with the Vitest runner, \`perTest\` coverage analysis`,
  '- Command: `pnpm mutation` (`stryker run && node scripts/mutationReport.mjs` in `packages/core`)',
  `- Duration: ${duration}${concurrency ? `, ${concurrency} test runner processes` : ''}`,
  `- Score: **${percent(overall.score)}** excluding ${total.equivalent} marked equivalents (${overall.detected} of ${overall.valid}); Stryker's own score, equivalents counted as survivors: ${percent(rawScore)}`,
  `- Bar: ${BAR}%, ${overall.score >= BAR ? 'met' : '**not met**'}`,
  '',
  '## Per module',
  '',
  '| Module | Mutants | Killed | Timeout | Survived | No coverage | Equivalent | Score |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...[...modules, { file: '**All**', ...total }].map((module) => {
    const { counts, equivalent } = module;
    return `| ${module.file.startsWith('*') ? module.file : `\`${module.file}\``} | ${counts.total} | ${counts.killed} | ${counts.timeout} | ${counts.survived} | ${counts.noCoverage} | ${equivalent} | ${percent(scoreOf(module).score)} |`;
  }),
  '',
  '## Mutants that lived',
  '',
];
if (living.length === 0) lines.push('None: every mutant was killed.');
else {
  lines.push('| Where | Mutator | Original → replacement | Status |', '| --- | --- | --- | --- |');
  for (const item of living.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line)) {
    const status = item.equivalent
      ? `equivalent: ${item.equivalent.reason.replace(/\|/g, '\\|')}`
      : item.mutant.status === 'NoCoverage'
        ? 'survivor (no test covers it)'
        : 'survivor';
    lines.push(
      `| \`${item.file}:${item.line}\` | ${item.mutant.mutatorName} | ${code(item.original)} → ${code(item.replacement)} | ${status} |`,
    );
  }
}
if (stale.length > 0) {
  lines.push('', '## Stale equivalents', '', 'These entries match no mutant that lived:', '');
  for (const entry of stale)
    lines.push(`- \`${entry.file}:${entry.line}\` ${entry.mutator} ${code(entry.replacement)}`);
}
lines.push('');
writeFileSync(outPath, lines.join('\n'));

console.info(
  `Mutation score ${percent(overall.score)} excluding ${total.equivalent} equivalents ` +
    `(${overall.detected}/${overall.valid}; raw ${percent(rawScore)}); ` +
    `${living.length - total.equivalent} survivors. Report: ${relative(repoDir, outPath)}`,
);
if (stale.length > 0) {
  console.error(
    `mutationReport: ${stale.length} entries of mutation-equivalents.json match no living mutant.`,
  );
  process.exit(1);
}
if (overall.score < BAR) {
  console.error(`mutationReport: the mutation score is below ${BAR}%.`);
  process.exit(1);
}
