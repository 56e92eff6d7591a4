/**
 * Starting Debian's Chromium for the browser suites, two ways:
 *
 * - {@link launchChromium}: Playwright's launch. Each `newContext()` is a fresh profile, cheap;
 *   but Playwright turns on focus emulation in every page of such contexts, which keeps each
 *   page "visible" and "focused" — so Chromium silently ignores `Page.setWebLifecycleState`
 *   `frozen` there (it only freezes hidden pages; checked on Chromium 156).
 * - {@link launchTabbedChromium}: a Chromium process of our own (fresh `--user-data-dir`) that
 *   Playwright attaches to over CDP with `noDefaults`, using the profile's default context: real
 *   tabs of one window, only the front one visible, and freezable through CDP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's Chromium: `playwright install` cannot download browsers on our machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet, deterministic Chromium: nothing phones home, no GPU, QUIC off. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

// What Playwright's own launch adds and a process we start must add itself: background tabs keep
// full-speed timers (tests count refreshes per expiry, not Chromium's throttling), no prompts.
const SPAWNED_CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--disable-back-forward-cache',
  '--disable-breakpad',
  '--disable-extensions',
  '--disable-default-apps',
  '--no-default-browser-check',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--password-store=basic',
  '--use-mock-keychain',
  '--mute-audio',
];

const STARTUP_TIMEOUT_MS = 30_000;

/**
 * Throws unless Chromium is installed: the browser suites fail, never skip, without it.
 * @example
 * ```ts
 * assertChromiumInstalled(); // in a globalSetup, before any test runs
 * ```
 */
export function assertChromiumInstalled(executablePath: string = CHROMIUM_PATH): void {
  try {
    accessSync(executablePath, constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${executablePath}: install it with apt-get install chromium, as .ci/run does`,
    );
  }
}

/** Launches headless Chromium through Playwright (one per test file keeps 2 cores responsive). */
export async function launchChromium(): Promise<Browser> {
  assertChromiumInstalled();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS],
    timeout: STARTUP_TIMEOUT_MS,
  });
}

/** A Chromium process of our own and its one profile, as a Playwright context. */
export interface TabbedChromium {
  readonly browser: Browser;
  /** The profile's default context: its pages are tabs of one window. */
  readonly context: BrowserContext;
  /** Disconnects, ends the process and deletes the profile. */
  close(): Promise<void>;
}

/**
 * Starts Chromium with a fresh profile and attaches Playwright over CDP without its default
 * overrides (no focus emulation), so background tabs are hidden and can be frozen.
 * @example
 * ```ts
 * const tabbed = await launchTabbedChromium();
 * const page = await tabbed.context.newPage();
 * await tabbed.close();
 * ```
 */
export async function launchTabbedChromium(): Promise<TabbedChromium> {
  assertChromiumInstalled();
  const profile = await mkdtemp(join(tmpdir(), 'sessionkit-chromium-'));
  const child = spawn(
    CHROMIUM_PATH,
    [
      ...CHROMIUM_ARGS,
      ...SPAWNED_CHROMIUM_ARGS,
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    if (stderr.length > 50) stderr.shift();
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.off('exit', killOnExit);
    await endProcess(child);
    await rm(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  };

  try {
    const port = await readDevToolsPort(profile, child, stderr);
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`, {
      noDefaults: true,
      isLocal: true,
      timeout: STARTUP_TIMEOUT_MS,
    });
    const [context] = browser.contexts();
    if (!context) throw new Error('Chromium started without a default context');
    return {
      browser,
      context,
      async close() {
        await browser.close().catch(() => undefined);
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Chromium writes the port it picked to `<profile>/DevToolsActivePort` once it listens. */
async function readDevToolsPort(
  profile: string,
  child: ChildProcess,
  stderr: readonly string[],
): Promise<number> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Chromium exited at startup: ${stderr.join('').slice(-2_000)}`);
    }
    const text = await readFile(join(profile, 'DevToolsActivePort'), 'utf8').catch(() => '');
    const port = Number.parseInt(text.split('\n')[0] ?? '', 10);
    if (port > 0) return port;
    await delay(50);
  }
  throw new Error(`Chromium did not open its DevTools port within ${STARTUP_TIMEOUT_MS} ms`);
}

async function endProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<'exited'>((resolve) => child.once('exit', () => resolve('exited')));
  child.kill('SIGTERM');
  const timer = new AbortController();
  const timeout = delay(5_000, 'timeout' as const, { signal: timer.signal }).catch(
    () => 'exited' as const,
  );
  const outcome = await Promise.race([exited, timeout]);
  timer.abort();
  if (outcome === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
