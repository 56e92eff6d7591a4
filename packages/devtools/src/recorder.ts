/**
 * Follows one session for the panel: its states and events become a {@link History}, and the
 * devtools' tab channel says which tab refreshed. Listens from mount to unmount.
 */
import type { Session, SessionEvents } from '@sessionkit/core';
import { storageKeyOf } from '@sessionkit/core/devtools';
import { eventText } from './format.js';
import {
  addLog,
  addMark,
  applyState,
  attributeOtherTab,
  EMPTY_HISTORY,
  endSpan,
  type History,
  type Limits,
  labelLastBar,
  type MarkKind,
} from './history.js';
import { openTabChannel } from './tabChannel.js';

/** How long after a tab's refresh news its tokens count as that tab's (ms). */
const ATTRIBUTION_WINDOW_MS = 5_000;

const EVENT_TYPES: Array<keyof SessionEvents> = [
  'signedIn',
  'signedOut',
  'refreshed',
  'refreshFailed',
  'tokensChanged',
  'storageFallback',
  'error',
];

export interface Recorder {
  readonly history: History;
  /** This tab's devtools id. */
  readonly tab: string;
  /** Calls `listener` after every change of the history. */
  onChange(listener: () => void): void;
  /** Records something the panel did, in the log and as a mark. */
  note(text: string, kind?: MarkKind): void;
  dispose(): void;
}

export interface RecorderOptions {
  maxEvents: number;
  /** How far back the timeline reaches (ms): older bars and marks are dropped. */
  windowMs: number;
  now?: () => number;
}

export function createRecorder(session: Session, options: RecorderOptions): Recorder {
  const now = options.now ?? Date.now;
  const limits = (): Limits => ({
    maxEvents: options.maxEvents,
    keepSince: now() - options.windowMs,
  });
  let history = EMPTY_HISTORY;
  let listener = () => {};
  let lastNews: { tab: string; at: number } | null = null;
  const change = (next: History) => {
    history = next;
    listener();
  };

  let storageKey = 'sessionkit';
  try {
    storageKey = storageKeyOf(session);
  } catch {
    // Not a session of createSession: no channel name of its own, the default key's.
  }
  const channel = openTabChannel(storageKey, (news) => {
    const at = now();
    lastNews = { tab: news.tab, at };
    change(attributeOtherTab(history, news.tab, at - ATTRIBUTION_WINDOW_MS));
  });

  function onEvent<Type extends keyof SessionEvents>(type: Type, payload: SessionEvents[Type]) {
    const at = now();
    let next = addLog(history, at, type, eventText(type, payload));
    const event = payload as Partial<
      SessionEvents['refreshFailed'] & SessionEvents['tokensChanged']
    >;
    if (type === 'signedIn') {
      next = addMark(labelLastBar(next, 'signIn'), at, 'signedIn', 'signed in');
    } else if (type === 'signedOut') {
      next = addMark(next, at, 'signedOut', eventText(type, payload));
    } else if (type === 'refreshed') {
      next = endSpan(labelLastBar(next, 'refresh'), at, 'ok');
      channel.post({ type: 'refreshed', tab: channel.tab });
    } else if (type === 'refreshFailed') {
      next = addMark(endSpan(next, at, 'failed'), at, 'refreshFailed', eventText(type, payload));
      if (event.willRetry && event.retryInMs != null) {
        next = addMark(
          next,
          at + event.retryInMs,
          'retry',
          `retry due (after ${event.retryInMs} ms)`,
        );
      }
    } else if (type === 'tokensChanged' && event.source === 'otherTab') {
      const known = lastNews && at - lastNews.at <= ATTRIBUTION_WINDOW_MS ? lastNews.tab : null;
      next = addMark(labelLastBar(next, 'otherTab'), at, 'otherTab', 'tokens from another tab');
      // A refresh of this tab under way (or just ended) this way only adopted what another tab
      // stored: it sent no request.
      const span = next.spans.at(-1);
      const recent = span?.outcome === 'pending' || (span?.end != null && at - span.end <= 1_000);
      if (recent) next = endSpan(next, at, 'adopted');
      if (known) next = attributeOtherTab(next, known, at - ATTRIBUTION_WINDOW_MS);
    } else if (type === 'tokensChanged' && event.source === 'setTokens') {
      next = labelLastBar(next, 'signIn');
    }
    change(next);
  }

  const stops = EVENT_TYPES.map((type) =>
    session.on(type, (payload) => onEvent(type, payload as never)),
  );
  stops.push(session.subscribe((state) => change(applyState(history, state, now(), limits()))));
  history = applyState(history, session.getState(), now(), limits());

  return {
    get history() {
      return history;
    },
    tab: channel.tab,
    onChange(next) {
      listener = next;
    },
    note(text, kind) {
      const at = now();
      let next = addLog(history, at, 'devtools', text);
      if (kind) next = addMark(next, at, kind, text);
      change(next);
    },
    dispose() {
      for (const stop of stops) stop();
      channel.close();
      listener = () => {};
    },
  };
}
