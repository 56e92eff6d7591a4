import { globalSignOut, signOutWithRedirect } from '@sessionkit/core';
import { useFlow, useSessionClient, useUser } from '@sessionkit/react';
import { useState } from 'react';
import { useDemo } from '../demoContext';
import { ApiPanel } from './ApiPanel';
import { ClaimsTable } from './ClaimsTable';
import { PasskeysPanel } from './PasskeysPanel';
import { PasswordChangeForm } from './PasswordChangeForm';
import { ProfileForm } from './ProfileForm';
import { RefreshPanel } from './RefreshPanel';

/**
 * The signed-in page: who, sign-out (here, or everywhere: `globalSignOut`), the refresh
 * countdown, the API, the profile, the password, the passkeys, the claims.
 */
export function ProfilePage() {
  const session = useSessionClient();
  const { backend } = useDemo();
  const user = useUser();
  const [signingOut, setSigningOut] = useState(false);
  // Every refresh token of the user dies at Cognito; then this tab and the others sign out.
  const everywhere = useFlow(globalSignOut);
  if (!user) return null;
  const groups = user['cognito:groups'] ?? [];

  const signOut = async () => {
    setSigningOut(true);
    // With a real hosted UI, end its session too, or the next redirect signs in silently.
    if (backend.kind === 'real' && backend.pool.domain) await signOutWithRedirect(session);
    else await session.signOut();
  };

  return (
    <div className="profile-page">
      <section className="card profile" aria-labelledby="profile-title">
        <div className="profile-head">
          <h2 id="profile-title">{user.name ?? user['cognito:username']}</h2>
          <div className="actions">
            <button type="button" onClick={signOut} disabled={signingOut} data-testid="sign-out">
              Sign out
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => void everywhere.run()}
              disabled={signingOut || everywhere.pending}
              data-testid="global-sign-out"
            >
              Sign out everywhere
            </button>
          </div>
        </div>
        {everywhere.error instanceof Error && (
          <p className="error" role="alert">
            {everywhere.error.message}
          </p>
        )}
        <dl>
          <dt>Email</dt>
          <dd data-testid="profile-email">{user.email ?? '—'}</dd>
          <dt>Groups</dt>
          <dd data-testid="profile-groups">
            {groups.length === 0
              ? 'none'
              : groups.map((group) => (
                  <span key={group} className="chip">
                    {group}
                  </span>
                ))}
          </dd>
          <dt>Username</dt>
          <dd>{user['cognito:username'] ?? '—'}</dd>
          {user['custom:plan'] !== undefined && (
            <>
              <dt>Plan</dt>
              <dd>{user['custom:plan']}</dd>
            </>
          )}
        </dl>
        <p className="second-tab" data-testid="second-tab-note">
          <strong>Try a second tab.</strong>{' '}
          <a href="/" target="_blank" rel="noreferrer">
            Open this page again
          </a>
          : it is signed in without signing in (both tabs read one IndexedDB record). Only one tab
          refreshes per expiry, under a Web Lock; the other's log shows{' '}
          <code>tokensChanged · otherTab</code>. Sign out in either and both are signed out.
        </p>
      </section>
      <RefreshPanel />
      <ApiPanel />
      <ProfileForm />
      <PasswordChangeForm />
      <PasskeysPanel />
      <ClaimsTable claims={user} />
    </div>
  );
}
