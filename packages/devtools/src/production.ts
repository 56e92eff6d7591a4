/**
 * `@sessionkit/devtools` in production builds (the `default` export condition, and the explicit
 * `@sessionkit/devtools/production` subpath): the same API as index.ts, doing nothing, so an app
 * that mounts the devtools ships none of the panel.
 */
import type { DevtoolsHandle, Mount } from './types.js';

export type { DevtoolsHandle, DevtoolsOptions, DevtoolsPosition, Mount } from './types.js';

const NOTHING: DevtoolsHandle = Object.freeze({
  open() {},
  close() {},
  unmount() {},
});

/** Does nothing in production builds; see the development build's `mount`. */
export const mount: Mount = () => NOTHING;
