/**
 * Figure "cold start": from creating the client to a readable session, with a stored session.
 * Node: each SDK's browser bundle on happy-dom + fake-indexeddb (sessionkit: `createSession` →
 * `ready`; peers: construct → their session read). Chromium: sessionkit on real IndexedDB, one
 * page load per run. Also counts IndexedDB reads per sessionkit start.
 */
import { chromium } from 'playwright-core';
import { createFixture, loadAdapterModule, SDKS } from '../adapters.ts';
import { clearWebStorage } from '../browserEnv.ts';
import { bundle } from '../bundle.ts';
import { POOL } from '../peers/sessionkit.ts';
import { emitRows, type ResultRow } from '../results.ts';
import { median, nowMs } from '../stats.ts';

const RUNS = 25;
const rows: ResultRow[] = [];
const fixture = await createFixture(3600);

/** Counts IndexedDB reads (fake-indexeddb's object store methods) while `task` runs. */
async function countIndexedDbReads(task: () => Promise<unknown>): Promise<number> {
  const prototype = (globalThis as unknown as { IDBObjectStore: { prototype: object } })
    .IDBObjectStore.prototype as Record<string, (...args: unknown[]) => unknown>;
  const methods = ['get', 'getAll', 'getKey', 'getAllKeys', 'openCursor', 'count'];
  let reads = 0;
  const originals = methods.map((name) => prototype[name]!);
  methods.forEach((name, index) => {
    prototype[name] = function (this: unknown, ...args: unknown[]) {
      reads++;
      return originals[index]!.apply(this, args);
    };
  });
  try {
    await task();
  } finally {
    methods.forEach((name, index) => {
      prototype[name] = originals[index]!;
    });
  }
  return reads;
}

// ---- Node -----------------------------------------------------------------------------------
const nodeTimes = new Map<string, number>();
for (const sdk of SDKS) {
  const row: ResultRow = { figure: 'cold_start', sdk, variant: 'node', value: null, unit: 'ms' };
  rows.push(row);
  try {
    const module = await loadAdapterModule(sdk);
    if (!module.restore) {
      row.note =
        'restores nothing by itself: its default cache is in memory (a reload asks the network)';
      continue;
    }
    clearWebStorage();
    const seeded = await module.setup(fixture);
    await seeded.dispose?.();
    const times: number[] = [];
    for (let run = 0; run < RUNS + 3; run++) {
      const start = nowMs();
      const adapter = await module.restore();
      const elapsed = nowMs() - start;
      await adapter.dispose?.();
      if (run >= 3) times.push(elapsed); // the first runs warm the JIT up
    }
    row.value = Number(median(times).toFixed(3));
    nodeTimes.set(sdk, row.value);
    if (sdk === 'sessionkit') {
      const reads = await countIndexedDbReads(async () => (await module.restore!()).dispose?.());
      row.note = `IndexedDB reads per start: ${reads}`;
    }
  } catch (error) {
    row.note = `could not restore: ${(error as Error).message.split('\n')[0]?.slice(0, 160)}`;
  }
}
const sessionkitNode = nodeTimes.get('sessionkit');
for (const row of rows) {
  if (row.value !== null && sessionkitNode) {
    row.extra = { '× sessionkit': Number((row.value / sessionkitNode).toFixed(2)) };
  }
}

// ---- Chromium -------------------------------------------------------------------------------
const chromiumRow: ResultRow = {
  figure: 'cold_start',
  sdk: 'sessionkit',
  variant: 'chromium',
  value: null,
  unit: 'ms',
};
rows.push(chromiumRow);
try {
  const script = await bundle({
    contents: `
      import { cognito, createSession } from '@sessionkit/core';
      const provider = () => cognito(${JSON.stringify(POOL)});
      window.seed = async (tokens) => {
        const session = createSession({ provider: provider() });
        await session.ready;
        await session.setTokens(tokens);
        session.dispose();
      };
      window.coldStart = async () => {
        const start = performance.now();
        const session = createSession({ provider: provider() });
        await session.ready;
        const elapsed = performance.now() - start;
        const status = session.getState().status;
        session.dispose();
        return { elapsed, status, reads: window.__idbReads };
      };
    `,
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
  try {
    const context = await browser.newContext();
    const html = `<!doctype html><script>
      window.__idbReads = 0;
      for (const name of ['get', 'getAll', 'getKey', 'getAllKeys', 'openCursor', 'count']) {
        const original = IDBObjectStore.prototype[name];
        IDBObjectStore.prototype[name] = function (...args) { window.__idbReads++; return original.apply(this, args); };
      }
    </script><script type="module" src="/app.js"></script>`;
    await context.route('https://app.example/**', (route) => {
      const url = new URL(route.request().url());
      return url.pathname === '/app.js'
        ? route.fulfill({ contentType: 'text/javascript', body: script })
        : route.fulfill({ contentType: 'text/html', body: html });
    });
    const page = await context.newPage();
    const load = async () => {
      await page.goto('https://app.example/');
      await page.waitForFunction(() => 'coldStart' in window);
    };
    await load();
    await page.evaluate(
      (tokens) => (window as never as { seed(t: unknown): Promise<void> }).seed(tokens),
      fixture.sessionkitTokens,
    );
    const times: number[] = [];
    let reads = 0;
    for (let run = 0; run < 12; run++) {
      await load();
      const result = await page.evaluate(() =>
        (
          window as never as {
            coldStart(): Promise<{ elapsed: number; status: string; reads: number }>;
          }
        ).coldStart(),
      );
      if (result.status !== 'signedIn') throw new Error(`restored as ${result.status}`);
      if (run >= 2) times.push(result.elapsed);
      reads = result.reads;
    }
    chromiumRow.value = Number(median(times).toFixed(3));
    chromiumRow.note = `real IndexedDB, one page load per run; IndexedDB reads per start: ${reads}`;
  } finally {
    await browser.close();
  }
} catch (error) {
  chromiumRow.note = `Chromium run failed: ${(error as Error).message.split('\n')[0]?.slice(0, 160)}`;
}
for (const sdk of SDKS.filter((name) => name !== 'sessionkit')) {
  rows.push({
    figure: 'cold_start',
    sdk,
    variant: 'chromium',
    value: null,
    unit: 'ms',
    note: 'not run in Chromium: each peer would need its own page build and login seeding there; its Node restore is above',
  });
}
emitRows(rows);
process.exit(0);
