/** The event log: filters by type, newest first. */
import { h, replaceChildren } from './dom.js';
import { clockTime } from './format.js';
import type { LogEntry } from './history.js';

export const LOG_TYPES: Array<LogEntry['type']> = [
  'signedIn',
  'signedOut',
  'refreshed',
  'refreshFailed',
  'tokensChanged',
  'storageFallback',
  'error',
  'devtools',
];

/** The entries whose type is not hidden, newest first. */
export function filterLog(log: readonly LogEntry[], hidden: ReadonlySet<string>): LogEntry[] {
  return log.filter((entry) => !hidden.has(entry.type)).reverse();
}

/** The filter checkboxes; `onChange` gets the set of hidden types. */
export function logFilters(hidden: Set<string>, onChange: () => void): HTMLFieldSetElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, 'Show events'),
    ...LOG_TYPES.map((type) => {
      const box = h('input', { type: 'checkbox', checked: !hidden.has(type), 'data-filter': type });
      box.addEventListener('change', () => {
        if (box.checked) hidden.delete(type);
        else hidden.add(type);
        onChange();
      });
      return h('label', {}, box, ` ${type}`);
    }),
  );
}

/** Redraws the log list. */
export function drawLog(
  list: HTMLElement,
  log: readonly LogEntry[],
  hidden: ReadonlySet<string>,
): void {
  const shown = filterLog(log, hidden);
  replaceChildren(
    list,
    ...shown.map((entry) =>
      h(
        'li',
        { 'data-event-type': entry.type },
        h('time', {}, clockTime(entry.at)),
        `${entry.type}: ${entry.text}`,
      ),
    ),
    shown.length === 0 ? h('li', { class: 'muted' }, 'No events yet.') : null,
  );
}
