import { SessionError } from '../errors.js';
import { hostedSignInOf } from '../providers/cognito/cognitoHostedSignIn.js';
import { internalsOf } from '../session/internals.js';
import type { Session } from '../session.js';
import { assignLocation, currentOrigin } from './redirectSupport.js';

/** Options of {@link signOutWithRedirect}. */
export interface RedirectSignOutOptions {
  /** Revoke the refresh token at the provider. Failures do not block sign-out. @default true */
  revoke?: boolean;
  /** Where the provider sends the user after its logout. @default this page's origin */
  returnTo?: string;
  /** Performs the navigation. @default `location.assign(url)` */
  navigate?: (url: string) => void | Promise<void>;
}

/**
 * Signs out as `session.signOut()` does, then ends the provider's own session too (Cognito's
 * `/logout`, OIDC's `end_session_endpoint` with `id_token_hint`), so the next redirect sign-in
 * asks for credentials again. Without such an endpoint it stops after the local sign-out.
 *
 * @example
 * ```ts
 * import { signOutWithRedirect } from '@sessionkit/core';
 *
 * await signOutWithRedirect(session, { returnTo: `${location.origin}/signed-out` });
 * ```
 */
export async function signOutWithRedirect(
  session: Session,
  options: RedirectSignOutOptions = {},
): Promise<void> {
  const internals = internalsOf(session);
  const hosted = hostedSignInOf(internals.provider);
  const returnTo = options.returnTo ?? currentOrigin();
  // Refused before anything is done: no sign-out that stops half-way.
  if (hosted && !returnTo) {
    throw new SessionError(
      'provider',
      'signOutWithRedirect needs returnTo outside a browser page.',
    );
  }
  const before = session.getState();
  const idToken = before.status === 'signedIn' ? before.tokens.idToken : '';
  await session.signOut(options.revoke === undefined ? {} : { revoke: options.revoke });
  if (!hosted || !returnTo) return;
  const { logout } = await internals.call((context) => hosted.endpoints(context));
  if (!logout) return;
  const url = new URL(logout.url);
  if (logout.style === 'cognito') {
    // Cognito's /logout: client_id and logout_uri (a sign-out URL of the app client).
    url.searchParams.set('client_id', hosted.clientId);
    url.searchParams.set('logout_uri', returnTo);
  } else {
    // OpenID Connect RP-Initiated Logout 1.0.
    if (idToken) url.searchParams.set('id_token_hint', idToken);
    url.searchParams.set('post_logout_redirect_uri', returnTo);
    url.searchParams.set('client_id', hosted.clientId);
  }
  await (options.navigate ?? assignLocation)(url.href);
}
