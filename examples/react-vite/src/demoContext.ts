/**
 * What the demo's components need beyond `@sessionkit/react`'s hooks: the session object itself
 * (for `fetch`, sign-in and `getIdToken`), the backend and the event log.
 */
import type { Session } from '@sessionkit/core';
import { createContext, useContext } from 'react';
import type { DemoBackend } from './backend';
import type { EventLog } from './eventLog';

export interface Demo {
  session: Session;
  backend: DemoBackend;
  eventLog: EventLog;
  /** How the hosted-UI callback went when this page load was one, else `null`. */
  callbackError: string | null;
}

export const DemoContext = createContext<Demo | null>(null);

/** The demo's context; throws outside `<DemoContext>`. */
export function useDemo(): Demo {
  const demo = useContext(DemoContext);
  if (!demo) throw new Error('useDemo must be used inside <DemoContext>');
  return demo;
}
