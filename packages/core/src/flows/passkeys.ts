/**
 * The signed-in user's passkeys (docs/cognito-wire.md section 11): register one
 * (`StartWebAuthnRegistration`, the browser's `navigator.credentials.create`,
 * `CompleteWebAuthnRegistration`), list them (`ListWebAuthnCredentials`), delete one
 * (`DeleteWebAuthnCredential`). Each call is authorised by the session's access token, refreshed
 * first if about to expire. Signing in with a passkey is the `WEB_AUTHN` challenge
 * (passkeyCeremony.ts `answerWebAuthnChallenge`).
 */
import { SessionError } from '../errors.js';
import { accountApi, requireText } from '../providers/cognito/accountApi.js';
import { passkeyApiError } from '../providers/cognito/passkeyApi.js';
import type { Session } from '../session.js';
import { createPasskeyCredential, requireWebAuthn } from './passkeyCeremony.js';

/**
 * A passkey of the signed-in user, as {@link listPasskeys} returns it (Cognito's
 * `WebAuthnCredentialDescription`).
 *
 * @example
 * ```ts
 * import { listPasskeys } from '@sessionkit/core';
 *
 * const { passkeys } = await listPasskeys(session);
 * const rows = passkeys.map((passkey) => `${passkey.friendlyCredentialName} · ${passkey.createdAt?.toLocaleDateString()}`);
 * ```
 */
export interface Passkey {
  /** What {@link deletePasskey} takes (base64url). */
  credentialId: string;
  /** The name Cognito gave it (from the authenticator), safe to show. */
  friendlyCredentialName: string;
  /** The domain the passkey is bound to. */
  relyingPartyId: string;
  /** `'platform'` (built into the device) or `'cross-platform'` (a security key, a phone), if known. */
  authenticatorAttachment: string | undefined;
  /** How the browser reaches it: `'internal'`, `'usb'`, `'nfc'`, `'ble'`, `'hybrid'`… */
  authenticatorTransports: string[];
  /** When it was registered (Cognito's `CreatedAt`); undefined if absent. */
  createdAt: Date | undefined;
}

/**
 * Options of {@link listPasskeys}.
 *
 * @example
 * ```ts
 * import { listPasskeys, type ListPasskeysOptions } from '@sessionkit/core';
 *
 * const options: ListPasskeysOptions = { maxResults: 10 };
 * const first = await listPasskeys(session, options);
 * if (first.nextToken) await listPasskeys(session, { ...options, nextToken: first.nextToken });
 * ```
 */
export interface ListPasskeysOptions {
  /** At most this many passkeys per page (Cognito allows 0–20). @default Cognito's default */
  maxResults?: number;
  /** The `nextToken` of the previous page. */
  nextToken?: string;
}

/**
 * A page of {@link listPasskeys}.
 *
 * @example
 * ```ts
 * import { listPasskeys, type PasskeyList } from '@sessionkit/core';
 *
 * const { passkeys, nextToken }: PasskeyList = await listPasskeys(session);
 * ```
 */
export interface PasskeyList {
  /** The user's passkeys on this page, in Cognito's order (entries without an id left out). */
  passkeys: Passkey[];
  /** Pass it to the next call for the next page; absent on the last page. */
  nextToken?: string;
}

function toDate(value: unknown): Date | undefined {
  // AWS JSON 1.1 sends timestamps as epoch seconds (with a fraction).
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  return undefined;
}

/** A `ListWebAuthnCredentials` entry as a {@link Passkey}; `null` without a credential id. */
export function readPasskey(raw: unknown): Passkey | null {
  const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (typeof entry.CredentialId !== 'string' || entry.CredentialId === '') return null;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const transports = Array.isArray(entry.AuthenticatorTransports)
    ? entry.AuthenticatorTransports.filter((item): item is string => typeof item === 'string')
    : [];
  return {
    credentialId: entry.CredentialId,
    friendlyCredentialName: text(entry.FriendlyCredentialName),
    relyingPartyId: text(entry.RelyingPartyId),
    authenticatorAttachment: text(entry.AuthenticatorAttachment) || undefined,
    authenticatorTransports: transports,
    createdAt: toDate(entry.CreatedAt),
  };
}

/**
 * Registers a passkey for the signed-in user: Cognito's creation options
 * (`StartWebAuthnRegistration`), the browser's prompt (`navigator.credentials.create`), then
 * `CompleteWebAuthnRegistration` with the new credential. Call it from a user's click (browsers
 * may refuse the prompt otherwise). Rejects with `signed_out` when nobody is signed in,
 * `provider` when the browser has no WebAuthn (checked before any request) or the pool has no
 * passkeys (`WebAuthnNotEnabledException`, `WebAuthnConfigurationMissingException`) or this page's
 * origin does not match the pool's relying party id, `cancelled` when the user dismisses the
 * prompt, `challenge` when the authenticator already holds a passkey of the account
 * (`InvalidStateError`) or the registration took too long (`WebAuthnChallengeNotFoundException`).
 *
 * @example
 * ```ts
 * import { isSessionError, registerPasskey } from '@sessionkit/core';
 *
 * export async function onAddPasskeyClick() {
 *   try {
 *     await registerPasskey(session);
 *   } catch (error) {
 *     if (isSessionError(error) && error.code === 'cancelled') return; // the user said no
 *     showError(isSessionError(error) ? error.message : 'Something went wrong.');
 *   }
 * }
 * ```
 */
export async function registerPasskey(session: Session): Promise<void> {
  const what = 'registerPasskey()';
  const { internals, callApi } = accountApi(session, what);
  requireWebAuthn(what);
  const accessToken = await session.getAccessToken();
  const started = await internals.call((context) =>
    callApi(context, 'StartWebAuthnRegistration', { AccessToken: accessToken }, passkeyApiError),
  );
  const options = (started.json as { CredentialCreationOptions?: unknown } | null)
    ?.CredentialCreationOptions;
  if (options === undefined || options === null) {
    throw new SessionError(
      'invalid_response',
      'StartWebAuthnRegistration answered without CredentialCreationOptions.',
    );
  }
  const credential = await createPasskeyCredential(what, options);
  // The prompt may have taken a while: the token is read again (refreshed if it expired meanwhile).
  const token = await session.getAccessToken();
  await internals.call((context) =>
    callApi(
      context,
      'CompleteWebAuthnRegistration',
      { AccessToken: token, Credential: credential },
      passkeyApiError,
    ),
  );
}

/**
 * Lists the signed-in user's passkeys (`ListWebAuthnCredentials`), a page at a time. Rejects with
 * `signed_out` when nobody is signed in.
 *
 * @example
 * ```ts
 * import { listPasskeys, type Passkey } from '@sessionkit/core';
 *
 * const all: Passkey[] = [];
 * let page = await listPasskeys(session);
 * all.push(...page.passkeys);
 * while (page.nextToken) {
 *   page = await listPasskeys(session, { nextToken: page.nextToken });
 *   all.push(...page.passkeys);
 * }
 * ```
 */
export async function listPasskeys(
  session: Session,
  options: ListPasskeysOptions = {},
): Promise<PasskeyList> {
  const { internals, callApi } = accountApi(session, 'listPasskeys()');
  const accessToken = await session.getAccessToken();
  const input = {
    AccessToken: accessToken,
    // JSON.stringify leaves MaxResults out when it is undefined.
    MaxResults: options.maxResults,
    ...(options.nextToken ? { NextToken: options.nextToken } : {}),
  };
  const response = await internals.call((context) =>
    callApi(context, 'ListWebAuthnCredentials', input, passkeyApiError),
  );
  const body = (response.json ?? {}) as { Credentials?: unknown; NextToken?: unknown };
  const passkeys = (Array.isArray(body.Credentials) ? body.Credentials : [])
    .map(readPasskey)
    .filter((passkey): passkey is Passkey => passkey !== null);
  return typeof body.NextToken === 'string' && body.NextToken
    ? { passkeys, nextToken: body.NextToken }
    : { passkeys };
}

/**
 * Deletes one of the signed-in user's passkeys (`DeleteWebAuthnCredential`) by its
 * `credentialId` from {@link listPasskeys}. Cognito forgets it; the authenticator may keep it
 * until the user removes it there. Rejects with `signed_out` when nobody is signed in,
 * `challenge` for a passkey Cognito does not know (`ResourceNotFoundException`).
 *
 * @example
 * ```ts
 * import { deletePasskey, listPasskeys } from '@sessionkit/core';
 *
 * const { passkeys } = await listPasskeys(session);
 * const [oldest] = passkeys;
 * if (oldest) await deletePasskey(session, oldest.credentialId);
 * ```
 */
export async function deletePasskey(session: Session, credentialId: string): Promise<void> {
  const { internals, callApi } = accountApi(session, 'deletePasskey()');
  requireText('deletePasskey()', 'credentialId', credentialId);
  const accessToken = await session.getAccessToken();
  await internals.call((context) =>
    callApi(
      context,
      'DeleteWebAuthnCredential',
      { AccessToken: accessToken, CredentialId: credentialId },
      passkeyApiError,
    ),
  );
}
