/**
 * Start-up: the backend first (the fake pool's service worker must serve before the session
 * sends its first request), then the one session of the app, then React.
 */
import {
  cognito,
  createAuthorizedFetch,
  createSession,
  crossTab,
  handleRedirectCallback,
} from '@sessionkit/core';
import { SessionDevtools } from '@sessionkit/devtools/react';
import { SessionProvider } from '@sessionkit/react';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startBackend } from './backend';
import { App } from './components/App';
import { DemoContext } from './demoContext';
import { createEventLog } from './eventLog';
import './styles.css';

const CALLBACK_PATH = '/callback';

const root = createRoot(document.getElementById('root') as HTMLElement);

async function start() {
  root.render(
    <p className="starting">
      {__SESSIONKIT_FAKE_POOL__
        ? 'Starting the fake Cognito pool in a service worker…'
        : 'Starting…'}
    </p>,
  );
  const backend = await startBackend();
  const session = createSession({
    provider: cognito({
      ...backend.pool,
      redirectUri: `${location.origin}${CALLBACK_PATH}`,
    }),
    // One refresh per expiry across the tabs, and sign-in and sign-out reach every tab.
    crossTab: crossTab(),
  });
  // Adds `Authorization: Bearer <access token>` to requests for this page's origin only.
  const authorizedFetch = createAuthorizedFetch(session);
  // Listening before `ready`, so a session restored from storage shows up in the log too.
  const eventLog = createEventLog(session);
  await session.ready;

  let callbackError: string | null = null;
  if (location.pathname === CALLBACK_PATH) {
    try {
      const { appState } = await handleRedirectCallback(session);
      const returnTo = (appState as { returnTo?: string } | undefined)?.returnTo;
      history.replaceState(null, '', returnTo ?? '/');
    } catch (error) {
      callbackError = error instanceof Error ? error.message : String(error);
      history.replaceState(null, '', '/');
    }
  }

  root.render(
    <StrictMode>
      <SessionProvider session={session}>
        <DemoContext.Provider value={{ authorizedFetch, backend, eventLog, callbackError }}>
          <App />
        </DemoContext.Provider>
        {/* The session panel in development; a production build resolves it to nothing. */}
        <SessionDevtools session={session} />
      </SessionProvider>
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  console.error(error);
  root.render(
    <div className="starting failed" role="alert">
      <h1>The example could not start</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>,
  );
});
