/**
 * `@sessionkit/devtools/react` under the `development` condition: a component that mounts the
 * panel for its session and removes it on unmount. react.production.ts is its no-op twin.
 *
 * @packageDocumentation
 * @module \@sessionkit/devtools/react
 */
import { useEffect } from 'react';
import { mount } from './panel.js';
import type { SessionDevtoolsComponent } from './reactTypes.js';

export type { SessionDevtoolsComponent, SessionDevtoolsProps } from './reactTypes.js';
export type { DevtoolsOptions, DevtoolsPosition } from './types.js';

/**
 * Shows the devtools' floating button for `session` (in development builds only).
 *
 * @example
 * ```tsx
 * import { SessionDevtools } from '@sessionkit/devtools/react';
 *
 * <SessionDevtools session={session} initialIsOpen={false} />;
 * ```
 */
export const SessionDevtools: SessionDevtoolsComponent = ({
  session,
  container,
  initialIsOpen,
  position,
  windowMinutes,
  maxEvents,
}) => {
  useEffect(() => {
    const handle = mount(session, container, { initialIsOpen, position, windowMinutes, maxEvents });
    return () => handle.unmount();
  }, [session, container, initialIsOpen, position, windowMinutes, maxEvents]);
  return null;
};
