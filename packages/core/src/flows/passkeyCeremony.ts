/**
 * The browser half of passkeys: `navigator.credentials.create` and `.get` with Cognito's JSON
 * options (webAuthnJson.ts), and their failures as SessionErrors. A browser without WebAuthn is a
 * `provider` error that says so; the user dismissing the prompt is `cancelled`; an authenticator
 * that already holds a passkey of the account (`InvalidStateError`) is `challenge`.
 */
import { isSessionError, SessionError } from '../errors.js';
import {
  authenticationToJSON,
  creationOptionsFromJSON,
  registrationToJSON,
  requestOptionsFromJSON,
} from './webAuthnJson.js';
import type {
  WebAuthnCreationOptionsJSON,
  WebAuthnRegistrationJSON,
  WebAuthnRequestOptionsJSON,
} from './webAuthnJsonTypes.js';

type Ceremony = 'create' | 'get';

/** `navigator.credentials`, or a `provider` SessionError naming what the browser lacks. */
export function requireWebAuthn(what: string): CredentialsContainer {
  const container = (globalThis as { navigator?: { credentials?: CredentialsContainer } }).navigator
    ?.credentials;
  const hasApi =
    typeof (globalThis as { PublicKeyCredential?: unknown }).PublicKeyCredential === 'function' &&
    typeof container?.create === 'function' &&
    typeof container.get === 'function';
  if (!container || !hasApi) {
    const insecure = (globalThis as { isSecureContext?: boolean }).isSecureContext === false;
    throw new SessionError(
      'provider',
      `${what}: this browser does not support passkeys (WebAuthn: navigator.credentials and ` +
        `PublicKeyCredential are missing${insecure ? '; the page is not served over https' : ''}).`,
    );
  }
  return container;
}

const DOM_ERRORS: Record<string, { code: 'cancelled' | 'challenge' | 'provider'; hint: string }> = {
  NotAllowedError: {
    code: 'cancelled',
    hint: 'The passkey prompt was dismissed or timed out, or no passkey of this account is on this device.',
  },
  AbortError: { code: 'cancelled', hint: 'The passkey prompt was aborted.' },
  SecurityError: {
    code: 'provider',
    hint: "The browser refused the passkey's relying party id for this page (it must be the page's domain or a parent of it, served over https).",
  },
  NotSupportedError: {
    code: 'provider',
    hint: 'No authenticator here supports what the user pool asks for (key algorithm or kind of passkey).',
  },
  ConstraintError: {
    code: 'provider',
    hint: 'No authenticator here can do what the user pool requires (user verification or a discoverable passkey).',
  },
};

const ALREADY_REGISTERED =
  'This authenticator already holds a passkey for this account; use it, or choose another authenticator.';

/** A WebAuthn failure as a SessionError; the browser's exception is its `cause`. */
export function ceremonyError(error: unknown, ceremony: Ceremony): SessionError {
  if (isSessionError(error)) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name === 'InvalidStateError' && ceremony === 'create') {
    return new SessionError('challenge', ALREADY_REGISTERED, { cause: error });
  }
  const known =
    typeof name === 'string' && Object.hasOwn(DOM_ERRORS, name) ? DOM_ERRORS[name] : undefined;
  if (known) return new SessionError(known.code, known.hint, { cause: error });
  return new SessionError(
    'provider',
    `The browser's passkey ${ceremony === 'create' ? 'registration' : 'sign-in'} failed.`,
    { cause: error },
  );
}

function readJson<T>(value: unknown, what: string): T {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      throw new SessionError('invalid_response', `${what} is not JSON.`, { cause: error });
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SessionError('invalid_response', `${what} is not a JSON object.`);
  }
  return parsed as T;
}

/** Cognito's creation options (a JSON object or its text) → a new passkey as JSON. */
export async function createPasskeyCredential(
  what: string,
  options: unknown,
): Promise<WebAuthnRegistrationJSON> {
  const container = requireWebAuthn(what);
  const json = readJson<WebAuthnCreationOptionsJSON>(options, 'CredentialCreationOptions');
  let credential: Credential | null;
  try {
    credential = await container.create({ publicKey: creationOptionsFromJSON(json) });
  } catch (error) {
    throw ceremonyError(error, 'create');
  }
  if (!credential) throw ceremonyError(null, 'create');
  return registrationToJSON(credential as PublicKeyCredential);
}

/**
 * Answers Cognito's `WEB_AUTHN` sign-in challenge: takes its `CREDENTIAL_REQUEST_OPTIONS` (the
 * JSON text, or parsed, as a sign-in's `WEB_AUTHN` step has it in `credentialRequestOptions`), asks the browser for a passkey of the account
 * (`navigator.credentials.get`), and resolves the `CREDENTIAL` to send back: an
 * `AuthenticationResponseJSON` as a JSON string. Rejects with `cancelled` when the user dismisses
 * the prompt (or no passkey of the account is on the device: the browser does not say which),
 * `provider` when the browser has no WebAuthn or refuses the relying party id, `invalid_response`
 * when the options are not JSON.
 *
 * @example
 * ```ts
 * import { answerWebAuthnChallenge, isSessionError } from '@sessionkit/core';
 *
 * export async function credentialFor(credentialRequestOptions: string): Promise<string | null> {
 *   try {
 *     return await answerWebAuthnChallenge(credentialRequestOptions);
 *   } catch (error) {
 *     if (isSessionError(error) && error.code === 'cancelled') return null; // the user said no
 *     throw error;
 *   }
 * }
 * ```
 */
export async function answerWebAuthnChallenge(
  credentialRequestOptions: string | WebAuthnRequestOptionsJSON | unknown,
): Promise<string> {
  const container = requireWebAuthn('answerWebAuthnChallenge()');
  const json = readJson<WebAuthnRequestOptionsJSON>(
    credentialRequestOptions,
    'CREDENTIAL_REQUEST_OPTIONS',
  );
  let credential: Credential | null;
  try {
    credential = await container.get({ publicKey: requestOptionsFromJSON(json) });
  } catch (error) {
    throw ceremonyError(error, 'get');
  }
  if (!credential) throw ceremonyError(null, 'get');
  return JSON.stringify(authenticationToJSON(credential as PublicKeyCredential));
}
