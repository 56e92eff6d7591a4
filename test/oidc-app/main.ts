/**
 * The OIDC test page: the built `@sessionkit/core` with `oidc()` against a real OpenID Provider
 * (the issuer is baked in at build time). On load it finishes a redirect sign-in if the URL
 * carries one; Playwright drives the rest through `window.oidcTest`.
 */
import {
  createSession,
  crossTab,
  handleRedirectCallback,
  indexedDBStorage,
  isSessionError,
  oidc,
  signInWithRedirect,
  signOutWithRedirect,
} from '@sessionkit/core';
import { heldTokens } from '@sessionkit/core/testing';

declare const __OIDC_ISSUER__: string;
declare const __OIDC_CLIENT_ID__: string;

const redirectUri = `${location.origin}/`;
const session = createSession({
  provider: oidc({ issuer: __OIDC_ISSUER__, clientId: __OIDC_CLIENT_ID__, redirectUri }),
  storage: indexedDBStorage({ databaseName: 'sessionkit-oidc-test' }),
  crossTab: crossTab(),
});

function summary() {
  const state = session.getState();
  if (state.status !== 'signedIn')
    return { status: state.status, reason: 'reason' in state ? state.reason : null };
  return {
    status: state.status,
    sub: state.user.sub,
    email: state.user.email ?? null,
    idToken: state.tokens.idToken,
    accessToken: state.tokens.accessToken,
    // The state never carries the refresh token; the kit's heldTokens reads what the session holds.
    refreshToken: heldTokens(session)?.refreshToken ?? null,
    error: state.error?.code ?? null,
  };
}

function describeError(error: unknown) {
  return isSessionError(error)
    ? { code: error.code, message: error.message }
    : { code: 'unexpected', message: String(error) };
}

let callback: Promise<unknown> = Promise.resolve(null);
if (new URL(location.href).searchParams.has('state')) {
  callback = handleRedirectCallback(session).then(
    ({ appState }) => ({ ok: true, appState, cleanUrl: location.href }),
    (error: unknown) => ({ ok: false, error: describeError(error) }),
  );
}

const api = {
  ready: () => session.ready.then(() => true),
  callback: () => callback,
  state: async () => summary(),
  signIn: () => signInWithRedirect(session, { appState: { from: 'oidc-test' } }),
  refresh: () =>
    session.refresh().then(
      () => ({ ok: true, state: summary() }),
      (error: unknown) => ({ ok: false, error: describeError(error) }),
    ),
  signOut: (redirect: boolean) =>
    redirect ? signOutWithRedirect(session, { returnTo: redirectUri }) : session.signOut(),
};

(window as unknown as { oidcTest: typeof api }).oidcTest = api;
