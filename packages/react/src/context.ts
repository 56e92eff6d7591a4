'use client';

import type { Session } from '@sessionkit/core';
import { createContext } from 'react';

/**
 * The session of the nearest `<SessionProvider>`; `null` outside one. Internal: components read
 * it through `useSessionClient()`, which turns `null` into a clear error.
 */
export const SessionContext = createContext<Session | null>(null);
SessionContext.displayName = 'SessionContext';
