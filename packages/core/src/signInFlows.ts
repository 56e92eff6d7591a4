import type { IdTokenClaims } from './claimsTypes.js';
import { SessionError } from './errors.js';
import type { PasswordSignInStep, ProviderContext, SessionProvider } from './providers/types.js';
import {
  assignLocation,
  codeChallengeS256,
  createTransactionStore,
  currentPageUrl,
  REDIRECT_TRANSACTION_LIFETIME_MS,
  randomToken,
  readCallback,
  withoutCallbackParameters,
} from './redirectSignIn.js';
import type { SessionState, TokenSet } from './types.js';

/** Where a password sign-in stands: signed in, or a challenge to answer. */
export type PasswordSignInResult =
  | { status: 'signedIn'; user: IdTokenClaims }
  | {
      status: 'challenge';
      /** Cognito's challenge name: `NEW_PASSWORD_REQUIRED`, `SOFTWARE_TOKEN_MFA`, `SMS_MFA`, … */
      name: string;
      /** The challenge parameters, JSON strings decoded (e.g. `requiredAttributes: ['name']`). */
      parameters: Record<string, unknown>;
      /**
       * Answers with Cognito's `ChallengeResponses` (`USERNAME` is added for you), e.g.
       * `{ NEW_PASSWORD: '…' }`, `{ SOFTWARE_TOKEN_MFA_CODE: '123456' }`, `{ SMS_MFA_CODE: '…' }`.
       * Resolves with the next step; may be called again after a wrong code.
       */
      respond(answers: Record<string, string>): Promise<PasswordSignInResult>;
    };

/** Options of `signInWithRedirect`. */
export interface RedirectSignInOptions {
  /** @default the provider's scopes; `openid` is always included */
  scopes?: string[];
  /** Cognito: go straight to a federated IdP (`identity_provider`), e.g. `'Google'`. */
  identityProvider?: string;
  /** `'login'` forces a new sign-in, `'none'` fails unless already signed in at the provider. */
  prompt?: 'none' | 'login' | 'consent' | 'select_account';
  /** Anything JSON-serialisable, handed back by `handleRedirectCallback` (e.g. the page to return to). */
  appState?: unknown;
  /** Where the provider sends the user back. @default the provider's, else this page's URL */
  redirectUri?: string;
  /** Performs the navigation. @default `location.assign(url)` */
  navigate?: (url: string) => void | Promise<void>;
}

/** What `handleRedirectCallback` resolves with. */
export interface RedirectCallbackResult {
  user: IdTokenClaims;
  appState: unknown;
}

interface SignInDeps {
  provider: SessionProvider;
  namespace: string;
  now: () => number;
  /** Runs a provider call with the session's timeout. */
  call<T>(task: (context: ProviderContext) => Promise<T>): Promise<T>;
  /** Validates (with the nonce of a redirect), stores and adopts tokens, as `setTokens` does. */
  establish(tokens: TokenSet, expected: { nonce?: string }): Promise<SessionState>;
}

function signedInUser(state: SessionState): IdTokenClaims {
  if (state.status !== 'signedIn') {
    throw new SessionError('signed_out', 'The sign-in was overtaken by a sign-out.');
  }
  return state.user;
}

/** The sign-in steps of a session: password with challenges, and redirect with PKCE. */
export function createSignInFlows(deps: SignInDeps) {
  const { provider } = deps;
  const transactions = createTransactionStore(deps.namespace);

  async function toResult(step: PasswordSignInStep): Promise<PasswordSignInResult> {
    if (step.kind === 'tokens') {
      return { status: 'signedIn', user: signedInUser(await deps.establish(step.tokens, {})) };
    }
    const respondToChallenge = provider.respondToChallenge;
    return {
      status: 'challenge',
      name: step.name,
      parameters: step.parameters,
      async respond(answers) {
        if (!respondToChallenge) {
          throw new SessionError('challenge', 'This provider cannot answer sign-in challenges.');
        }
        return toResult(await deps.call((context) => respondToChallenge(step, answers, context)));
      },
    };
  }

  function requireRedirect() {
    if (!provider.redirect) {
      throw new SessionError('provider', 'This provider has no redirect sign-in.');
    }
    return provider.redirect;
  }

  return {
    async signInWithPassword(username: string, password: string): Promise<PasswordSignInResult> {
      const start = provider.signInWithPassword;
      if (!start) throw new SessionError('provider', 'This provider has no password sign-in.');
      return toResult(await deps.call((context) => start(username, password, context)));
    },

    async signInWithRedirect(options: RedirectSignInOptions = {}): Promise<void> {
      const redirect = requireRedirect();
      const redirectUri = options.redirectUri ?? redirect.defaultRedirectUri ?? currentPageUrl();
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
      const url = await deps.call((context) =>
        redirect.authorizationUrl(
          {
            redirectUri,
            state,
            nonce,
            codeChallenge,
            scopes: options.scopes ?? redirect.defaultScopes,
            ...(options.identityProvider ? { identityProvider: options.identityProvider } : {}),
            ...(options.prompt ? { prompt: options.prompt } : {}),
          },
          context,
        ),
      );
      transactions.save({
        state,
        nonce,
        codeVerifier,
        redirectUri,
        createdAt: deps.now(),
        ...(options.appState === undefined ? {} : { appState: options.appState }),
      });
      await (options.navigate ?? assignLocation)(url);
    },

    async handleRedirectCallback(input?: string | URL): Promise<RedirectCallbackResult> {
      const redirect = requireRedirect();
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
      const transaction = callback.state ? transactions.take(callback.state) : undefined;
      if (callback.kind === 'error') {
        const detail = callback.description ? `: ${callback.description}` : '';
        throw new SessionError(
          'provider',
          `The provider refused the sign-in (${callback.error}${detail}).`,
          {
            providerCode: callback.error,
          },
        );
      }
      if (!transaction) {
        throw new SessionError(
          'state_mismatch',
          'No sign-in started in this tab matches this callback (unknown or already used "state").',
        );
      }
      if (deps.now() - transaction.createdAt > REDIRECT_TRANSACTION_LIFETIME_MS) {
        throw new SessionError('state_mismatch', 'The sign-in took too long; start it again.');
      }
      const tokens = await deps.call((context) =>
        redirect.exchangeCode(
          callback.code,
          transaction.codeVerifier,
          transaction.redirectUri,
          context,
        ),
      );
      const state = await deps.establish(tokens, { nonce: transaction.nonce });
      return { user: signedInUser(state), appState: transaction.appState };
    },

    /** Where `signOut({ redirect: true })` goes, or undefined without a hosted session. */
    logoutUrl(idToken: string, returnTo: string): Promise<string | undefined> {
      const redirect = provider.redirect;
      if (!redirect) return Promise.resolve(undefined);
      return deps.call((context) => redirect.logoutUrl({ idToken, returnTo }, context));
    },
  };
}
