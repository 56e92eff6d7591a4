import type { Session } from '@sessionkit/core';
import type { ReactNode } from 'react';
import { SessionProvider } from '../SessionProvider.js';

/** A Testing Library `wrapper` that provides `session` to what it renders. */
export const providing =
  (session: Session) =>
  ({ children }: { children: ReactNode }) => (
    <SessionProvider session={session}>{children}</SessionProvider>
  );
