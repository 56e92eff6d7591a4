import { SignedIn } from '../SignedIn.js';
import { SignedOut } from '../SignedOut.js';
import { useAccessToken } from '../useAccessToken.js';
import { useSession } from '../useSession.js';
import { useSessionClient } from '../useSessionClient.js';
import { useUser } from '../useUser.js';

/** A page using every hook and component of the package, for the SSR and hydration suites. */
export function EveryHook() {
  const session = useSessionClient();
  const { status } = useSession();
  const email = useSession((state) => (state.status === 'signedIn' ? state.user.email : null));
  const user = useUser();
  const accessToken = useAccessToken();
  return (
    <main>
      <p id="status">status:{status}</p>
      <p id="email">email:{email ?? 'none'}</p>
      <p id="tenant">tenant:{user?.['custom:tenant'] ?? 'none'}</p>
      <p id="token">token:{accessToken === null ? 'none' : 'present'}</p>
      <SignedIn>
        <p>welcome back</p>
        <button type="button" onClick={() => session.signOut()}>
          sign out
        </button>
      </SignedIn>
      <SignedOut>
        <p>please sign in</p>
      </SignedOut>
    </main>
  );
}

/** What the server renders: the loading state, whoever is signed in in the browser. */
export const LOADING_TEXT = 'status:loadingemail:nonetenant:nonetoken:none';
