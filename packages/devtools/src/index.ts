/**
 * `@sessionkit/devtools`: the session panel. This module is what bundlers pick under the
 * `development` export condition; in a production build the package resolves to production.ts,
 * which has the same API and does nothing (packages/devtools/package.json, `exports`).
 *
 * @packageDocumentation
 * @module \@sessionkit/devtools
 */
import { mount as mountPanel } from './panel.js';
import type { Mount } from './types.js';

export type { DevtoolsHandle, DevtoolsOptions, DevtoolsPosition, Mount } from './types.js';

/**
 * Mounts the devtools for `session`: a floating button in `element` (default `document.body`)
 * that opens the panel. Returns its controls; `unmount()` removes it.
 *
 * @example
 * ```ts
 * import { mount } from '@sessionkit/devtools';
 *
 * const devtools = mount(session);
 * devtools.open();
 * ```
 */
export const mount: Mount = mountPanel;
