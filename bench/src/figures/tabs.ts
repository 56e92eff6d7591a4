/**
 * Figure "fan-in, tabs": T = 2, 4, 8 pages of one origin in Chromium, tokens expiring; refresh
 * requests per expiry. Reuses test/'s real-browser harness (the app built from the packages'
 * dist with the fake pool in an MSW service worker; pools shared through IndexedDB). Tokens live
 * 12 s; below twice the leeway the session refreshes at half-life, so every tab has a refresh due
 * 6 s after sign-in and 6 s after each refresh: the 14 s window spans two expiries.
 */
import { isRefreshRequest, openTabGroup } from '../../../test/src/browser.ts';
import { serveBrowserApp } from '../../../test/src/browserApp.ts';
import { launchChromium } from '../../../test/src/chromium.ts';
import { emitRows, notApplicable, PEERS, type ResultRow } from '../results.ts';

const TS = [2, 4, 8];
const TOKEN_LIFETIME_SECONDS = 12;
const WINDOW_MS = 14_000;
/** Refresh requests more than this apart belong to different expiries. */
const EXPIRY_GAP_MS = 2_000;
/** A tab group that does not finish in this time is reported, not waited for. */
const GROUP_TIMEOUT_MS = 90_000;
const rows: ResultRow[] = [];

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} timed out`)), GROUP_TIMEOUT_MS).unref(),
    ),
  ]);
}

const app = await serveBrowserApp();
const browser = await launchChromium();
try {
  for (const t of TS) {
    const row: ResultRow = {
      figure: 'tabs_requests',
      sdk: 'sessionkit',
      variant: `T=${t}`,
      value: null,
      unit: 'requests_per_expiry',
    };
    rows.push(row);
    const group = await openTabGroup(browser, app.url);
    const started = Date.now();
    try {
      await withTimeout(measure(), `T=${t} after ${GROUP_TIMEOUT_MS / 1000} s`);
    } catch (error) {
      row.note = `run failed: ${(error as Error).message.split('\n')[0]?.slice(0, 160)}`;
    } finally {
      await withTimeout(group.close(), 'closing the tabs').catch(() => undefined);
    }
    async function measure(): Promise<void> {
      await group.openTabs(t);
      await group.callAll('start', { tokenLifetimeSeconds: TOKEN_LIFETIME_SECONDS });
      await group.tabs[0]!.call('signIn');
      await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
      const times = (await group.collectPoolRequests())
        .filter(isRefreshRequest)
        .map((request) => request.time)
        .sort((a, b) => a - b);
      const expiries = times.filter(
        (time, index) => index === 0 || time - times[index - 1]! > EXPIRY_GAP_MS,
      );
      row.value =
        expiries.length === 0 ? null : Number((times.length / expiries.length).toFixed(2));
      row.note = `${times.length} refresh requests over ${expiries.length} expiries in ${WINDOW_MS / 1000} s`;
      const errors = group.tabs.flatMap((tab) => tab.errors);
      if (errors.length > 0) row.note += `; page errors: ${errors[0]!.slice(0, 100)}`;
      row.note += ` (${((Date.now() - started) / 1000).toFixed(0)} s)`;
    }
  }
} finally {
  await browser.close();
  await app.close();
}
for (const peer of PEERS) {
  rows.push(
    notApplicable(
      'tabs_requests',
      peer,
      'requests_per_expiry',
      'not run: needs a page build per peer with its token endpoint faked in a service worker',
    ),
  );
}
emitRows(rows);
process.exit(0);
