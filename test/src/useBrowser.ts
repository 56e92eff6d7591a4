/**
 * Vitest wiring of the harness: one Chromium per test file (launched on first use), a fresh tab
 * group (browser context, so empty IndexedDB and no service worker) per call, every group closed
 * after its test and the browser after the file.
 */
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, inject } from 'vitest';
import { openTabbedGroup, openTabGroup, type TabGroup } from './browser.js';
import { launchChromium } from './chromium.js';

/** What {@link useBrowser} gives a test file. */
export interface BrowserSuite {
  /** The file's Chromium, launched on first use. */
  browser(): Promise<Browser>;
  /** `http://127.0.0.1:<port>/`, served by the globalSetup. */
  readonly url: string;
  /** A new group of tabs of the app's origin in the file's Chromium; closed after the test. */
  openTabGroup(): Promise<TabGroup>;
  /**
   * A new group in a Chromium process of its own, as real tabs of one window that
   * `tab.setLifecycleState('frozen')` can freeze; closed (process included) after the test.
   */
  openTabbedGroup(): Promise<TabGroup>;
}

/**
 * Call once at the top of a browser test file.
 * @example
 * ```ts
 * const suite = useBrowser();
 * it('signs every tab out', async () => {
 *   const group = await suite.openTabGroup();
 *   const [a, b] = await group.openTabs(2);
 *   await group.callAll('start');
 * });
 * ```
 */
export function useBrowser(): BrowserSuite {
  let launched: Promise<Browser> | null = null;
  const openGroups: TabGroup[] = [];
  const url = inject('browserAppUrl');

  const browser = (): Promise<Browser> => {
    launched ??= launchChromium();
    return launched;
  };

  afterEach(async () => {
    const groups = openGroups.splice(0);
    await Promise.all(groups.map((group) => group.close()));
  });
  afterAll(async () => {
    const running = launched;
    launched = null;
    await (await running?.catch(() => null))?.close();
  });
  const track = (group: TabGroup): TabGroup => {
    openGroups.push(group);
    return group;
  };

  return {
    browser,
    url,
    async openTabGroup() {
      return track(await openTabGroup(await browser(), url));
    },
    async openTabbedGroup() {
      return track(await openTabbedGroup(url));
    },
  };
}
