import type { IdTokenClaims } from '../claimsTypes.js';
import { SessionError } from '../errors.js';
import {
  buildAuthorizationUrl,
  exchangeAuthorizationCode,
} from '../providers/authorizationCode.js';
import { hostedSignInOf } from '../providers/cognito/cognitoHostedSignIn.js';
import type { HostedSignIn } from '../providers/types.js';
import { internalsOf, type SessionInternals, signedInUser } from '../session/internals.js';
import type { Session } from '../session.js';
import {
  assignLocation,
  codeChallengeS256,
  createTransactionStore,
  currentPageUrl,
  REDIRECT_TRANSACTION_LIFETIME_MS,
  randomToken,
  readCallback,
  withoutCallbackParameters,
} from './redirectSupport.js';

/** Options of {@link signInWithRedirect}. */
export interface RedirectSignInOptions {
  /** @default the provider's scopes; `openid` is always included */
  scopes?: string[];
  /** Cognito: go straight to a federated IdP (`identity_provider`), e.g. `'Google'`. */
  identityProvider?: string;
  /**
   * Cognito: go straight to the federated IdP that has this identifier (`idp_identifier`), e.g.
   * the email domain a SAML provider is registered with. Not with `identityProvider`.
   */
  idpIdentifier?: string;
  /** `'login'` forces a new sign-in, `'none'` fails unless already signed in at the provider. */
  prompt?: 'none' | 'login' | 'consent' | 'select_account';
  /**
   * The user name or address the provider's sign-in page starts with (OpenID Connect's
   * `login_hint`, which Cognito's managed login reads too), e.g. what the user typed on your page.
   */
  loginHint?: string;
  /**
   * The language of the provider's sign-in pages, e.g. `'fr'` or `'pt-BR'`: Cognito's `lang`
   * (managed login reads it, the classic hosted UI does not; its languages are `de`, `en`, `es`,
   * `fr`, `id`, `it`, `ja`, `ko`, `pt-BR`, `zh-CN` and `zh-TW`), an OpenID Connect provider's
   * `ui_locales` (BCP 47 tags, several separated by spaces, the first preferred).
   */
  lang?: string;
  /** Anything JSON-serialisable, handed back by `handleRedirectCallback` (e.g. the page to return to). */
  appState?: unknown;
  /** Where the provider sends the user back. @default the provider's, else this page's URL */
  redirectUri?: string;
  /** Performs the navigation. @default `location.assign(url)` */
  navigate?: (url: string) => void | Promise<void>;
}

/** What {@link handleRedirectCallback} resolves with. */
export interface RedirectCallbackResult {
  /** The signed-in user's ID token claims. */
  user: IdTokenClaims;
  /** The `appState` given to `signInWithRedirect`, after a JSON round trip; undefined if none. */
  appState: unknown;
}

function requireHostedSignIn(internals: SessionInternals): HostedSignIn {
  const hosted = hostedSignInOf(internals.provider);
  if (!hosted) throw new SessionError('provider', 'This provider has no redirect sign-in.');
  return hosted;
}

/**
 * Starts a hosted sign-in: authorization code with PKCE (S256), random `state` and `nonce` kept
 * in sessionStorage, then navigates to the provider (Cognito's managed login needs
 * `cognito({ domain })`; an OIDC provider's comes from its discovery document).
 *
 * @example
 * ```ts
 * import { signInWithRedirect } from '@sessionkit/core';
 *
 * await signInWithRedirect(session, { appState: { returnTo: location.pathname } });
 * ```
 */
export async function signInWithRedirect(
  session: Session,
  options: RedirectSignInOptions = {},
): Promise<void> {
  if (options.identityProvider && options.idpIdentifier) {
    throw new TypeError('signInWithRedirect(): pass identityProvider or idpIdentifier, not both.');
  }
  const internals = internalsOf(session);
  const hosted = requireHostedSignIn(internals);
  const redirectUri = options.redirectUri ?? hosted.defaultRedirectUri ?? currentPageUrl();
  if (!redirectUri) {
    throw new SessionError(
      'provider',
      'signInWithRedirect needs a redirectUri outside a browser page.',
    );
  }
  const state = randomToken();
  const nonce = randomToken();
  const codeVerifier = randomToken();
  const codeChallenge = await codeChallengeS256(codeVerifier);
  const endpoints = await internals.call((context) => hosted.endpoints(context));
  const extra: Record<string, string> = {};
  if (options.identityProvider && hosted.identityProviderParameter) {
    extra[hosted.identityProviderParameter] = options.identityProvider;
  }
  if (options.idpIdentifier && hosted.idpIdentifierParameter) {
    extra[hosted.idpIdentifierParameter] = options.idpIdentifier;
  }
  if (options.lang) extra[hosted.languageParameter ?? 'ui_locales'] = options.lang;
  const url = buildAuthorizationUrl(
    endpoints.authorization,
    hosted.clientId,
    {
      redirectUri,
      state,
      nonce,
      codeChallenge,
      scopes: options.scopes ?? hosted.defaultScopes,
      ...(options.prompt ? { prompt: options.prompt } : {}),
      ...(options.loginHint ? { loginHint: options.loginHint } : {}),
    },
    extra,
  );
  createTransactionStore(internals.storageKey).save({
    state,
    nonce,
    codeVerifier,
    redirectUri,
    createdAt: internals.now(),
    ...(options.appState === undefined ? {} : { appState: options.appState }),
  });
  await (options.navigate ?? assignLocation)(url);
}

/**
 * Finishes a hosted sign-in on the callback page (default: the current URL): checks `state`,
 * exchanges the code, checks the ID token's `nonce`, removes the parameters from the address
 * bar, and resolves with the user and the `appState`. Rejects with `state_mismatch` for a
 * foreign or replayed callback and with `provider` for an error the provider sent back.
 *
 * @example
 * ```ts
 * import { handleRedirectCallback } from '@sessionkit/core';
 *
 * const { user, appState } = await handleRedirectCallback(session);
 * ```
 */
export async function handleRedirectCallback(
  session: Session,
  input?: string | URL,
): Promise<RedirectCallbackResult> {
  const internals = internalsOf(session);
  const hosted = requireHostedSignIn(internals);
  const location = (globalThis as { location?: Location }).location;
  const raw = input ?? location?.href;
  if (!raw)
    throw new SessionError('state_mismatch', 'handleRedirectCallback needs the callback URL.');
  const url = new URL(String(raw), location?.href);
  // Clean the address bar first: a reload must not replay the code, whatever happens next.
  const history = (globalThis as { history?: History }).history;
  if (location && history && url.href === new URL(location.href).href) {
    history.replaceState(history.state, '', withoutCallbackParameters(url));
  }
  const callback = readCallback(url);
  const transactions = createTransactionStore(internals.storageKey);
  const transaction = callback.state ? transactions.take(callback.state) : undefined;
  // The transaction first: an error callback nobody asked for is a link anyone could send, so
  // its text never reaches the message (content spoofing); it stays in `providerMessage`.
  if (!transaction) {
    throw new SessionError(
      'state_mismatch',
      'No sign-in started in this tab matches this callback (unknown or already used "state").',
    );
  }
  if (callback.kind === 'error') {
    throw new SessionError(
      'provider',
      'The provider refused the sign-in; see providerCode and providerMessage.',
      { providerCode: callback.error, providerMessage: callback.description },
    );
  }
  if (internals.now() - transaction.createdAt > REDIRECT_TRANSACTION_LIFETIME_MS) {
    throw new SessionError('state_mismatch', 'The sign-in took too long; start it again.');
  }
  const tokens = await internals.call(async (context) =>
    exchangeAuthorizationCode(
      context,
      (await hosted.endpoints(context)).token,
      hosted.clientId,
      callback.code,
      transaction.codeVerifier,
      transaction.redirectUri,
    ),
  );
  const state = await internals.establish(tokens, { nonce: transaction.nonce });
  return { user: signedInUser(state), appState: transaction.appState };
}
