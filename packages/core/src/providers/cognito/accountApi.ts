/**
 * What the account flows (sign-up, password reset, password change, the profile, global
 * sign-out) share: the cognito() provider check, the JSON API call, the calls made with the
 * user's access token, Cognito's `CodeDeliveryDetails`; their errors are mapped in
 * accountErrors.ts.
 */
import { isSessionError, SessionError } from '../../errors.js';
import { internalsOf } from '../../session/internals.js';
import type { Session } from '../../session.js';
import type { ProviderResponse } from '../http.js';
import { signedInApiError } from './accountErrors.js';
import type { CognitoProvider } from './cognito.js';
import { createCognitoApi } from './cognitoApi.js';

/**
 * Where Cognito sent a code (its `CodeDeliveryDetails`): `'EMAIL'` or `'SMS'`, the masked address
 * or number (`a***@e***`, `+*******0123`), and the attribute it went to (`email`, `phone_number`).
 *
 * @example
 * ```ts
 * import { signUp } from '@sessionkit/core';
 *
 * const result = await signUp(session, { username: 'alice', password, attributes: { email: 'alice@example.com' } });
 * if (result.status === 'confirmSignUp' && result.codeDelivery) {
 *   showMessage(`We sent a code to ${result.codeDelivery.destination}.`);
 * }
 * ```
 */
export interface CodeDeliveryDetails {
  /** `'EMAIL'` for a code sent by email, `'SMS'` for one sent by text message. */
  medium: 'EMAIL' | 'SMS';
  /** Masked by Cognito: safe to show. */
  destination: string;
  /** The attribute the code went to (`email`, `phone_number`); `''` when Cognito named none. */
  attributeName: string;
}

/** The session's Cognito provider and its JSON API; `provider` SessionError for another provider. */
export function accountApi(session: Session, what: string) {
  const internals = internalsOf(session);
  const provider = internals.provider as Partial<CognitoProvider>;
  if (provider.kind !== 'cognito') {
    throw new SessionError('provider', `${what} needs the cognito() provider.`);
  }
  const cognito = provider as CognitoProvider;
  return { internals, provider: cognito, callApi: createCognitoApi(cognito.endpoint) };
}

/** A required string argument, refused before any request (the message never repeats it). */
export function requireText(what: string, name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${what}: ${name} must be a non-empty string.`);
  }
  return value;
}

/** An optional map under its request field (`ClientMetadata`…); nothing when absent. */
export function metadata(name: string, value: Record<string, string> | undefined) {
  return value === undefined ? {} : { [name]: value };
}

/** A map as Cognito's `[{ Name, Value }]` list (`UserAttributes`, `ValidationData`). */
export function nameValues(record: Record<string, string> | undefined) {
  return Object.entries(record ?? {}).map(([Name, Value]) => ({ Name, Value }));
}

/** Reads `CodeDeliveryDetails`; `undefined` when Cognito sent none (or an unknown medium). */
export function readCodeDelivery(body: unknown): CodeDeliveryDetails | undefined {
  const raw = (body as { CodeDeliveryDetails?: Record<string, unknown> } | null)
    ?.CodeDeliveryDetails;
  const medium = raw?.DeliveryMedium;
  if (medium !== 'EMAIL' && medium !== 'SMS') return undefined;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    medium,
    destination: text(raw?.Destination),
    attributeName: text(raw?.AttributeName),
  };
}

/**
 * One JSON API call with the session's access token (refreshed first if about to expire;
 * `signed_out` when nobody is signed in). When Cognito refuses the token for good (revoked by a
 * global sign-out elsewhere, or the user deleted), the refresh token is dead too: a refresh
 * confirms it and ends the session in every tab with the refresh's reason; then the call's error
 * is thrown. docs/cognito-wire.md section 10.
 */
export async function signedInCall(
  session: Session,
  what: string,
  operation: string,
  input: object,
): Promise<ProviderResponse> {
  const { internals, callApi } = accountApi(session, what);
  const accessToken = await session.getAccessToken();
  try {
    return await internals.call((context) =>
      callApi(context, operation, { AccessToken: accessToken, ...input }, signedInApiError),
    );
  } catch (error) {
    if (isSessionError(error) && error.signOutReason) await session.refresh().catch(() => {});
    throw error;
  }
}
