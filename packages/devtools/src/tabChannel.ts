/**
 * The devtools' own cross-tab channel (`sessionkit-devtools:<storageKey>`): a tab's devtools say
 * when their session refreshed, so the devtools of the tabs that adopt those tokens
 * (`tokensChanged` with source `otherTab`) can tell which tab it was. It carries a tab id and
 * nothing else; the session's own channel stays untouched (docs/several-tabs.md).
 */

export interface TabNews {
  type: 'refreshed';
  tab: string;
}

export interface TabChannel {
  /** This tab's devtools id: four hex digits. */
  readonly tab: string;
  post(news: TabNews): void;
  close(): void;
}

/** A random id for this tab, short enough to read on the timeline. */
export function newTabId(): string {
  const bytes = new Uint8Array(2);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Opens the channel; without `BroadcastChannel` the devtools work alone (no tab names). */
export function openTabChannel(storageKey: string, onNews: (news: TabNews) => void): TabChannel {
  const tab = newTabId();
  const Channel = globalThis.BroadcastChannel;
  if (typeof Channel !== 'function') return { tab, post() {}, close() {} };
  const channel = new Channel(`sessionkit-devtools:${storageKey}`);
  channel.onmessage = (event: MessageEvent) => {
    const news = event.data as Partial<TabNews> | null;
    if (news?.type === 'refreshed' && typeof news.tab === 'string' && news.tab !== tab) {
      onNews({ type: 'refreshed', tab: news.tab });
    }
  };
  return {
    tab,
    post: (news) => channel.postMessage(news),
    close: () => channel.close(),
  };
}
