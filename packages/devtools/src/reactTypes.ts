import type { Session } from '@sessionkit/core';
import type { DevtoolsOptions } from './types.js';

/** Props of `SessionDevtools`: the session and the options of `mount`. */
export interface SessionDevtoolsProps extends DevtoolsOptions {
  /** The session the panel shows: the one the app created with `createSession`. */
  session: Session;
  /** The element the panel's host goes in. @default document.body */
  container?: HTMLElement | undefined;
}

/** The devtools as a React component; renders nothing itself (the panel lives in a shadow root). */
export type SessionDevtoolsComponent = (props: SessionDevtoolsProps) => null;
