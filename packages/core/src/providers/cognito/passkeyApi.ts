/**
 * The errors of Cognito's passkey operations (`StartWebAuthnRegistration`,
 * `CompleteWebAuthnRegistration`, `ListWebAuthnCredentials`, `DeleteWebAuthnCredential`; AWS's
 * API reference, docs/cognito-wire.md section 11) in our own words; Cognito's text stays in
 * `providerMessage`. Anything else is mapped as the account operations map it (accountApi.ts).
 */
import { SessionError } from '../../errors.js';
import type { ProviderResponse } from '../http.js';
import { accountApiError } from './accountErrors.js';
import { cognitoErrorName } from './cognitoErrors.js';

type Known = { code: 'challenge' | 'provider'; hint: string };

const PASSKEY_ERRORS: Record<string, Known> = {
  WebAuthnNotEnabledException: {
    code: 'provider',
    hint: 'Passkeys are not turned on for this user pool (its sign-in options must allow passkeys, WEB_AUTHN, in the Essentials tier or higher).',
  },
  WebAuthnConfigurationMissingException: {
    code: 'provider',
    hint: 'The user pool has neither a passkey relying party id nor a domain: set one of them.',
  },
  WebAuthnChallengeNotFoundException: {
    code: 'challenge',
    hint: 'The passkey registration took too long or was already completed; start it again.',
  },
  WebAuthnRelyingPartyMismatchException: {
    code: 'provider',
    hint: "The passkey was made for another domain than the user pool's relying party id.",
  },
  WebAuthnOriginNotAllowedException: {
    code: 'provider',
    hint: "This page's origin does not match the user pool's passkey relying party id.",
  },
  WebAuthnCredentialNotSupportedException: {
    code: 'challenge',
    hint: 'The user pool does not accept this kind of passkey; try another authenticator.',
  },
  WebAuthnClientMismatchException: {
    code: 'provider',
    hint: 'The passkey registration was started with another app client.',
  },
  ResourceNotFoundException: {
    code: 'challenge',
    hint: 'This passkey does not exist (it may have been deleted already).',
  },
};

/** Maps a failed passkey call. */
export function passkeyApiError(response: ProviderResponse, now: number): SessionError {
  const name = cognitoErrorName(response);
  const known = name && Object.hasOwn(PASSKEY_ERRORS, name) ? PASSKEY_ERRORS[name] : undefined;
  if (!known || !name) return accountApiError(response, now);
  const body = (response.isJson ? response.json : {}) as { message?: unknown };
  const message = typeof body.message === 'string' ? body.message : '';
  return new SessionError(known.code, `${known.hint} (${name})`, {
    status: response.status,
    providerCode: name,
    ...(message ? { providerMessage: message } : {}),
  });
}
