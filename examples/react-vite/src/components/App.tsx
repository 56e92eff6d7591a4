import { SignedIn, SignedOut, useSession } from '@sessionkit/react';
import { useDemo } from '../demoContext';
import { EventLogPanel } from './EventLogPanel';
import { FakeOutbox } from './FakeOutbox';
import { ProfilePage } from './ProfilePage';
import { SignInPage } from './SignInPage';

const STATUS_TEXT = { loading: 'loading', signedIn: 'signed in', signedOut: 'signed out' } as const;

/** The page: a header with the session status, then the sign-in or the profile page. */
export function App() {
  const { backend } = useDemo();
  const status = useSession((state) => state.status);
  return (
    <div className="app">
      <header className="app-header">
        <div>
          <h1>sessionkit · React example</h1>
          <p className="backend">
            {/* The build constant first: a real-pool build drops this branch altogether. */}
            {__SESSIONKIT_FAKE_POOL__ && backend.kind === 'fake' ? (
              <>
                Fake Cognito pool <code>{backend.pool.userPoolId}</code> in an MSW service worker
              </>
            ) : (
              <>
                Your Cognito pool <code>{backend.pool.userPoolId}</code> ({backend.pool.region})
              </>
            )}
          </p>
        </div>
        <span className={`status status-${status}`} data-testid="status" data-status={status}>
          {STATUS_TEXT[status]}
        </span>
      </header>
      <main>
        <SignedOut>
          <SignInPage />
        </SignedOut>
        <SignedIn>
          <ProfilePage />
        </SignedIn>
        {/* The codes a real pool would email; the build constant drops it from a real-pool build. */}
        {__SESSIONKIT_FAKE_POOL__ && backend.kind === 'fake' && (
          <FakeOutbox sentCodes={backend.sentCodes} />
        )}
        {status !== 'loading' && <EventLogPanel />}
      </main>
    </div>
  );
}
