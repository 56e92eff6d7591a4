/**
 * `pnpm bench`: runs every figure of docs/benchmarks.md in a process of its own, prints one table per
 * figure with every SDK side by side, and writes `bench/results/latest.json`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { combineRuns } from './combineRuns.ts';
import { judgeGoals } from './goals.ts';
import { type ResultRow, ROWS_MARKER } from './results.ts';

interface FigureRun {
  title: string;
  script: string;
  nodeArgs?: string[];
  /** Loads the browser-like environment (happy-dom, fake-indexeddb, throwing fetch) first. */
  browserEnv?: boolean;
  /** Runs the figure in this many processes, one after another, and reports their median. */
  processes?: number;
}

const FIGURES: FigureRun[] = [
  { title: 'bundle size (gzip -9 bytes)', script: 'size.ts' },
  {
    title: 'hot path: getAccessToken() on a cached token (median of 5 processes)',
    script: 'hotpath.ts',
    browserEnv: true,
    processes: 5,
  },
  {
    title: 'cold start: create → session readable (stored session)',
    script: 'coldStart.ts',
    browserEnv: true,
  },
  {
    title: 'fan-in, one tab: requests for K concurrent calls on an expired token',
    script: 'fanin.ts',
    browserEnv: true,
  },
  { title: 'fan-in, tabs: refresh requests per expiry, T tabs in Chromium', script: 'tabs.ts' },
  {
    title: 're-renders: component selecting user.email, 100 refreshes',
    script: 'rerenders.tsx',
    browserEnv: true,
  },
  {
    title: 'memory: heap after 10,000 refresh cycles ÷ after 100',
    script: 'memory.ts',
    nodeArgs: ['--expose-gc'],
  },
  {
    title: 'SRP sign-in: client-side work of one USER_SRP_AUTH sign-in in Chromium',
    script: 'srpSignIn.ts',
  },
];

/** Longest a figure process may run (the slowest, tabs, takes about a minute). */
const FIGURE_TIMEOUT_MS = 4 * 60_000;
const only = process.argv.slice(2);
const srcDir = new URL('./', import.meta.url).pathname;
const started = Date.now();
const allRows: ResultRow[] = [];

function runFigure(figure: FigureRun): Promise<{ rows: ResultRow[]; log: string; code: number }> {
  const args = [
    ...(figure.nodeArgs ?? []),
    '--import',
    'tsx',
    ...(figure.browserEnv ? ['--import', `${srcDir}browserEnv.ts`] : []),
    `${srcDir}figures/${figure.script}`,
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    // A hung figure (a browser that stops answering) must not hold up the rest of the run.
    const watchdog = setTimeout(() => {
      log += `\nkilled after ${FIGURE_TIMEOUT_MS / 1000} s\n`;
      child.kill('SIGKILL');
    }, FIGURE_TIMEOUT_MS);
    let stdout = '';
    let log = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      log += chunk;
    });
    child.on('close', (code) => {
      clearTimeout(watchdog);
      const line = stdout.split('\n').find((text) => text.startsWith(ROWS_MARKER));
      const rows = line ? (JSON.parse(line.slice(ROWS_MARKER.length)) as ResultRow[]) : [];
      resolve({ rows, log: log + stdout.replace(line ?? '', ''), code: code ?? 1 });
    });
  });
}

function formatValue(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'string') return value;
  return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
}

function printTable(title: string, rows: ResultRow[]): void {
  const extraKeys = [...new Set(rows.flatMap((row) => Object.keys(row.extra ?? {})))];
  const hasVariant = rows.some((row) => row.variant);
  const header = [
    'sdk',
    ...(hasVariant ? ['variant'] : []),
    `value (${rows[0]?.unit ?? ''})`,
    ...extraKeys,
    'note',
  ];
  const body = rows.map((row) => [
    row.sdk,
    ...(hasVariant ? [row.variant ?? ''] : []),
    formatValue(row.value),
    ...extraKeys.map((key) => formatValue(row.extra?.[key])),
    row.note ?? '',
  ]);
  printCells(title, [header, ...body]);
}

/** A Markdown table whose last column is left unpadded (notes are long). */
function printCells(title: string, table: string[][]): void {
  const widths = table[0]!.map((_, column) =>
    Math.max(...table.map((cells) => (column === cells.length - 1 ? 0 : cells[column]!.length))),
  );
  const lines = table.map(
    (cells) =>
      `| ${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join(' | ')} |`,
  );
  lines.splice(
    1,
    0,
    `|${widths.map((width, column) => '-'.repeat(column === widths.length - 1 ? 3 : width + 2)).join('|')}|`,
  );
  process.stdout.write(`\n### ${title}\n\n${lines.join('\n')}\n`);
}

for (const figure of FIGURES) {
  if (only.length > 0 && !only.some((name) => figure.script.startsWith(name))) continue;
  const figureStarted = Date.now();
  const runs: ResultRow[][] = [];
  let failure = '';
  for (let run = 0; run < (figure.processes ?? 1) && !failure; run++) {
    const { rows, log, code } = await runFigure(figure);
    if (rows.length === 0) failure = `FAILED (exit ${code}):\n${log.slice(-3000)}`;
    runs.push(rows);
  }
  const rows = failure ? [] : combineRuns(runs);
  if (rows.length === 0) {
    process.stdout.write(`\n### ${figure.title}\n\n${failure}\n`);
    process.exitCode = 1;
    continue;
  }
  printTable(`${figure.title} — ${((Date.now() - figureStarted) / 1000).toFixed(0)} s`, rows);
  allRows.push(...rows);
}

const goals = judgeGoals(allRows);
if (goals.length > 0) {
  printCells('goals (docs/benchmarks.md)', [
    ['verdict', 'measured', 'goal'],
    ...goals.map(({ goal, measured, met }) => [met ? 'met' : '**NOT MET**', measured, goal]),
  ]);
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  machine: `${process.platform}-${process.arch}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}`,
  rows: allRows.map(({ extra: _extra, ...row }) => row),
  goals,
};
if (only.length === 0) {
  const resultsDir = new URL('../results/', import.meta.url).pathname;
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(`${resultsDir}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
}
process.stdout.write(
  `\n${only.length === 0 ? 'wrote bench/results/latest.json; ' : ''}total ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
);
