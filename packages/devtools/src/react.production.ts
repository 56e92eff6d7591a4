/**
 * `@sessionkit/devtools/react` in production builds: the same component, rendering nothing and
 * importing nothing (not even React), so the panel stays out of the bundle.
 */
import type { SessionDevtoolsComponent } from './reactTypes.js';

export type { SessionDevtoolsComponent, SessionDevtoolsProps } from './reactTypes.js';
export type { DevtoolsOptions, DevtoolsPosition } from './types.js';

/** Renders nothing in production builds; see the development build's `SessionDevtools`. */
export const SessionDevtools: SessionDevtoolsComponent = () => null;
