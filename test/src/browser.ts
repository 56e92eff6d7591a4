/**
 * The Playwright harness of the real-browser suites: Debian's Chromium, tabs of one origin in one
 * browser context (so they share IndexedDB, BroadcastChannel, Web Locks and the MSW service
 * worker), typed calls into each tab's `window.sessionkitTest`, and logs that every tab pushes to
 * Node as things happen (they survive a frozen or closed tab).
 *
 * Framework-free: src/useBrowser.ts wires it into Vitest; src/chromium.ts starts the browser.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import type {
  PageReport,
  PoolRequestSummary,
  RecordedEvent,
  SessionkitTestApi,
} from '../browser-app/api.js';
import { launchTabbedChromium } from './chromium.js';
import { type WaitUntilOptions, waitUntil } from './waitUntil.js';

/** How long a page may take to load and expose `window.sessionkitTest`. */
const PAGE_READY_TIMEOUT_MS = 30_000;
/** How long a freeze or resume may take to show in the page. */
const LIFECYCLE_TIMEOUT_MS = 5_000;

/** A method of the page API. */
export type PageMethod = keyof SessionkitTestApi;
/** What a page method resolves to. */
export type PageResult<Name extends PageMethod> = Awaited<ReturnType<SessionkitTestApi[Name]>>;

/** A pool request a tab reported, with the tab's name. */
export interface TabPoolRequest extends PoolRequestSummary {
  tab: string;
}

/** A session event a tab reported, with the tab's name. */
export interface TabEvent extends RecordedEvent {
  tab: string;
}

/** One tab (page) of the origin. */
export interface Tab {
  /** `A`, `B`, `C`… in opening order. */
  readonly name: string;
  readonly page: Page;
  readonly isFrozen: boolean;
  readonly isClosed: boolean;
  /**
   * Uncaught page errors (`reportError` included) and console errors other than Chromium's
   * "Failed to load resource" lines, for diagnostics and "no error" assertions.
   */
  readonly errors: readonly string[];
  /**
   * Calls `window.sessionkitTest[name](...args)` in the page. Throws at once on a frozen or closed
   * tab (an evaluate there would hang or fail obscurely).
   */
  call<Name extends PageMethod>(
    name: Name,
    ...args: Parameters<SessionkitTestApi[Name]>
  ): Promise<PageResult<Name>>;
  /**
   * Freezes or resumes the page through CDP (`Page.setWebLifecycleState`): a frozen page runs no
   * tasks, timers or callbacks, as a background tab Chrome froze; resumes when `active`. Waits
   * until the page saw its `freeze`/`resume` event. Only in a `tabbed` group (see
   * {@link openTabbedGroup}); throws elsewhere instead of silently not freezing. Freezing hides
   * the tab; resuming leaves it hidden, as a background tab (`bringToFront` shows it).
   */
  setLifecycleState(state: 'frozen' | 'active'): Promise<void>;
  /** Makes this the visible tab (the others of a tabbed group become hidden). */
  bringToFront(): Promise<void>;
  /** Reloads and waits for the page API; call `start()` again afterwards. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

/** The options of {@link TabGroup.waitUntilAll}. */
export interface WaitUntilAllOptions extends WaitUntilOptions {
  /** @default the group's live tabs (open and not frozen) */
  tabs?: readonly Tab[];
}

/**
 * The tabs of one origin in one browser context: a fresh profile, so each group starts with
 * empty IndexedDB and no service worker.
 */
export interface TabGroup {
  readonly context: BrowserContext;
  /**
   * `true` for a {@link openTabbedGroup} group: real tabs of one window (only the front one
   * visible), freezable. `false` for a context of a shared browser: every page visible and focused.
   */
  readonly isTabbed: boolean;
  /** The app's URL (one origin). */
  readonly url: string;
  /** Every tab opened, in order, closed ones included. */
  readonly tabs: readonly Tab[];
  /** Open and not frozen. */
  liveTabs(): Tab[];
  /** Opens a tab on the app and waits for its page API (not started). */
  openTab(): Promise<Tab>;
  openTabs(count: number): Promise<Tab[]>;
  /** `tab.call` on every live tab, in parallel; results in tab order. */
  callAll<Name extends PageMethod>(
    name: Name,
    ...args: Parameters<SessionkitTestApi[Name]>
  ): Promise<PageResult<Name>[]>;
  /**
   * Polls `read` on each tab until `isDone` holds for all of them at once; returns the values.
   * @example
   * ```ts
   * await group.waitUntilAll((tab) => tab.call('state'), (state) => state.status === 'signedOut', {
   *   description: 'every tab is signed out',
   * });
   * ```
   */
  waitUntilAll<T>(
    read: (tab: Tab) => Promise<T>,
    isDone: (value: T, tab: Tab) => boolean,
    options: WaitUntilAllOptions,
  ): Promise<T[]>;
  /**
   * Every request that reached the pool handlers of any tab of the group, pushed by the pages as
   * they arrive (a frozen or closed tab's requests included), oldest first per tab. Delivery is
   * asynchronous: to assert an exact count right after an action, prefer {@link collectPoolRequests}
   * or poll with `waitUntil`.
   */
  poolRequests(filter?: { operation?: string; tab?: Tab }): TabPoolRequest[];
  /** Reads `poolRequests()` of every live tab now and concatenates them: the origin's total. */
  collectPoolRequests(): Promise<TabPoolRequest[]>;
  /** Every session event any tab recorded, pushed as they happen. */
  events(filter?: { type?: string; tab?: Tab }): TabEvent[];
  /**
   * Closes every tab and the context (its profile, IndexedDB and service worker go with it);
   * a tabbed group's browser process too.
   */
  close(): Promise<void>;
}

/**
 * A request that trades a refresh token for tokens (any transport), as opposed to revocation.
 * @example
 * ```ts
 * expect(group.poolRequests().filter(isRefreshRequest)).toHaveLength(1);
 * ```
 */
export function isRefreshRequest(request: PoolRequestSummary): boolean {
  return (
    request.refreshToken !== null &&
    (request.operation === 'GetTokensFromRefreshToken' ||
      request.operation === 'InitiateAuth' ||
      request.operation === 'oauth2/token')
  );
}

function tabName(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : `T${index}`;
}

/**
 * Opens a new context of `browser` on the app at `url`: a group of tabs of one origin with a
 * fresh profile. Cheap; every page stays visible and focused, so tabs cannot be frozen.
 * @example
 * ```ts
 * const group = await openTabGroup(browser, appUrl);
 * const [a, b] = await group.openTabs(2);
 * await group.callAll('start', { tokenLifetimeSeconds: 20 });
 * ```
 */
export async function openTabGroup(browser: Browser, url: string): Promise<TabGroup> {
  const context = await browser.newContext({ serviceWorkers: 'allow' });
  try {
    return await createTabGroup(context, url, { isTabbed: false, close: () => context.close() });
  } catch (error) {
    await context.close();
    throw error;
  }
}

/**
 * Starts a Chromium process of its own (fresh profile) and opens the app's tabs there as real
 * tabs of one window: background tabs are hidden and {@link Tab.setLifecycleState} freezes them.
 * About half a second more than {@link openTabGroup}: use it where a test freezes a tab.
 * @example
 * ```ts
 * const group = await openTabbedGroup(appUrl);
 * const [a, b] = await group.openTabs(2);
 * await b.setLifecycleState('frozen');
 * ```
 */
export async function openTabbedGroup(url: string): Promise<TabGroup> {
  const tabbed = await launchTabbedChromium();
  try {
    return await createTabGroup(tabbed.context, url, {
      isTabbed: true,
      close: () => tabbed.close(),
    });
  } catch (error) {
    await tabbed.close();
    throw error;
  }
}

async function createTabGroup(
  context: BrowserContext,
  url: string,
  kind: { isTabbed: boolean; close: () => Promise<void> },
): Promise<TabGroup> {
  const tabs: Tab[] = [];
  const tabsByPage = new Map<Page, Tab>();
  const requestLog: TabPoolRequest[] = [];
  const eventLog: TabEvent[] = [];

  await context.exposeBinding('sessionkitReport', ({ page }, report: PageReport) => {
    const tab = tabsByPage.get(page)?.name ?? '?';
    if (report.kind === 'poolRequest') requestLog.push({ ...report.request, tab });
    else eventLog.push({ ...report.event, tab });
  });

  const live = () => tabs.filter((tab) => !tab.isClosed && !tab.isFrozen);

  async function openTab(): Promise<Tab> {
    const page = await context.newPage();
    const tab = createTab(page, tabName(tabs.length), context, kind.isTabbed);
    tabs.push(tab);
    tabsByPage.set(page, tab);
    await loadApp(tab, () => page.goto(url, { waitUntil: 'load', timeout: PAGE_READY_TIMEOUT_MS }));
    return tab;
  }

  let isClosed = false;
  return {
    context,
    isTabbed: kind.isTabbed,
    url,
    tabs,
    liveTabs: live,
    openTab,
    async openTabs(count) {
      const opened: Tab[] = [];
      // One after another: tab names follow opening order, and a 2-core machine loads one page
      // about as fast as two.
      for (let index = 0; index < count; index += 1) opened.push(await openTab());
      return opened;
    },
    callAll(name, ...args) {
      return Promise.all(live().map((tab) => tab.call(name, ...args)));
    },
    async waitUntilAll(read, isDone, options) {
      const targets = options.tabs ?? live();
      const values = await waitUntil(
        () => Promise.all(targets.map(async (tab) => ({ tab: tab.name, value: await read(tab) }))),
        (entries) => entries.every((entry, index) => isDone(entry.value, targets[index] as Tab)),
        options,
      );
      return values.map((entry) => entry.value);
    },
    poolRequests(filter = {}) {
      return requestLog.filter(
        (request) =>
          (filter.operation === undefined || request.operation === filter.operation) &&
          (filter.tab === undefined || request.tab === filter.tab.name),
      );
    },
    async collectPoolRequests() {
      const perTab = await Promise.all(
        live().map(async (tab) =>
          (await tab.call('poolRequests')).map((request) => ({ ...request, tab: tab.name })),
        ),
      );
      return perTab.flat();
    },
    events(filter = {}) {
      return eventLog.filter(
        (event) =>
          (filter.type === undefined || event.type === filter.type) &&
          (filter.tab === undefined || event.tab === filter.tab.name),
      );
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      await kind.close();
    },
  };
}

async function loadApp(tab: Tab, navigate: () => Promise<unknown>): Promise<void> {
  try {
    await navigate();
    await tab.page.waitForFunction(() => window.sessionkitTest !== undefined, undefined, {
      timeout: PAGE_READY_TIMEOUT_MS,
    });
  } catch (error) {
    const details = tab.errors.length > 0 ? `; page errors: ${tab.errors.join(' | ')}` : '';
    throw new Error(`Tab ${tab.name}: the test app did not load${details}`, { cause: error });
  }
}

function createTab(page: Page, name: string, context: BrowserContext, isTabbed: boolean): Tab {
  const errors: string[] = [];
  let isFrozen = false;
  let isClosed = false;
  let cdp: CDPSession | null = null;
  page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
  page.on('console', (message) => {
    // Chromium logs every 4xx/5xx answer as "Failed to load resource": the fake pool's refusals
    // are expected answers, not page errors.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource:')) {
      errors.push(message.text());
    }
  });
  page.on('close', () => {
    isClosed = true;
  });

  function assertUsable(action: string): void {
    if (isClosed) throw new Error(`Tab ${name} is closed: cannot ${action}`);
    if (isFrozen) throw new Error(`Tab ${name} is frozen: cannot ${action} (resume it first)`);
  }

  // The page records its lifecycle synchronously (main.ts); a frozen page still answers a
  // plain evaluate, so this read works in both states.
  const readLifecycle = () => page.evaluate(() => window.sessionkitLifecycleState ?? 'active');

  async function call<Name extends PageMethod>(
    method: Name,
    ...args: Parameters<SessionkitTestApi[Name]>
  ): Promise<PageResult<Name>> {
    assertUsable(`call ${method}()`);
    let result: unknown;
    try {
      result = await page.evaluate(
        async ([method, args]) => {
          const api = window.sessionkitTest as unknown as Record<
            string,
            (...args: unknown[]) => Promise<unknown>
          >;
          const run = api[method];
          if (typeof run !== 'function') throw new Error(`sessionkitTest has no ${method}()`);
          return run(...args);
        },
        [method, args] as [string, unknown[]],
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`Tab ${name}: ${method}() failed: ${message}`, { cause: error });
    }
    return result as PageResult<Name>;
  }

  const tab: Tab = {
    name,
    page,
    get isFrozen() {
      return isFrozen;
    },
    get isClosed() {
      return isClosed;
    },
    errors,
    call,
    async setLifecycleState(state) {
      if (isClosed) throw new Error(`Tab ${name} is closed: cannot set it ${state}`);
      if (!isTabbed) {
        throw new Error(
          `Tab ${name}: Chromium does not freeze the always-visible pages of a Playwright context; ` +
            'open the group with openTabbedGroup() (useBrowser().openTabbedGroup()) to freeze tabs',
        );
      }
      cdp ??= await context.newCDPSession(page);
      await cdp.send('Page.setWebLifecycleState', { state });
      await waitUntil(readLifecycle, (current) => current === state, {
        description: `tab ${name} is ${state}`,
        timeoutMs: LIFECYCLE_TIMEOUT_MS,
        intervalMs: 20,
      });
      isFrozen = state === 'frozen';
    },
    async bringToFront() {
      assertUsable('bring it to front');
      await page.bringToFront();
    },
    async reload() {
      assertUsable('reload');
      await loadApp(tab, () => page.reload({ waitUntil: 'load', timeout: PAGE_READY_TIMEOUT_MS }));
    },
    async close() {
      if (!isClosed) await page.close();
      isClosed = true;
    },
  };
  return tab;
}
