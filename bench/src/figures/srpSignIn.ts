/**
 * Figure "SRP sign-in": the client-side work of one `USER_SRP_AUTH` sign-in in Chromium, for
 * sessionkit, amazon-cognito-identity-js and aws-amplify v6 (pages and server values: ../srp.ts).
 *
 * One page per library, each in a fresh context of one headless Chromium, served on
 * https://app.example by a Playwright route (a secure context, so sessionkit has WebCrypto). A
 * sign-in, timed inside the page with `performance.now()` (browser/srpPageApi.ts), is both
 * client steps back to back with no network between them: a random a and A = g^a mod N
 * (`SRP_A`), then from the challenge's `SRP_B`, `SALT` and `SECRET_BLOCK` the password claim
 * (u, x, S, the HKDF key, the timestamp and the HMAC signature). Every run uses one fixed
 * challenge made in Node by the testing kit's server side (a real verifier, B = k·v + g^b).
 *
 * Before timing, the three must give the same `SRP_A` and signature for one given a and
 * timestamp; after timing, every timed sign-in's `SRP_A`, signature and timestamp must verify
 * against the server's secrets (packages/core/src/providers/cognito/srpServer.ts), or the row
 * reports the failure instead of a time.
 *
 * WARMUP sign-ins per library, then ITERATIONS (fewer, at least MIN_ITERATIONS, when the rounds
 * outlast ROUNDS_BUDGET_MS), the libraries interleaved (the order rotates every round) so load on
 * the shared machine falls on all three alike. Value: the median per
 * sign-in; p95 and the two steps' medians go into the note.
 */
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../../test/src/chromium.ts';
import { emitRows, type ResultRow } from '../results.ts';
import {
  buildSrpPage,
  createSrpFixture,
  fixedSignInInput,
  SRP_LIBRARIES,
  type SrpLibrary,
  type SrpPageApi,
  type SrpSignInOutcome,
  verifySrpSignIn,
} from '../srp.ts';
import { median, percentile } from '../stats.ts';

const WARMUP = 3;
const ITERATIONS = 20;
/**
 * On a loaded machine the rounds stop once they have taken this long (at least MIN_ITERATIONS
 * done), so the figure stays near its usual 20 s; the note says how many were timed.
 */
const ROUNDS_BUDGET_MS = 45_000;
const MIN_ITERATIONS = 10;
/** The figure's goal (docs/benchmarks.md): sessionkit ≤ ¼ of the faster peer. */
const GOAL_RATIO = 0.25;
const APP = 'https://app.example';

const rows = new Map<SrpLibrary, ResultRow>(
  SRP_LIBRARIES.map((library) => [
    library,
    { figure: 'srp_signin', sdk: library, value: null, unit: 'ms' } satisfies ResultRow,
  ]),
);
const failed = (library: SrpLibrary, note: string) => {
  rows.get(library)!.note = note.split('\n')[0]!.slice(0, 200);
};

type PageCall = <Name extends keyof SrpPageApi>(
  name: Name,
  arg: Parameters<SrpPageApi[Name]>[0],
) => Promise<SrpSignInOutcome>;

/** A fresh context with `script` served as the app; resolves once `srpBench` is installed. */
async function openPage(browser: Browser, script: string): Promise<{ page: Page; call: PageCall }> {
  const context = await browser.newContext();
  await context.route(`${APP}/**`, (route) =>
    new URL(route.request().url()).pathname === '/app.js'
      ? route.fulfill({ contentType: 'text/javascript', body: script })
      : route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><script type="module" src="/app.js"></script>',
        }),
  );
  const page = await context.newPage();
  await page.goto(`${APP}/`);
  await page.waitForFunction(() => 'srpBench' in globalThis, undefined, { timeout: 30_000 });
  const call: PageCall = (name, arg) =>
    page.evaluate(
      ([method, value]) =>
        (globalThis as unknown as { srpBench: Record<string, (input: unknown) => unknown> })
          .srpBench[method]!(value),
      [name, arg] as const,
    ) as Promise<SrpSignInOutcome>;
  return { page, call };
}

const fixture = await createSrpFixture();
let browser: Browser | undefined;
try {
  browser = await launchChromium();
} catch (error) {
  for (const library of SRP_LIBRARIES) {
    failed(library, `Chromium did not start: ${(error as Error).message}`);
  }
}

if (browser) {
  const pages = new Map<SrpLibrary, PageCall>();
  for (const library of SRP_LIBRARIES) {
    try {
      pages.set(library, (await openPage(browser, await buildSrpPage(library))).call);
    } catch (error) {
      failed(library, `page failed: ${(error as Error).message}`);
    }
  }

  // Correctness first: one given a and timestamp, the same values from all three, all accepted.
  const fixed = { challenge: fixture.challenge, ...fixedSignInInput() };
  const fixedOutcomes = new Map<SrpLibrary, SrpSignInOutcome>();
  for (const [library, call] of pages) {
    const outcome = await call('signInWithSecret', fixed);
    const refused = await verifySrpSignIn(fixture, outcome);
    if (refused) {
      failed(library, `with a given a: ${refused}`);
      pages.delete(library);
    } else fixedOutcomes.set(library, outcome);
  }
  const reference = fixedOutcomes.get('sessionkit');
  for (const [library, outcome] of fixedOutcomes) {
    if (
      reference &&
      (outcome.srpA !== reference.srpA || outcome.signature !== reference.signature)
    ) {
      failed(library, "with a given a: SRP_A or signature differs from sessionkit's");
      pages.delete(library);
    }
  }

  const outcomes = new Map<SrpLibrary, SrpSignInOutcome[]>(SRP_LIBRARIES.map((l) => [l, []]));
  const libraries = [...pages.keys()];
  const roundsStarted = Date.now();
  for (let round = 0; round < WARMUP + ITERATIONS; round++) {
    const timedRounds = round - WARMUP;
    if (timedRounds >= MIN_ITERATIONS && Date.now() - roundsStarted > ROUNDS_BUDGET_MS) break;
    const shift = round % libraries.length;
    for (const library of [...libraries.slice(shift), ...libraries.slice(0, shift)]) {
      const outcome = await pages.get(library)!('signIn', fixture.challenge);
      if (round >= WARMUP) outcomes.get(library)!.push(outcome);
    }
  }
  await browser.close();

  // Every timed sign-in must be one the pool accepts (checked after timing, off the clock).
  for (const library of libraries) {
    const timed = outcomes.get(library)!;
    const refusals = (
      await Promise.all(timed.map((outcome) => verifySrpSignIn(fixture, outcome)))
    ).filter((refusal) => refusal !== null);
    if (refusals.length > 0) {
      failed(library, `${refusals.length} of ${timed.length} sign-ins refused: ${refusals[0]}`);
      continue;
    }
    const totals = timed.map((outcome) => outcome.startMs! + outcome.finishMs!);
    const row = rows.get(library)!;
    const round2 = (value: number) => Number(value.toFixed(2));
    row.value = round2(median(totals));
    const p95 = round2(percentile(totals, 95));
    const startMs = round2(median(timed.map((outcome) => outcome.startMs!)));
    const finishMs = round2(median(timed.map((outcome) => outcome.finishMs!)));
    row.note =
      `Chromium, median of ${timed.length} after ${WARMUP} warm-up; p95 ${p95} ms; ` +
      `A ${startMs} ms + claim ${finishMs} ms (medians); all ${timed.length} accepted by the server side`;
    row.extra = { p95, 'A (ms)': startMs, 'claim (ms)': finishMs };
  }
}

const sessionkit = rows.get('sessionkit')!;
const peerValues: { library: SrpLibrary; value: number }[] = [];
for (const library of SRP_LIBRARIES) {
  const value = rows.get(library)!.value;
  if (library !== 'sessionkit' && value !== null) peerValues.push({ library, value });
}
if (sessionkit.value !== null && peerValues.length > 0) {
  const fastest = peerValues.reduce((best, entry) => (entry.value < best.value ? entry : best));
  const ratio = Number((sessionkit.value / fastest.value).toFixed(3));
  sessionkit.note += `; ÷ faster peer (${fastest.library}): ${ratio} (goal ≤ ${GOAL_RATIO}: ${ratio <= GOAL_RATIO ? 'met' : 'not met'})`;
  for (const row of rows.values()) {
    if (row.value !== null) {
      row.extra = {
        ...row.extra,
        '× sessionkit': Number((row.value / sessionkit.value).toFixed(1)),
      };
    }
  }
}
emitRows([...rows.values()]);
process.exit(0);
