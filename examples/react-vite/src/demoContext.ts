/**
 * What the demo's components need beyond `@sessionkit/react`'s hooks (the session itself comes
 * from `useSessionClient()`): the authorised fetch, the backend and the event log.
 */
import { createContext, useContext } from 'react';
import type { DemoBackend } from './backend';
import type { EventLog } from './eventLog';

export interface Demo {
  /** `createAuthorizedFetch(session)`: adds the access token for this page's origin only. */
  authorizedFetch: typeof fetch;
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
