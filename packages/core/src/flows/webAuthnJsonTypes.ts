/**
 * WebAuthn Level 3's JSON forms, as Cognito sends and takes them (docs/cognito-wire.md section
 * 11); binary fields are base64url without padding. Converted by webAuthnJson.ts.
 */

/** A credential id with its transports, as `excludeCredentials` and `allowCredentials` list them. */
export interface WebAuthnCredentialDescriptorJSON {
  type: 'public-key';
  /** base64url */
  id: string;
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
  rp: { id?: string; name: string };
  /** `id` is base64url. */
  user: { id: string; name: string; displayName: string };
  /** base64url */
  challenge: string;
  pubKeyCredParams: { type: 'public-key'; alg: number }[];
  timeout?: number;
  excludeCredentials?: WebAuthnCredentialDescriptorJSON[];
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  hints?: string[];
  attestation?: string;
  attestationFormats?: string[];
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
  timeout?: number;
  rpId?: string;
  allowCredentials?: WebAuthnCredentialDescriptorJSON[];
  userVerification?: string;
  hints?: string[];
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
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    attestationObject: string;
    transports?: string[];
    authenticatorData?: string;
    publicKey?: string;
    publicKeyAlgorithm?: number;
  };
  clientExtensionResults: Record<string, unknown>;
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
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle?: string;
  };
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment?: string;
}
