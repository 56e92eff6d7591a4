import type { Session } from '@sessionkit/core';

/** Where the floating button sits in the page. */
export type DevtoolsPosition = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';

/** Options of `mount` and the props of `SessionDevtools` besides `session`. */
export interface DevtoolsOptions {
  /** Open the panel at once instead of showing only the button. @default false */
  initialIsOpen?: boolean | undefined;
  /** The corner of the floating button and the panel. @default 'bottom-right' */
  position?: DevtoolsPosition | undefined;
  /** How many minutes the timeline spans (most of them past, a fifth ahead). @default 3 */
  windowMinutes?: number | undefined;
  /** How many events the log keeps; older ones are dropped. @default 200 */
  maxEvents?: number | undefined;
}

/** What `mount` returns: the panel's controls. */
export interface DevtoolsHandle {
  /** Opens the panel. */
  open(): void;
  /** Closes the panel, leaving the button. */
  close(): void;
  /** Removes the button and the panel and stops listening to the session. */
  unmount(): void;
}

/**
 * Mounts the devtools for `session`: a floating button in `element` (default `document.body`)
 * that opens the panel. In a production build the package resolves to a version that does
 * nothing.
 */
export type Mount = (
  session: Session,
  element?: HTMLElement,
  options?: DevtoolsOptions,
) => DevtoolsHandle;
