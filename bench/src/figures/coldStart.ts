/**
 * Figure "cold start": from creating the client to a readable session, with a stored session.
 * Node: each SDK's browser bundle on happy-dom + fake-indexeddb (sessionkit: `createSession` →
 * `ready`; peers: the adapter's `restore()`, construct → their session read). Also counts
 * IndexedDB reads per sessionkit start. auth0-spa-js runs in both variants in the same
 * configuration, `cacheLocation: 'localstorage'` (browser/auth0LocalStorage.ts, bundled for the
 * browser as the adapters are: adapters.ts's loadBrowserBundle): restore = a new Auth0Client over the
 * stored cache → `getUser()`; its default memory cache has nothing to restore.
 *
 * Chromium: one page load per run, timed inside the page with `performance.now()`, median of 10 (sessionkit and the floor: 80, on a cross-origin isolated page)
 * runs after 2 warm-up loads. sessionkit: `createSession` → `ready` on real IndexedDB. Peers: the
 * adapter's `restore()` (peers/*.ts, unchanged: construct the client → its session read) bundled
 * into a page of its own (browser/peerPage.ts) on https://app.example; the session is seeded
 * once by the adapter's `setup()` in the peer's own storage (localStorage, or sessionStorage,
 * which survives the reloads of one tab); auth0-spa-js in `cacheLocation: 'localstorage'`
 * (browser/auth0LocalStorage.ts). Every run then reads a token from the restored client (outside
 * the timing) and must get the seeded one with no network request; every request a page makes
 * outside its origin is aborted and reported.
 *
 * `floor` rows, in both variants: no SDK, just opening the IndexedDB database and reading
 * sessionkit's record (the least any IndexedDB-backed restore costs), so the table shows how much
 * of sessionkit's time is the storage it is specified to use and how much is its own code.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../../test/src/chromium.ts';
import {
  type AdapterFileModule,
  createFixture,
  loadAdapterModule,
  loadBrowserBundle,
  SDKS,
} from '../adapters.ts';
import type { ColdStartOutcome } from '../browser/pageApi.ts';
import {
  buildPeerScript,
  callPage,
  describeRequests,
  loadPeerPage,
  PEER_STORAGE,
  routePeerApp,
} from '../browser/peerPage.ts';
import { clearWebStorage, fetchLog } from '../browserEnv.ts';
import { bundle } from '../bundle.ts';
import { POOL } from '../peers/sessionkit.ts';
import { emitRows, PEERS, type ResultRow } from '../results.ts';
import { median, nowMs } from '../stats.ts';

const RUNS = 25;
const AUTH0 = '@auth0/auth0-spa-js';
/** sessionkit's record key (provider.id): what its restore reads. */
const RECORD_KEY = `cognito:${POOL.userPoolId}:${POOL.clientId}`;
/**
 * The floor of an IndexedDB-backed restore, no SDK: open sessionkit's database and read its one
 * record, as idb-keyval does. The same source runs in Node (fake-indexeddb) and in the page.
 */
const READ_RECORD_SOURCE = `(key) => new Promise((resolve, reject) => {
  const open = indexedDB.open('sessionkit');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const request = open.result.transaction('sessions', 'readonly').objectStore('sessions').get(key);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  };
})`;
const FLOOR_NOTE =
  'no SDK: open the IndexedDB database and read one record (what any IndexedDB-backed restore costs at least)';
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
    // auth0-spa-js as in Chromium: `cacheLocation: 'localstorage'` (its default memory cache
    // restores nothing), the same client and cache entries as peers/auth0-spa-js.ts.
    const module =
      sdk === AUTH0
        ? await loadBrowserBundle<AdapterFileModule>('browser/auth0LocalStorage.ts')
        : await loadAdapterModule(sdk);
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
    if (sdk === AUTH0) {
      // As the Chromium runs check: the restored client gives the stored token, offline.
      const fetches = fetchLog.length;
      const token = await (await module.restore()).getToken();
      if (token !== fixture.accessToken)
        throw new Error('restored a token other than the stored one');
      if (fetchLog.length > fetches)
        throw new Error(`fetched ${fetchLog.slice(fetches).join(', ')}`);
      row.note = `${PEER_STORAGE[AUTH0]}, as in the Chromium row (browser/auth0LocalStorage.ts): new Auth0Client over the stored cache → getUser()`;
    }
  } catch (error) {
    row.note = `could not restore: ${(error as Error).message.split('\n')[0]?.slice(0, 160)}`;
  }
}
{
  const row: ResultRow = {
    figure: 'cold_start',
    sdk: 'floor',
    variant: 'node',
    value: null,
    unit: 'ms',
  };
  rows.splice(1, 0, row);
  try {
    const readRecord = new Function(`return ${READ_RECORD_SOURCE}`)() as (
      key: string,
    ) => Promise<unknown>;
    const times: number[] = [];
    for (let run = 0; run < RUNS + 3; run++) {
      const start = nowMs();
      const record = await readRecord(RECORD_KEY);
      const elapsed = nowMs() - start;
      if (!record) throw new Error("sessionkit's record is not stored");
      if (run >= 3) times.push(elapsed);
    }
    row.value = Number(median(times).toFixed(3));
    row.note = `${FLOOR_NOTE}; fake-indexeddb`;
  } catch (error) {
    row.note = `could not read: ${(error as Error).message.split('\n')[0]?.slice(0, 160)}`;
  }
}
const sessionkitNode = nodeTimes.get('sessionkit');
for (const row of rows) {
  if (row.value !== null && sessionkitNode) {
    row.extra = { '× sessionkit': Number((row.value / sessionkitNode).toFixed(2)) };
  }
}

// ---- Chromium -------------------------------------------------------------------------------
const CHROMIUM_LOADS = 12;
/**
 * sessionkit's and the floor's page loads: more than the peers', since the two medians are
 * compared to a fraction of a millisecond and IndexedDB's time varies from load to load.
 */
const SESSIONKIT_LOADS = 82;
/**
 * Served cross-origin isolated, so `performance.now()` steps by 5 µs instead of 100 µs: the
 * medians of sessionkit and the floor are compared to a fraction of a millisecond.
 */
const ISOLATED = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
const CHROMIUM_WARMUP = 2;
const chromiumRows = new Map<string, ResultRow>();
for (const sdk of ['sessionkit', 'floor', ...PEERS]) {
  const row: ResultRow = {
    figure: 'cold_start',
    sdk,
    variant: 'chromium',
    value: null,
    unit: 'ms',
  };
  chromiumRows.set(sdk, row);
  rows.push(row);
}
let browser: Browser | undefined;
try {
  browser = await launchChromium();
} catch (error) {
  for (const row of chromiumRows.values()) {
    row.note = `Chromium did not start: ${(error as Error).message.split('\n')[0]?.slice(0, 160)}`;
  }
}
if (browser) {
  const chromiumRow = chromiumRows.get('sessionkit')!;
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
        return { elapsed, status, reads: window.__idbReads, isolated: crossOriginIsolated };
      };
      const readRecord = ${READ_RECORD_SOURCE};
      window.floor = async () => {
        const start = performance.now();
        const record = await readRecord(${JSON.stringify(RECORD_KEY)});
        return { elapsed: performance.now() - start, found: record !== undefined };
      };
    `,
    });
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
        ? route.fulfill({ contentType: 'text/javascript', body: script, headers: ISOLATED })
        : route.fulfill({ contentType: 'text/html', body: html, headers: ISOLATED });
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
    const floorTimes: number[] = [];
    let reads = 0;
    for (let run = 0; run < SESSIONKIT_LOADS; run++) {
      // The floor on a page load of its own, interleaved with sessionkit's.
      await load();
      const floor = await page.evaluate(() =>
        (window as never as { floor(): Promise<{ elapsed: number; found: boolean }> }).floor(),
      );
      if (!floor.found) throw new Error('the floor read found no record');
      if (run >= CHROMIUM_WARMUP) floorTimes.push(floor.elapsed);
      await load();
      const result = await page.evaluate(() =>
        (
          window as never as {
            coldStart(): Promise<{
              elapsed: number;
              status: string;
              reads: number;
              isolated: boolean;
            }>;
          }
        ).coldStart(),
      );
      if (result.status !== 'signedIn') throw new Error(`restored as ${result.status}`);
      if (!result.isolated) throw new Error('the page is not cross-origin isolated');
      if (run >= CHROMIUM_WARMUP) times.push(result.elapsed);
      reads = result.reads;
    }
    chromiumRow.value = Number(median(times).toFixed(3));
    chromiumRow.note = `real IndexedDB, one page load per run; IndexedDB reads per start: ${reads}`;
    const floorRow = chromiumRows.get('floor')!;
    floorRow.value = Number(median(floorTimes).toFixed(3));
    floorRow.note = `${FLOOR_NOTE}; real IndexedDB, one page load per run`;
    await context.close();
  } catch (error) {
    chromiumRow.note = `Chromium run failed: ${(error as Error).message.split('\n')[0]?.slice(0, 160)}`;
    chromiumRows.get('floor')!.note =
      "not measured: it runs in sessionkit's page, whose run failed";
  }

  for (const peer of PEERS) {
    const row = chromiumRows.get(peer)!;
    const context = await browser.newContext();
    try {
      const routing = await routePeerApp(context, await buildPeerScript(peer));
      const page = await context.newPage();
      await loadPeerPage(page);
      const seeded = await callPage(page, 'seed', fixture);
      if (seeded.error) throw new Error(`seeding failed: ${seeded.error}`);
      const times: number[] = [];
      let last: ColdStartOutcome | undefined;
      for (let run = 0; run < CHROMIUM_LOADS; run++) {
        await loadPeerPage(page);
        last = await callPage(page, 'coldStart');
        if (last.error) throw new Error(`run ${run + 1}: ${last.error}`);
        if (last.token !== fixture.accessToken) {
          throw new Error(`run ${run + 1}: restored a token other than the stored one`);
        }
        if (run >= CHROMIUM_WARMUP) times.push(last.elapsed);
      }
      row.value = Number(median(times).toFixed(3));
      row.note = `${PEER_STORAGE[peer]}, one page load per run; IndexedDB reads per start: ${last!.idbReads}`;
      if (routing.requests.length > 0) {
        row.note += `; requests (aborted): ${describeRequests(routing.requests)}`;
      }
    } catch (error) {
      row.value = null;
      row.note = `Chromium run failed: ${(error as Error).message.split('\n')[0]?.slice(0, 200)}`;
    } finally {
      await context.close().catch(() => undefined);
    }
  }
  await browser.close();
}
const sessionkitChromium = chromiumRows.get('sessionkit')!.value;
for (const row of chromiumRows.values()) {
  if (row.value !== null && sessionkitChromium) {
    row.extra = { '× sessionkit': Number((row.value / sessionkitChromium).toFixed(2)) };
  }
}
emitRows(rows);
process.exit(0);
