/**
 * WebAuthn Level 3's JSON forms, as Cognito sends and takes them (docs/cognito-wire.md section
 * 11); binary fields are base64url without padding. Converted by webAuthnJson.ts.
 */

/** A credential id with its transports, as `excludeCredentials` and `allowCredentials` list them. */
export interface WebAuthnCredentialDescriptorJSON {
  /** Always `'public-key'`, WebAuthn's one credential type. */
  type: 'public-key';
  /** base64url */
  id: string;
  /** How the browser reaches the authenticator (`'internal'`, `'usb'`, `'nfc'`, `'hybrid'`…). */
  transports?: string[];
}

/**
 * `PublicKeyCredentialCreationOptionsJSON`: what `StartWebAuthnRegistration` returns as
 * `CredentialCreationOptions`.
 *
 * @example
 * ```ts
 * import { creationOptionsFromJSON, type WebAuthnCreationOptionsJSON } from '@sessionkit/core';
 *
 * const json: WebAuthnCreationOptionsJSON = {
 *   rp: { id: 'app.example', name: 'App' },
 *   user: { id: 'dXNlci0x', name: 'alice', displayName: 'Alice' },
 *   challenge: 'Y2hhbGxlbmdl',
 *   pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
 * };
 * const options = creationOptionsFromJSON(json);
 * ```
 */
export interface WebAuthnCreationOptionsJSON {
  /** The relying party: `id` is the domain the passkey is bound to (the page's when absent). */
  rp: { id?: string; name: string };
  /** `id` is base64url. */
  user: { id: string; name: string; displayName: string };
  /** base64url */
  challenge: string;
  /** The key algorithms accepted, as COSE ids, preferred first (e.g. `-7` ES256, `-257` RS256). */
  pubKeyCredParams: { type: 'public-key'; alg: number }[];
  /** How long the browser's prompt may take, in ms (a hint the browser may adjust). */
  timeout?: number;
  /** The user's existing passkeys: an authenticator holding one refuses to register another. */
  excludeCredentials?: WebAuthnCredentialDescriptorJSON[];
  /** What the authenticator must be: its attachment, resident key and user verification. */
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  /** The authenticator kinds to offer first: `'security-key'`, `'client-device'`, `'hybrid'`. */
  hints?: string[];
  /** How much attestation is wanted: `'none'`, `'indirect'`, `'direct'` or `'enterprise'`. */
  attestation?: string;
  /** The attestation statement formats wanted, preferred first (e.g. `'packed'`). */
  attestationFormats?: string[];
  /** WebAuthn extension inputs by extension name, e.g. `prf`. */
  extensions?: Record<string, unknown>;
}

/**
 * `PublicKeyCredentialRequestOptionsJSON`: what Cognito's `WEB_AUTHN` sign-in challenge sends as
 * `CREDENTIAL_REQUEST_OPTIONS` (a JSON string of it).
 *
 * @example
 * ```ts
 * import { requestOptionsFromJSON, type WebAuthnRequestOptionsJSON } from '@sessionkit/core';
 *
 * const json: WebAuthnRequestOptionsJSON = { challenge: 'Y2hhbGxlbmdl', rpId: 'app.example', userVerification: 'preferred' };
 * const options = requestOptionsFromJSON(json);
 * ```
 */
export interface WebAuthnRequestOptionsJSON {
  /** base64url */
  challenge: string;
  /** How long the browser's prompt may take, in ms (a hint the browser may adjust). */
  timeout?: number;
  /** The domain the passkey must be bound to; the page's own domain when absent. */
  rpId?: string;
  /** The passkeys that may answer; absent or empty: any discoverable passkey for `rpId`. */
  allowCredentials?: WebAuthnCredentialDescriptorJSON[];
  /** User verification (PIN, biometrics): `'required'`, `'preferred'` or `'discouraged'`. */
  userVerification?: string;
  /** The authenticator kinds to offer first: `'security-key'`, `'client-device'`, `'hybrid'`. */
  hints?: string[];
  /** WebAuthn extension inputs by extension name, e.g. `prf`. */
  extensions?: Record<string, unknown>;
}

/**
 * `RegistrationResponseJSON`: a new passkey, as `CompleteWebAuthnRegistration` takes it.
 *
 * @example
 * ```ts
 * import { registrationToJSON, type WebAuthnRegistrationJSON } from '@sessionkit/core';
 *
 * declare const options: PublicKeyCredentialCreationOptions;
 * const credential = await navigator.credentials.create({ publicKey: options });
 * const json: WebAuthnRegistrationJSON = registrationToJSON(credential as PublicKeyCredential);
 * ```
 */
export interface WebAuthnRegistrationJSON {
  /** The new credential's id, base64url. */
  id: string;
  /** The same id as `id`, base64url (WebAuthn keeps both). */
  rawId: string;
  /** Always `'public-key'`, WebAuthn's one credential type. */
  type: 'public-key';
  /** The authenticator's answer, binary fields base64url; optional ones if the browser has them. */
  response: {
    clientDataJSON: string;
    attestationObject: string;
    transports?: string[];
    authenticatorData?: string;
    publicKey?: string;
    publicKeyAlgorithm?: number;
  };
  /** The browser's extension outputs by extension name; `{}` when there are none. */
  clientExtensionResults: Record<string, unknown>;
  /** `'platform'` or `'cross-platform'`: the authenticator that answered, if the browser says. */
  authenticatorAttachment?: string;
}

/**
 * `AuthenticationResponseJSON`: a passkey's signature, the `CREDENTIAL` of the `WEB_AUTHN`
 * challenge (as a JSON string).
 *
 * @example
 * ```ts
 * import { authenticationToJSON, type WebAuthnAuthenticationJSON } from '@sessionkit/core';
 *
 * declare const options: PublicKeyCredentialRequestOptions;
 * const credential = await navigator.credentials.get({ publicKey: options });
 * const json: WebAuthnAuthenticationJSON = authenticationToJSON(credential as PublicKeyCredential);
 * ```
 */
export interface WebAuthnAuthenticationJSON {
  /** The id of the passkey that signed, base64url. */
  id: string;
  /** The same id as `id`, base64url (WebAuthn keeps both). */
  rawId: string;
  /** Always `'public-key'`, WebAuthn's one credential type. */
  type: 'public-key';
  /** The authenticator's answer, binary fields base64url; `userHandle` when there is one. */
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle?: string;
  };
  /** The browser's extension outputs by extension name; `{}` when there are none. */
  clientExtensionResults: Record<string, unknown>;
  /** `'platform'` or `'cross-platform'`: the authenticator that answered, if the browser says. */
  authenticatorAttachment?: string;
}
