// src/main.tsx
import { handleRedirectCallback, signInWithRedirect } from '@sessionkit/core';
import {
  SessionProvider,
  SignedIn,
  SignedOut,
  useSession,
  useSessionClient,
  useUser,
} from '@sessionkit/react';
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { api, session } from './session';

function Profile() {
  // ID-token claims: Cognito's (email, cognito:groups, …) plus the ones declared in Register.
  const user = useUser();
  const [orders, setOrders] = useState<string[] | null>(null);

  useEffect(() => {
    api('/api/orders')
      .then((response) => response.json())
      .then(setOrders);
  }, []);

  if (!user) return null;
  return (
    <section>
      <h2>
        {user.email} ({user['custom:tenant']}, {user['custom:plan']})
      </h2>
      {user['cognito:groups']?.includes('admins') && <a href="/admin">Admin</a>}
      <ul>
        {orders?.map((order) => (
          <li key={order}>{order}</li>
        ))}
      </ul>
    </section>
  );
}

function SignOutButton() {
  // The provider's session (a test renders this with its own): for its methods and the flows.
  // It never re-renders this component.
  const session = useSessionClient();
  // A selector: re-renders when `refreshing` flips, not for each new token.
  const isRefreshing = useSession((state) => state.status === 'signedIn' && state.refreshing);
  return (
    <button type="button" disabled={isRefreshing} onClick={() => session.signOut()}>
      Sign out
    </button>
  );
}

function SignInButton() {
  const session = useSessionClient();
  return (
    <button type="button" onClick={() => signInWithRedirect(session)}>
      Sign in
    </button>
  );
}

function Loading() {
  const status = useSession((state) => state.status);
  return status === 'loading' ? <p>Loading…</p> : null;
}

function ExpiryNotice() {
  const expired = useSession((state) => state.status === 'signedOut' && state.reason === 'expired');
  return expired ? <p>Your session expired. Please sign in again.</p> : null;
}

function App() {
  const session = useSessionClient();
  // Events are for side effects; `on` returns its unsubscribe function, the effect's clean-up.
  useEffect(
    () =>
      session.on('refreshFailed', ({ error, willRetry }) => {
        if (!willRetry) console.warn('sessionkit gave up refreshing:', error.code);
      }),
    [session],
  );
  return (
    <>
      <Loading />
      <SignedIn>
        <Profile />
        <SignOutButton />
      </SignedIn>
      <SignedOut>
        <ExpiryNotice />
        <SignInButton />
      </SignedOut>
    </>
  );
}

// Back from the hosted UI: finish the sign-in (<SignedIn> appears once the tokens are in).
if (new URL(location.href).searchParams.has('code')) void handleRedirectCallback(session);

createRoot(document.getElementById('root')!).render(
  <SessionProvider session={session}>
    <App />
  </SessionProvider>,
);
