import { SessionError } from '../../errors.js';
import type { HostedSignIn, IdentityProvider } from '../types.js';
import type { CognitoProvider } from './cognito.js';

/**
 * Cognito's managed login (hosted UI) as the redirect flows see it. Built from the provider's
 * settings when a redirect flow runs, so `cognito()` and a session that never redirects carry
 * none of it.
 */
function cognitoHostedSignIn(provider: CognitoProvider): HostedSignIn {
  const { clientId, domainUrl } = provider;
  return {
    clientId,
    defaultRedirectUri: provider.redirectUri,
    defaultScopes: provider.scopes ?? ['openid', 'email', 'profile'],
    identityProviderParameter: 'identity_provider',
    idpIdentifierParameter: 'idp_identifier',
    languageParameter: 'lang',
    async endpoints() {
      if (!domainUrl) {
        throw new SessionError(
          'provider',
          'Redirect sign-in needs the user pool domain: pass cognito({ domain }).',
        );
      }
      return {
        authorization: `${domainUrl}/oauth2/authorize`,
        token: `${domainUrl}/oauth2/token`,
        logout: { url: `${domainUrl}/logout`, style: 'cognito' },
      };
    },
  };
}

/** The hosted sign-in of a provider: its own (`oidc()`, a custom provider), or Cognito's. */
export function hostedSignInOf(provider: IdentityProvider): HostedSignIn | undefined {
  if (provider.hostedSignIn) return provider.hostedSignIn;
  const cognito = provider as Partial<CognitoProvider>;
  return cognito.kind === 'cognito' ? cognitoHostedSignIn(cognito as CognitoProvider) : undefined;
}
